package web

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
)

//go:embed static
var staticFS embed.FS

// The vendored fonts are woff2, which not every system's MIME table names.
func init() { _ = mime.AddExtensionType(".woff2", "font/woff2") }

// staticFiles serves the embedded assets (vendored by scripts/assets.sh and our own).
func staticFiles() echo.HandlerFunc {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
