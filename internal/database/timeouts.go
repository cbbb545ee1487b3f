package database

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// CommitGrace is how long a transaction may still commit or roll back after the
// context of its request ended: a COMMIT already on its way is not torn off by the
// request deadline, so a write that committed is never answered with an error.
const CommitGrace = 5 * time.Second

// Timeouts bound every wait on the database, so that a stalled or unreachable
// PostgreSQL makes requests fail fast (503) instead of hanging. Zero leaves a bound off.
type Timeouts struct {
	Connect   time.Duration // establishing a connection
	Statement time.Duration // statement_timeout of every statement
	Lock      time.Duration // lock_timeout: waiting for a row or table lock
}

// apply sets the timeouts on a pool configuration. A context that ends mid-query
// needs nothing here: pgx gives up on the connection at once and sends PostgreSQL a
// cancel request, so the query stops there too (TestDeadlineCancelsQuery).
func (t Timeouts) apply(cfg *pgxpool.Config) {
	if t.Connect > 0 {
		cfg.ConnConfig.ConnectTimeout = t.Connect
	}
	params := cfg.ConnConfig.RuntimeParams
	if t.Statement > 0 {
		params["statement_timeout"] = strconv.FormatInt(t.Statement.Milliseconds(), 10)
	}
	if t.Lock > 0 {
		params["lock_timeout"] = strconv.FormatInt(t.Lock.Milliseconds(), 10)
	}
}
