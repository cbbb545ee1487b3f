package users

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// ErrLoginFailed is the one answer for an unknown account, a wrong password and a
// disabled account, so that a login attempt reveals nothing about who has an account.
var ErrLoginFailed = errors.New("users: login failed")

// TooManyAttempts asks the caller to wait before trying again.
type TooManyAttempts struct{ RetryAfter time.Duration }

func (e *TooManyAttempts) Error() string {
	return fmt.Sprintf("users: too many failed logins, retry after %s", e.RetryAfter)
}

// Throttling: after FreeAttempts failures of an account within AttemptWindow, each
// further attempt on it waits 2^(n-FreeAttempts) seconds after the last failure, at
// most MaxDelay. A client address gets FreeAddressAttempts: a municipality's office
// shares one address, and a few typos there must not lock out every colleague, while
// one address trying many accounts (password spraying) is still slowed down.
const (
	FreeAttempts        = 5
	FreeAddressAttempts = 50
	AttemptWindow       = 15 * time.Minute
	MaxDelay            = 15 * time.Minute
)

// dummyHash is verified for unknown accounts so that they take as long as known ones.
var dummyHash = func() string {
	h, err := HashPassword("startbaan-timing-equaliser")
	if err != nil { // only when the system's random source fails: nothing could log in
		panic(err)
	}
	return h
}()

// verifySlots bounds the password checks running at once: each takes 32 MiB, and a
// flood of logins must not run the server out of memory. Further attempts wait.
var verifySlots = make(chan struct{}, 4)

// Login checks an e-mail address and password. Failures are counted in the database,
// so that every app instance sees the same count. The attempt is counted as a failure
// before the password is checked, under a lock per address and e-mail, so that
// parallel attempts cannot all slip under the limit; a success clears the account's
// count again.
func (s *Service) Login(
	ctx context.Context,
	email,
	password,
	clientAddress string,
	now time.Time,
) (uuid.UUID, error) {
	email, _ = normalizeEmail(email)
	if err := s.countAttempt(ctx, email, clientAddress, now); err != nil {
		return uuid.Nil, err
	}
	var rows []userRow
	err := s.db.WithContext(ctx).Where("email = ?", email).Find(&rows).Error
	if err != nil {
		return uuid.Nil, fmt.Errorf("login: %w", err)
	}
	hash := dummyHash
	if len(rows) == 1 && rows[0].PasswordHash != nil {
		hash = *rows[0].PasswordHash
	}
	ok, err := verifyLimited(ctx, password, hash)
	if err != nil {
		return uuid.Nil, fmt.Errorf("login: %w", err)
	}
	if !ok || len(rows) != 1 || rows[0].PasswordHash == nil || rows[0].DisabledAt != nil {
		return uuid.Nil, ErrLoginFailed // the attempt is already counted
	}
	if err := s.db.WithContext(ctx).Where("email = ?", email).Delete(&loginFailure{}).Error; err != nil {
		return uuid.Nil, fmt.Errorf("login: %w", err)
	}
	return rows[0].ID, nil
}

// countAttempt refuses an attempt that must still wait, and otherwise records it as
// a failure, both under transaction-scoped advisory locks on the e-mail address and
// the client address.
func (s *Service) countAttempt(
	ctx context.Context,
	email,
	clientAddress string,
	now time.Time,
) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(loginLockSQL, email, clientAddress).Error; err != nil {
			return fmt.Errorf("login lock: %w", err)
		}
		wait, err := throttle(tx, email, clientAddress, now)
		if err != nil {
			return err
		}
		if wait > 0 {
			return &TooManyAttempts{RetryAfter: wait}
		}
		err = tx.Create(
			&loginFailure{Email: email, ClientAddress: optional(clientAddress), FailedAt: now},
		).Error
		if err != nil {
			return fmt.Errorf("login: %w", err)
		}
		return nil
	})
}

// throttle returns how long the next attempt must still wait.
func throttle(tx *gorm.DB, email, clientAddress string, now time.Time) (time.Duration, error) {
	var r struct {
		Excess int
		Last   *time.Time
	}
	err := tx.Raw(throttleSQL, email, FreeAttempts, nullable(clientAddress), FreeAddressAttempts,
		now.Add(-AttemptWindow), email,
		nullable(clientAddress)).Scan(&r).Error
	if err != nil {
		return 0, fmt.Errorf("login throttle: %w", err)
	}
	if r.Excess < 0 || r.Last == nil {
		return 0, nil
	}
	delay := time.Duration(math.Min(math.Pow(2, float64(r.Excess)), MaxDelay.Seconds())) * time.Second
	if wait := r.Last.Add(delay).Sub(now); wait > 0 {
		return wait, nil
	}
	return 0, nil
}
