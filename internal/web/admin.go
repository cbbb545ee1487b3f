package web

import "github.com/labstack/echo/v4"

func (h *handlers) adminRoutes(g *echo.Group) {}
