package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// unavailableCodes are the SQLSTATEs that mean "the database cannot serve this now,
// try again shortly" rather than "this request is wrong": the server is starting,
// stopping or in recovery, has no connection slot left, or gave up waiting for a
// lock or for the statement (lock_timeout, statement_timeout, a cancel request).
var unavailableCodes = map[string]bool{
	"57P01": true, // admin_shutdown
	"57P02": true, // crash_shutdown
	"57P03": true, // cannot_connect_now (starting up, in recovery, shutting down)
	"57P05": true, // idle_session_timeout
	"53300": true, // too_many_connections
	"55P03": true, // lock_not_available (lock_timeout)
	"57014": true, // query_canceled (statement_timeout, or a cancelled context)
	"25P03": true, // idle_in_transaction_session_timeout
}

// IsUnavailable reports whether err means the database is down, unreachable, stalled
// or busy past a timeout: the transport answers 503 with Retry-After, never 500. It is
// the one place that classifies database faults.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return unavailableCodes[pgErr.Code] || strings.HasPrefix(pgErr.Code, "08")
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr), pgconn.Timeout(err):
		return true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		// A request deadline or the server shutting down; a client that went away
		// sees no answer at all.
		return true
	case errors.Is(
		err,
		pgconn.ErrConnClosed,
	), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		// The connection was lost mid-query (the server crashed or was killed).
		return true
	case errors.Is(
		err,
		syscall.ECONNREFUSED,
	), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	return isClosedPool(err)
}

// isClosedPool: a pool closed while the server stops; pgxpool (puddle) and
// database/sql say so in text only.
func isClosedPool(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "closed pool") || strings.Contains(msg, "sql: database is closed")
}

// retryableCodes are the SQLSTATEs of a transaction that lost a race with another
// one: nothing is wrong with the request or the database, and the same request sent
// again will most likely succeed.
var retryableCodes = map[string]bool{
	"40001": true, // serialization_failure
	"40P01": true, // deadlock_detected
}

// IsRetryable reports whether err is a transaction that lost a race (a deadlock or a
// serialization failure): the transport answers 503 with Retry-After, as for an
// unavailable database, but it is no outage.
func IsRetryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && retryableCodes[pgErr.Code]
}
