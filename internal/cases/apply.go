package cases

import (
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// applyChanges writes planned changes to cases and clients and records one event per
// changed field. Maps, not structs, so that cleared (zero) values are written too.
func applyChanges(
	tx *gorm.DB,
	actor access.Actor,
	cur lockedCase,
	clientID uuid.UUID,
	changes []change,
	note string,
) error {
	return applyChangesAs(tx, actor, cur, clientID, changes, note, "")
}

// applyChangesAs is applyChanges with the events of the corrected records (changes
// without a column of their own) of kind (correctie, intrekking) when it is given.
func applyChangesAs(
	tx *gorm.DB,
	actor access.Actor,
	cur lockedCase,
	clientID uuid.UUID,
	changes []change,
	note, kind string,
) error {
	caseCols := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")}
	clientCols := map[string]any{}
	for _, c := range changes {
		if c.column == "" { // an event without a column of its own, such as a new PIP version
			continue
		}
		if c.table == "clients" {
			clientCols[c.column] = c.new
			continue
		}
		caseCols[c.column] = c.new
		if c.correction && correctsCurrentStage(cur, c) {
			caseCols["stage_entered_on"] = c.new
		}
	}
	if err := tx.Model(&caseRecord{}).Where("id = ?", cur.ID).Updates(caseCols).Error; err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	if len(clientCols) > 0 {
		if err := tx.Model(&clientRow{}).Where("id = ?", clientID).Updates(clientCols).Error; err != nil {
			return fmt.Errorf("update client: %w", err)
		}
	}
	for _, c := range changes {
		e := eventFor(c, note)
		if kind != "" && c.column == "" { // the record corrected; a follow-on field change stays a wijziging
			e.Kind = kind
		}
		if err := recordEvent(tx, actor, cur.MunicipalityID, cur.ID, e); err != nil {
			return err
		}
	}
	return nil
}

// correctsCurrentStage reports whether a corrected date is the one on which the case
// entered its current stage, which then moves along with it.
func correctsCurrentStage(cur lockedCase, c change) bool {
	old := c.old
	if p, ok := old.(*time.Time); ok {
		if p == nil {
			return false
		}
		old = *p
	}
	t, ok := old.(time.Time)
	if !ok || !t.Equal(cur.StageEnteredOn) {
		return false
	}
	return stageField(cur.Stage).Name == c.api
}

func eventFor(c change, note string) eventRow {
	e := eventRow{Kind: "wijziging", Field: ptr(c.api), Note: note}
	if c.correction {
		e.Kind = "datumcorrectie"
	}
	if !c.personal {
		e.OldValue, e.NewValue = formatValue(c.old), formatValue(c.new)
	}
	return e
}

// formatValue renders a field value for the history: dates as YYYY-MM-DD.
func formatValue(v any) *string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return nil
	}
	if rv.Kind() == reflect.Pointer {
		v = rv.Elem().Interface()
	}
	switch x := v.(type) {
	case time.Time:
		return ptr(x.Format(time.DateOnly))
	case string:
		return &x
	case int32:
		return ptr(strconv.Itoa(int(x)))
	default:
		return ptr(fmt.Sprint(x))
	}
}
