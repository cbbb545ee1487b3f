package server

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"

	"github.com/labstack/echo/v4"
)

const keyClientRequestID = "startbaan.client_request_id"

// clientRequestIDForm is what a client's own X-Request-Id must look like to be kept:
// short, and only characters that cannot disguise anything in a log or a table.
var clientRequestIDForm = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestID gives every request a trace id of the server's own (32 hex digits, as a
// W3C trace id), sent back in X-Request-Id: the audit log's trace id is never the
// client's choice. A client's X-Request-Id that is short and plain is kept apart, as
// the client request id of the log line and the audit rows; any other is dropped.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderXRequestID, newTraceID())
		if id := c.Request().Header.Get(echo.HeaderXRequestID); clientRequestIDForm.MatchString(id) {
			c.Set(keyClientRequestID, id)
		}
		return next(c)
	}
}

func newTraceID() string {
	b := make([]byte, 16)
	rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// TraceIDs are the server's trace id of the request and the client's own id, if kept.
func TraceIDs(c echo.Context) (trace, client string) {
	client, _ = c.Get(keyClientRequestID).(string)
	return c.Response().Header().Get(echo.HeaderXRequestID), client
}
