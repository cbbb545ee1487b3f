package users

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/startbaan/startbaan/internal/access"
)

// Authenticator resolves session and token secrets to principals and remembers each
// answer for a few seconds, so that a busy client does not cost a database round trip
// per request. Forget drops every answer: it runs on each access notification, which
// logout, token revocation, disabling and role changes send, so they still take effect
// on every instance within milliseconds; the lifetime bounds the rest.
type Authenticator struct {
	svc      *Service
	lifetime time.Duration

	mu      sync.Mutex
	answers map[[sha256.Size]byte]answer
	// generation counts Forget calls: an answer looked up before a Forget (a logout
	// that committed meanwhile) must not be stored after it.
	generation uint64
}

type answer struct {
	p     access.Principal
	until time.Time
}

// NewAuthenticator remembers answers for lifetime; zero remembers nothing.
func NewAuthenticator(svc *Service, lifetime time.Duration) *Authenticator {
	return &Authenticator{svc: svc, lifetime: lifetime, answers: map[[sha256.Size]byte]answer{}}
}

// maxAnswers bounds the memory: past it, expired answers are swept, and if that is
// not enough, all are dropped.
const maxAnswers = 50_000

// Session resolves a session cookie.
func (a *Authenticator) Session(
	ctx context.Context,
	token string,
	now time.Time,
) (access.Principal, error) {
	return a.resolve("s", token, now, func() (access.Principal, time.Time, error) {
		p, created, err := a.svc.session(ctx, token, now)
		return p, created.Add(AbsoluteTimeout), err
	})
}

// Token resolves an API token.
func (a *Authenticator) Token(
	ctx context.Context,
	token string,
	now time.Time,
) (access.Principal, error) {
	return a.resolve("t", token, now, func() (access.Principal, time.Time, error) {
		return a.svc.tokenUser(ctx, token, now)
	})
}

func (a *Authenticator) resolve(
	kind,
	token string,
	now time.Time,
	lookup func() (access.Principal, time.Time, error),
) (access.Principal, error) {
	key := sha256.Sum256([]byte(kind + token))
	a.mu.Lock()
	if ans, ok := a.answers[key]; ok && now.Before(ans.until) {
		a.mu.Unlock()
		return ans.p, nil
	}
	generation := a.generation
	a.mu.Unlock()
	p, validUntil, err := lookup()
	if err != nil || a.lifetime <= 0 {
		return p, err
	}
	until := now.Add(a.lifetime)
	if validUntil.Before(until) {
		until = validUntil
	}
	a.mu.Lock()
	if a.generation == generation {
		if len(a.answers) >= maxAnswers {
			a.sweep(now)
		}
		a.answers[key] = answer{p: p, until: until}
	}
	a.mu.Unlock()
	return p, nil
}

func (a *Authenticator) sweep(now time.Time) {
	for k, ans := range a.answers {
		if !now.Before(ans.until) {
			delete(a.answers, k)
		}
	}
	if len(a.answers) >= maxAnswers {
		clear(a.answers)
	}
}

// EndSession ends a session and forgets every remembered answer as soon as the end
// is committed, before the caller answers: from then on no request on this instance
// passes with it. A lookup that began before the end cannot store its answer after
// it (the generation moved on). Other instances forget on the notification.
func (a *Authenticator) EndSession(ctx context.Context, token string) error {
	defer a.Forget() // also after a failure: the end may have committed
	return a.svc.EndSession(ctx, token)
}

// Forget drops every remembered answer.
func (a *Authenticator) Forget() {
	a.mu.Lock()
	clear(a.answers)
	a.generation++
	a.mu.Unlock()
}
