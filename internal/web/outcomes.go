package web

import "github.com/labstack/echo/v4"

func (h *handlers) outcomeRoutes(g *echo.Group) {}
