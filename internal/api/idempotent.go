package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/idempotency"
	"github.com/startbaan/startbaan/internal/server"
)

// IdempotencyKeyHeader makes a POST that creates something safe to retry.
const IdempotencyKeyHeader = "Idempotency-Key"

// ReplayedHeader marks an answer given again from the idempotency store.
const ReplayedHeader = "Idempotency-Replayed"

// idempotent runs a creating POST under its Idempotency-Key, if the client sent one:
// the first request runs and its answer is kept 24 hours; the same key with the same
// request gets that answer again; with another request, 422.
func (h *handlers) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Request().Header.Get(IdempotencyKeyHeader)
		if raw == "" || h.Idempotency == nil {
			return next(c)
		}
		key, err := idempotencyKey(raw)
		if err != nil {
			return err
		}
		actor := h.guard.Actor(c)
		if actor.UserID == nil {
			return next(c)
		}
		body, err := peekBody(c.Request())
		if err != nil {
			return next(c) // decode answers the unreadable body
		}
		req := c.Request()
		claim, kept, err := h.Idempotency.Begin(req.Context(), idempotency.Request{UserID: *actor.UserID,
			Key:    key,
			Method: req.Method, Path: req.URL.Path, IfMatch: req.Header.Get("If-Match"), Body: body})
		if err != nil {
			return err
		}
		if kept != nil {
			// The kept answer may hold personal data (a new case): giving it again is
			// a read, and the audit log says so.
			if err := h.guard.RecordAccess(c, actor.UserID, audit.ActionRead, audit.OutcomeOK,
				audit.ObjectReplay,
				kept.Location); err != nil {
				return err
			}
			return replay(c, *kept)
		}
		return h.runClaimed(c, claim, next)
	}
}

// runClaimed runs the request with its answer held back until it is kept: a client
// never sees an answer that a retry would not get again.
func (h *handlers) runClaimed(
	c echo.Context,
	claim *idempotency.Claim,
	next echo.HandlerFunc,
) error {
	req, res := c.Request(), c.Response()
	rec := &recorder{ResponseWriter: res.Writer}
	res.Writer = rec
	c.SetRequest(req.WithContext(claim.Guard(req.Context())))
	err := next(c)
	res.Writer = rec.ResponseWriter
	c.SetRequest(req)
	// The write committed (or failed) already: keeping its answer must not fail with
	// the request's deadline.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(req.Context()), database.CommitGrace)
	defer cancel()
	if err == nil && rec.status >= 200 && rec.status < 300 {
		kept := idempotency.Response{Status: rec.status,
			ContentType: rec.Header().Get(echo.HeaderContentType),
			Location:    rec.Header().Get(echo.HeaderLocation), ETag: rec.Header().Get("ETag"), Body: rec.body.Bytes()}
		if ferr := claim.Finish(ctx, kept); ferr != nil {
			// The client gets its 2xx all the same; a retry is told to look the result up.
			h.log.WarnContext(
				ctx,
				"idempotency: answer not kept",
				"error",
				ferr,
				"request_id",
				res.Header().Get(echo.HeaderXRequestID),
			)
		}
	} else if aerr := claim.Abandon(ctx); aerr != nil && !database.IsUnavailable(aerr) {
		h.log.WarnContext(
			ctx,
			"idempotency: key not freed",
			"error",
			aerr,
			"request_id",
			res.Header().Get(echo.HeaderXRequestID),
		)
	}
	return errors.Join(err, rec.flush())
}

func replay(c echo.Context, r idempotency.Response) error {
	hd := c.Response().Header()
	for name, v := range map[string]string{
		echo.HeaderContentType: r.ContentType,
		echo.HeaderLocation:    r.Location,
		"ETag":                 r.ETag,
	} {
		if v != "" {
			hd.Set(name, v)
		}
	}
	hd.Set(ReplayedHeader, "true")
	c.Response().WriteHeader(r.Status)
	_, err := c.Response().Write(r.Body)
	return err
}

// idempotencyKey accepts 1 to 255 visible ASCII characters, bare or as a quoted
// structured-field string.
func idempotencyKey(raw string) (string, error) {
	key := strings.TrimSpace(raw)
	if len(key) >= 2 && key[0] == '"' && key[len(key)-1] == '"' {
		key = key[1 : len(key)-1]
	}
	ok := key != "" && len(key) <= 255
	for i := 0; ok && i < len(key); i++ {
		ok = key[i] > ' ' && key[i] < 0x7f
	}
	if !ok {
		p := server.NewProblem(http.StatusBadRequest, "De Idempotency-Key is ongeldig.")
		p.InvalidParams = []server.InvalidParam{
			{
				Name:   IdempotencyKeyHeader,
				Reason: "Gebruik 1 tot 255 zichtbare ASCII-tekens, bijvoorbeeld een UUID.",
			},
		}
		return "", p
	}
	return key, nil
}

// peekBody reads the body (at most one byte past the limit decode enforces) and puts
// it back for the handler.
func peekBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	return body, err
}

// recorder holds an answer back: headers go to the real writer (they are sent with
// the status on flush), status and body are kept.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) flush() error {
	if r.status == 0 {
		return nil
	}
	r.ResponseWriter.WriteHeader(r.status)
	_, err := r.ResponseWriter.Write(r.body.Bytes())
	return err
}
