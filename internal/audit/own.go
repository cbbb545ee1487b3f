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
	err := db.WithContext(ctx).Raw(`SELECT a.id, a.occurred_at, a.trace_id, a.user_id, u.name AS user_name, a.role,
			NULL AS municipality_code, a.action, a.object_type, a.object_id, a.case_id, '[]' AS case_ids,
			a.processing_activity, a.outcome, host(a.client_address) AS client_address
		FROM audit_events a JOIN users u ON u.id = a.user_id
		WHERE a.user_id = ? AND a.municipality_id IS NULL AND a.action IN (?, ?, ?)
		ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?`,
		userID, ActionLogin, ActionLogout, ActionDenied, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("own access events: %w", err)
	}
	return out, nil
}
