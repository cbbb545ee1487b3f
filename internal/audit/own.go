package audit

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// OwnAccess reads a person's own latest logins, logouts and refusals.
//
// List cannot show them: an access event belongs to no municipality (a login is not an
// act in one municipality), so it has no municipality_id, and a team lead's log is
// scoped by municipality. A person's own rows need no scope: they show nothing of
// anybody else. The index (municipality_id, user_id, occurred_at DESC) serves it
// (PostgreSQL indexes NULLs, and IS NULL uses them).
func OwnAccess(ctx context.Context, db *gorm.DB, userID uuid.UUID, limit int) ([]Entry, error) {
	var out []Entry
	err := db.WithContext(ctx).Raw(
		ownAccessSQL,
		userID,
		ActionLogin,
		ActionLogout,
		ActionDenied,
		limit,
	).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("own access events: %w", err)
	}
	return out, nil
}
