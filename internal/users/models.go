package users

import (
	"time"

	"github.com/google/uuid"
)

// The GORM models of the tables this package owns. Timestamps with a database
// default are the database's to set on insert (`<-:false`, or `<-:update` where an
// update writes them), so that every writer stamps them by the database's clock;
// updates set updated_at to now() explicitly.

// userRow is the GORM model of users.
type userRow struct {
	ID           uuid.UUID  `gorm:"column:id;primaryKey"`
	Email        string     `gorm:"column:email"`
	Name         string     `gorm:"column:name"`
	PasswordHash *string    `gorm:"column:password_hash"`
	DisabledAt   *time.Time `gorm:"column:disabled_at"`
	CreatedAt    time.Time  `gorm:"column:created_at;<-:false"`
	UpdatedAt    time.Time  `gorm:"column:updated_at;<-:update;autoUpdateTime:false"`
}

// TableName names the table of userRow.
func (userRow) TableName() string { return "users" }

// roleAssignment is the GORM model of role_assignments: one role in one domain.
type roleAssignment struct {
	UserID    uuid.UUID  `gorm:"column:user_id;primaryKey"`
	Domain    string     `gorm:"column:domain;primaryKey"`
	Role      string     `gorm:"column:role;primaryKey"`
	GrantedAt time.Time  `gorm:"column:granted_at;<-:false"`
	GrantedBy *uuid.UUID `gorm:"column:granted_by"`
}

// TableName names the table of roleAssignment.
func (roleAssignment) TableName() string { return "role_assignments" }

// sessionRow is the GORM model of sessions; the token is stored only as its hash.
type sessionRow struct {
	TokenHash     []byte     `gorm:"column:token_hash;primaryKey"`
	UserID        uuid.UUID  `gorm:"column:user_id"`
	CreatedAt     time.Time  `gorm:"column:created_at;<-:false"`
	LastSeenAt    time.Time  `gorm:"column:last_seen_at;<-:update"`
	ClientAddress *string    `gorm:"column:client_address"`
	RevokedAt     *time.Time `gorm:"column:revoked_at"`
}

// TableName names the table of sessionRow.
func (sessionRow) TableName() string { return "sessions" }

// apiToken is the GORM model of api_tokens (written by createTokenSQL, whose expiry
// the database computes from its own clock).
type apiToken struct {
	ID         uuid.UUID  `gorm:"column:id;primaryKey"`
	TokenHash  []byte     `gorm:"column:token_hash"`
	UserID     uuid.UUID  `gorm:"column:user_id"`
	Name       string     `gorm:"column:name"`
	CreatedAt  time.Time  `gorm:"column:created_at;<-:false"`
	ExpiresAt  time.Time  `gorm:"column:expires_at"`
	LastUsedAt *time.Time `gorm:"column:last_used_at"`
	RevokedAt  *time.Time `gorm:"column:revoked_at"`
}

// TableName names the table of apiToken.
func (apiToken) TableName() string { return "api_tokens" }

// loginFailure is the GORM model of login_failures; its id is an identity column.
type loginFailure struct {
	Email         string    `gorm:"column:email"`
	ClientAddress *string   `gorm:"column:client_address"`
	FailedAt      time.Time `gorm:"column:failed_at"`
}

// TableName names the table of loginFailure.
func (loginFailure) TableName() string { return "login_failures" }
