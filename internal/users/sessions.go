package users

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Session limits (OWASP ASVS level 2).
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
)

// ErrNoSession means the session or token is unknown, expired, revoked, or belongs to
// a disabled account: the caller is not logged in.
var ErrNoSession = errors.New("users: no valid session")

func newSecret() (plain string, hash []byte) {
	b := make([]byte, 32)
	rand.Read(b) // crypto/rand.Read never fails on supported platforms
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, hashSecret(plain)
}

func hashSecret(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}

// StartSession creates a session after a successful login; only its hash is stored.
func (s *Service) StartSession(
	ctx context.Context,
	userID uuid.UUID,
	clientAddress string,
) (string, error) {
	plain, hash := newSecret()
	// user_id first: GORM expands a slice placed straight after "(" as an IN list.
	err := s.db.WithContext(ctx).Create(
		&sessionRow{UserID: userID, TokenHash: hash, ClientAddress: optional(clientAddress)},
	).Error
	if err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	return plain, nil
}

// touchInterval is how stale last_seen_at may grow before a request writes it again:
// a write per request would cost more than the idle timeout needs.
const touchInterval = time.Minute

// Session returns the user of a live session: idle for at most 30 minutes (counted to
// the minute), at most 12 hours old, not revoked, account not disabled.
func (s *Service) Session(
	ctx context.Context,
	token string,
	now time.Time,
) (access.Principal, error) {
	p, _, err := s.session(ctx, token, now)
	return p, err
}

// session also returns when the session started.
func (s *Service) session(
	ctx context.Context,
	token string,
	now time.Time,
) (access.Principal, time.Time, error) {
	var rows []struct {
		UserID    uuid.UUID
		Name      string
		LastSeen  time.Time
		CreatedAt time.Time
	}
	hash := hashSecret(token)
	err := s.db.WithContext(ctx).Raw(
		sessionSQL,
		hash,
		now.Add(-IdleTimeout),
		now.Add(-AbsoluteTimeout),
	).Scan(&rows).Error
	if err != nil {
		return access.Principal{}, time.Time{}, fmt.Errorf("session: %w", err)
	}
	if len(rows) == 0 {
		return access.Principal{}, time.Time{}, ErrNoSession
	}
	if now.Sub(rows[0].LastSeen) > touchInterval {
		err := s.db.WithContext(ctx).Model(&sessionRow{}).Where(
			"token_hash = ?",
			hash,
		).Update("last_seen_at", now).Error
		if err != nil {
			return access.Principal{}, time.Time{}, fmt.Errorf("session: %w", err)
		}
	}
	return access.Principal{UserID: rows[0].UserID, Name: rows[0].Name}, rows[0].CreatedAt, nil
}

// EndSession revokes one session (logout), and tells every instance to forget what it
// remembered of sessions.
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&sessionRow{}).Where("token_hash = ? AND revoked_at IS NULL", hashSecret(token)).
			Update("revoked_at", gorm.Expr("now()")).Error
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return access.NotifySessionsEnded(tx)
	})
}

// CreateToken makes an API token for a program; the plain token is returned once.
func (s *Service) CreateToken(
	ctx context.Context,
	userID uuid.UUID,
	name string,
	ttl time.Duration,
) (string, Token, error) {
	name = strings.TrimSpace(name)
	var p errs.Problems
	if name == "" || utf8.RuneCountInString(name) > 100 {
		p.Add("name", "Geef het token een naam van hoogstens 100 tekens.")
	}
	if ttl < 24*time.Hour || ttl > MaxTokenLifetime {
		p.Add("expiresInDays", "Een token geldt minstens 1 en hoogstens 365 dagen.")
	}
	if err := p.Err(); err != nil {
		return "", Token{}, err
	}
	plain, hash := newSecret()
	var t Token
	err := s.db.WithContext(ctx).Raw(
		createTokenSQL,
		userID,
		hash,
		name,
		fmt.Sprintf("%d seconds", int(ttl.Seconds())),
	).Scan(&t).Error
	if err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	return plain, t, nil
}

// MaxTokenLifetime bounds an API token's life.
const MaxTokenLifetime = 365 * 24 * time.Hour

// TokenLifetime is the life of a token of the given number of days, as a user asks
// for it. A number of days outside the allowed range gives a negative lifetime,
// which CreateToken refuses: days*24h would wrap around for a large number and turn
// an absurd request into an accepted one.
func TokenLifetime(days int) time.Duration {
	if days < 0 || days > int(MaxTokenLifetime/(24*time.Hour)) {
		return -1
	}
	return time.Duration(days) * 24 * time.Hour
}

// TokenUser returns the user of a live API token (not expired, not revoked, account enabled).
func (s *Service) TokenUser(
	ctx context.Context,
	token string,
	now time.Time,
) (access.Principal, error) {
	p, _, err := s.tokenUser(ctx, token, now)
	return p, err
}

// tokenUser also returns when the token expires.
func (s *Service) tokenUser(
	ctx context.Context,
	token string,
	now time.Time,
) (access.Principal, time.Time, error) {
	var rows []struct {
		ID        uuid.UUID
		UserID    uuid.UUID
		Name      string
		LastUsed  *time.Time
		ExpiresAt time.Time
	}
	err := s.db.WithContext(ctx).Raw(tokenSQL, hashSecret(token), now).Scan(&rows).Error
	if err != nil {
		return access.Principal{}, time.Time{}, fmt.Errorf("token: %w", err)
	}
	if len(rows) == 0 {
		return access.Principal{}, time.Time{}, ErrNoSession
	}
	if r := rows[0]; r.LastUsed == nil || now.Sub(*r.LastUsed) > touchInterval {
		if err := s.db.WithContext(ctx).Model(&apiToken{}).Where("id = ?", r.ID).Update("last_used_at", now).Error; err != nil {
			return access.Principal{}, time.Time{}, fmt.Errorf("token: %w", err)
		}
	}
	return access.Principal{UserID: rows[0].UserID, Name: rows[0].Name}, rows[0].ExpiresAt, nil
}

// Token describes an API token without its value.
type Token struct {
	ID         uuid.UUID
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	Revoked    bool
}

// Tokens lists a user's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, userID uuid.UUID) ([]Token, error) {
	var out []Token
	err := s.db.WithContext(ctx).Model(&apiToken{}).
		Select("id, name, created_at, expires_at, last_used_at, revoked_at IS NOT NULL AS revoked").
		Where("user_id = ?", userID).Order("created_at DESC, id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes one of the user's tokens; another user's token is not found.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID uuid.UUID) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&apiToken{}).Where("id = ? AND user_id = ?", tokenID, userID).
			Update("revoked_at", gorm.Expr("COALESCE(revoked_at, now())"))
		if res.Error != nil {
			return fmt.Errorf("revoke token: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return errs.NotFound("Token")
		}
		return access.NotifySessionsEnded(tx)
	})
}

// endAll revokes every session and token of a user, within tx (used when disabling).
func endAll(tx *gorm.DB, userID uuid.UUID) error {
	now := gorm.Expr("now()")
	if err := tx.Model(&sessionRow{}).Where(
		"user_id = ? AND revoked_at IS NULL",
		userID,
	).Update("revoked_at", now).Error; err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if err := tx.Model(&apiToken{}).Where(
		"user_id = ? AND revoked_at IS NULL",
		userID,
	).Update("revoked_at", now).Error; err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// optional is s for a nullable column: nil when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
