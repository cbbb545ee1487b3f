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
func (s *Service) StartSession(ctx context.Context, userID uuid.UUID, clientAddress string) (string, error) {
	plain, hash := newSecret()
	// user_id first: GORM expands a slice placed straight after "(" as an IN list.
	err := s.db.WithContext(ctx).Exec(`INSERT INTO sessions (user_id, token_hash, client_address) VALUES (?, ?, ?::inet)`,
		userID, hash, nullable(clientAddress)).Error
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
func (s *Service) Session(ctx context.Context, token string, now time.Time) (access.Principal, error) {
	p, _, err := s.session(ctx, token, now)
	return p, err
}

// session also returns when the session started.
func (s *Service) session(ctx context.Context, token string, now time.Time) (access.Principal, time.Time, error) {
	var rows []struct {
		UserID    uuid.UUID
		Name      string
		LastSeen  time.Time
		CreatedAt time.Time
	}
	hash := hashSecret(token)
	err := s.db.WithContext(ctx).Raw(`SELECT s.user_id, u.name, s.last_seen_at AS last_seen, s.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND u.disabled_at IS NULL AND s.revoked_at IS NULL
		AND s.last_seen_at > ? AND s.created_at > ?`, hash, now.Add(-IdleTimeout), now.Add(-AbsoluteTimeout)).Scan(&rows).Error
	if err != nil {
		return access.Principal{}, time.Time{}, fmt.Errorf("session: %w", err)
	}
	if len(rows) == 0 {
		return access.Principal{}, time.Time{}, ErrNoSession
	}
	if now.Sub(rows[0].LastSeen) > touchInterval {
		if err := s.db.WithContext(ctx).Exec(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, hash).Error; err != nil {
			return access.Principal{}, time.Time{}, fmt.Errorf("session: %w", err)
		}
	}
	return access.Principal{UserID: rows[0].UserID, Name: rows[0].Name}, rows[0].CreatedAt, nil
}

// EndSession revokes one session (logout), and tells every instance to forget what it
// remembered of sessions.
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE sessions SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL`,
			hashSecret(token)).Error; err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return access.NotifySessionsEnded(tx)
	})
}

// CreateToken makes an API token for a program; the plain token is returned once.
func (s *Service) CreateToken(ctx context.Context, userID uuid.UUID, name string, ttl time.Duration) (string, Token, error) {
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
	err := s.db.WithContext(ctx).Raw(`INSERT INTO api_tokens (user_id, token_hash, name, expires_at)
		VALUES (?, ?, ?, now() + ?::interval) RETURNING id, name, created_at, expires_at`,
		userID, hash, name, fmt.Sprintf("%d seconds", int(ttl.Seconds()))).Scan(&t).Error
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
func (s *Service) TokenUser(ctx context.Context, token string, now time.Time) (access.Principal, error) {
	p, _, err := s.tokenUser(ctx, token, now)
	return p, err
}

// tokenUser also returns when the token expires.
func (s *Service) tokenUser(ctx context.Context, token string, now time.Time) (access.Principal, time.Time, error) {
	var rows []struct {
		ID        uuid.UUID
		UserID    uuid.UUID
		Name      string
		LastUsed  *time.Time
		ExpiresAt time.Time
	}
	err := s.db.WithContext(ctx).Raw(`SELECT t.id, t.user_id, u.name, t.last_used_at AS last_used, t.expires_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND u.disabled_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ?`,
		hashSecret(token), now).Scan(&rows).Error
	if err != nil {
		return access.Principal{}, time.Time{}, fmt.Errorf("token: %w", err)
	}
	if len(rows) == 0 {
		return access.Principal{}, time.Time{}, ErrNoSession
	}
	if r := rows[0]; r.LastUsed == nil || now.Sub(*r.LastUsed) > touchInterval {
		if err := s.db.WithContext(ctx).Exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, r.ID).Error; err != nil {
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
	err := s.db.WithContext(ctx).Raw(`SELECT id, name, created_at, expires_at, last_used_at, revoked_at IS NOT NULL AS revoked
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id`, userID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes one of the user's tokens; another user's token is not found.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID uuid.UUID) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = ? AND user_id = ?`,
			tokenID, userID)
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
	if err := tx.Exec(`UPDATE sessions SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL`, userID).Error; err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if err := tx.Exec(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL`, userID).Error; err != nil {
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
