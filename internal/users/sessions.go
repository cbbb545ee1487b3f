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

	"github.com/google/uuid"
	"gorm.io/gorm"
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

// Session returns the user of a live session and marks it as seen: idle for at most
// 30 minutes, at most 12 hours old, not revoked, account not disabled.
func (s *Service) Session(ctx context.Context, token string, now time.Time) (uuid.UUID, error) {
	var ids []uuid.UUID
	err := s.db.WithContext(ctx).Raw(`UPDATE sessions s SET last_seen_at = ?
		FROM users u WHERE s.token_hash = ? AND u.id = s.user_id AND u.disabled_at IS NULL
		AND s.revoked_at IS NULL AND s.last_seen_at > ? AND s.created_at > ?
		RETURNING s.user_id`, now, hashSecret(token), now.Add(-IdleTimeout), now.Add(-AbsoluteTimeout)).Scan(&ids).Error
	if err != nil {
		return uuid.Nil, fmt.Errorf("session: %w", err)
	}
	if len(ids) == 0 {
		return uuid.Nil, ErrNoSession
	}
	return ids[0], nil
}

// EndSession revokes one session (logout).
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.db.WithContext(ctx).Exec(`UPDATE sessions SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL`,
		hashSecret(token)).Error
}

// CreateToken makes an API token for a program; the plain token is returned once.
func (s *Service) CreateToken(ctx context.Context, userID uuid.UUID, name string, ttl time.Duration) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 || ttl <= 0 || ttl > 366*24*time.Hour {
		return "", fmt.Errorf("users: a token needs a name and a lifetime of at most a year")
	}
	plain, hash := newSecret()
	err := s.db.WithContext(ctx).Exec(`INSERT INTO api_tokens (user_id, token_hash, name, expires_at) VALUES (?, ?, ?, now() + ?::interval)`,
		userID, hash, name, fmt.Sprintf("%d seconds", int(ttl.Seconds()))).Error
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return plain, nil
}

// TokenUser returns the user of a live API token (not expired, not revoked, account enabled).
func (s *Service) TokenUser(ctx context.Context, token string, now time.Time) (uuid.UUID, error) {
	var ids []uuid.UUID
	err := s.db.WithContext(ctx).Raw(`UPDATE api_tokens t SET last_used_at = ?
		FROM users u WHERE t.token_hash = ? AND u.id = t.user_id AND u.disabled_at IS NULL
		AND t.revoked_at IS NULL AND t.expires_at > ? RETURNING t.user_id`, now, hashSecret(token), now).Scan(&ids).Error
	if err != nil {
		return uuid.Nil, fmt.Errorf("token: %w", err)
	}
	if len(ids) == 0 {
		return uuid.Nil, ErrNoSession
	}
	return ids[0], nil
}

// RevokeToken revokes one of the user's tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID uuid.UUID) error {
	return s.db.WithContext(ctx).Exec(`UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
		tokenID, userID).Error
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
