// Package app builds Startbaan's services in one place: `startbaan serve`, the
// benchmark and the tests get the same wiring from New, one service per domain area.
// Handlers (internal/api, internal/web) and the guard (internal/guard) call these
// services; none of them holds a database handle.
package app

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/idempotency"
	"github.com/startbaan/startbaan/internal/journal"
	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/internal/placements"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
	"github.com/startbaan/startbaan/internal/users"
	"github.com/startbaan/startbaan/internal/worklist"
)

// Options are what the services need beside the database.
type Options struct {
	// BSNKey seals BSNs (32 bytes); the idempotency fingerprints use a key derived
	// from it.
	BSNKey []byte
	// Clock is time.Now outside tests.
	Clock func() time.Time
	// SessionMemory is how long checked sessions and tokens are remembered (zero:
	// not at all).
	SessionMemory time.Duration
	// RequestTimeout is the deadline of a request: an idempotency key's lease
	// outlasts it and its commit.
	RequestTimeout time.Duration
}

// Services are the domain services, one per area, on one database.
type Services struct {
	Cases       *cases.Service
	Hours       *hours.Service
	Placements  *placements.Service
	Users       *users.Service
	Lessons     *lessons.Service
	Pilots      *pilots.Service
	Audit       *audit.Service
	Outcomes    *outcomes.Service
	Releases    *releases.Service
	ReleaseView *releaseview.Service
	Worklist    *worklist.Service
	// Journal keeps the notes of each case (contactmomenten).
	Journal *journal.Service
	// Auth resolves session cookies and tokens, remembering them SessionMemory.
	Auth *users.Authenticator
	// Enforcer decides every permission; its rules follow the database.
	Enforcer *access.Enforcer
	// Idempotency keeps the answers of POSTs sent with an Idempotency-Key.
	Idempotency *idempotency.Store
	// Clock is Options.Clock: what the handlers and the guard take as now.
	Clock func() time.Time
}

// New builds every service on db. Reports and exports run on db.Reports (a pool with
// a longer statement timeout) when the database has one.
func New(ctx context.Context, db *database.DB, o Options) (*Services, error) {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	sealer, err := bsn.NewSealer(o.BSNKey)
	if err != nil {
		return nil, err
	}
	enforcer, err := access.NewEnforcer(ctx, db.Gorm)
	if err != nil {
		return nil, err
	}
	idem, err := idempotencyStore(db, o)
	if err != nil {
		return nil, err
	}
	reports := db.Reports
	if reports == nil {
		reports = db.Gorm
	}
	g := db.Gorm
	userSvc := users.NewService(g)
	auth := users.NewAuthenticator(userSvc, o.SessionMemory)
	// Every access notification (logout, revoked token, disabled account, role
	// change) makes this instance forget the sessions and tokens it remembers.
	enforcer.OnChange(auth.Forget)
	return &Services{
		Cases:       cases.NewService(db, sealer, o.Clock),
		Hours:       hours.NewService(g, o.Clock),
		Placements:  placements.NewService(g, o.Clock),
		Users:       userSvc,
		Lessons:     lessons.NewService(g),
		Pilots:      pilots.NewService(g),
		Audit:       audit.NewService(g),
		Outcomes:    outcomes.NewService(reports),
		Releases:    releases.NewService(g, reports),
		ReleaseView: releaseview.NewService(reports),
		Worklist:    worklist.NewService(g, o.Clock),
		Journal:     journal.NewService(g, o.Clock),
		Auth:        auth,
		Enforcer:    enforcer,
		Idempotency: idem,
		Clock:       o.Clock,
	}, nil
}

// idempotencyStore keeps the answers of POSTs with an Idempotency-Key. Its
// fingerprints are keyed with a key derived from the BSN key (a request body may
// hold a BSN); a key's lease outlasts any request and its commit.
func idempotencyStore(db *database.DB, o Options) (*idempotency.Store, error) {
	key, err := hkdf.Key(sha256.New, o.BSNKey, nil, "startbaan idempotency fingerprint v1", 32)
	if err != nil {
		return nil, fmt.Errorf("idempotency key: %w", err)
	}
	lease := o.RequestTimeout + database.CommitGrace + 5*time.Second
	return idempotency.NewStore(db.Gorm, key, o.Clock, lease), nil
}
