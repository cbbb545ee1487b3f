package server_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/server"
)

// An error page that fails is logged, not dropped.
func TestFailingErrorPageIsLogged(t *testing.T) {
	var buf bytes.Buffer
	s := server.New(server.Config{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	s.HandlePageErrors(func(c echo.Context, status int, _ string, _ map[string]string, _ bool) error {
		return errors.New("template error: no such field")
	})
	s.GET("/pagina", func(echo.Context) error { return echo.NewHTTPError(http.StatusNotFound) })
	s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/pagina", nil))
	if !strings.Contains(buf.String(), `"msg":"error page failed"`) ||
		!strings.Contains(buf.String(), "no such field") {
		t.Errorf("the failing error page is not logged: %s", buf.String())
	}
}
