package web

import "github.com/labstack/echo/v4"

func (h *handlers) caseRoutes(g *echo.Group) {}
