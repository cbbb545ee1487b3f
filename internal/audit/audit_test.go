package audit_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/dbtest"
)

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := dbtest.Gorm(t)
	ctx := context.Background()
	db.Exec(`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam')`)
	user, municipality := uuid.New(), int32(1)
	e := audit.Event{TraceID: "trace-1", UserID: &user, Role: "klantmanager",
		MunicipalityID: &municipality,
		Action:         audit.ActionRead, ObjectType: "case", ObjectID: uuid.NewString(), ProcessingActivity: "begeleiding startbaan",
		Outcome: audit.OutcomeOK, ClientAddress: "127.0.0.1", DataSubjectHash: []byte{1, 2, 3}}
	if err := audit.Record(ctx, db, e); err != nil {
		t.Fatal(err)
	}
	for name, stmt := range map[string]string{
		"update":   `UPDATE audit_events SET outcome = 'mislukt'`,
		"delete":   `DELETE FROM audit_events`,
		"truncate": `TRUNCATE audit_events`,
	} {
		err := db.Exec(stmt).Error
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refusal", name, err)
		}
	}
	var n int64
	db.Table("audit_events").Count(&n)
	if n != 1 {
		t.Errorf("%d audit rows, want 1", n)
	}
}

func TestAuditRowSharesTheTransaction(t *testing.T) {
	db := dbtest.Gorm(t)
	ctx := context.Background()
	failed := errors.New("the change failed")
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := audit.Record(ctx, tx, audit.Event{TraceID: "t", Action: audit.ActionChange,
			ObjectType:         "case",
			ProcessingActivity: "begeleiding startbaan", Outcome: audit.OutcomeOK}); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatal(err)
	}
	var n int64
	db.Table("audit_events").Count(&n)
	if n != 0 {
		t.Error("an audit row outlived the rolled-back change it recorded")
	}
	if err := audit.Record(ctx, db, audit.Event{TraceID: "t", Action: "stelen", ObjectType: "case",
		ProcessingActivity: "x", Outcome: audit.OutcomeOK}); err == nil {
		t.Error("an unknown action was stored")
	}
}
