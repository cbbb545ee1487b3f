package web

import "github.com/labstack/echo/v4"

func (h *handlers) referenceRoutes(g *echo.Group) {}
