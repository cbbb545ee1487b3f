package worklist_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/worklist"
)

// addNote writes a journal note with a follow-up for person on a date.
func (f *fixture) addNote(t *testing.T, caseID uuid.UUID, person uuid.UUID, on string) int64 {
	t.Helper()
	var id int64
	err := f.db.Raw(`INSERT INTO case_notes (municipality_id, case_id, contact_on, kind, body, follow_up_on,
		follow_up_user_id, author_id, author_name) VALUES (1, ?, '2026-06-01', 'telefoon', 'Geheime tekst', ?, ?, ?, 'Karin')
		RETURNING id`, caseID, on, person, f.karin).Scan(&id).Error
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func followUps(items []worklist.Item, caseID uuid.UUID) []worklist.Signal {
	var out []worklist.Signal
	for _, it := range items {
		for _, s := range it.Signals {
			if it.CaseID == caseID && s.Kind == worklist.FollowUpDue {
				out = append(out, s)
			}
		}
	}
	return out
}

// TestFollowUpSignal: a follow-up due today or earlier is a signal of its case,
// also on the werklijst of a colleague who is to follow it up; a later one, a done
// one and a withdrawn one are not.
func TestFollowUpSignal(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	k := f.addCase(t, 1, "Amal", f.karin, "gevestigd", "2026-05-01")
	due := f.addNote(t, k, f.mark, "2026-06-17")
	f.addNote(t, k, f.karin, "2026-06-18") // tomorrow: not yet
	done := f.addNote(t, k, f.karin, "2026-06-10")
	f.exec(t, `UPDATE case_notes SET follow_up_done_at = now(), follow_up_done_by = ? WHERE id = ?`, f.karin, done)
	gone := f.addNote(t, k, f.karin, "2026-06-12")
	f.exec(t, `UPDATE case_notes SET withdrawn_at = now(), withdrawn_reason = 'fout' WHERE id = ?`, gone)

	items, err := f.svc.Caseload(ctx, f.client, worklist.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := followUps(items, k)
	if len(got) != 1 || got[0].FollowUp.NoteID != due || got[0].FollowUp.NoteKind != "telefoon" ||
		got[0].FollowUp.PersonName != "Mark" || got[0].DaysLate != 0 {
		t.Fatalf("signals %+v: want the one follow-up due today, for Mark", got)
	}
	// Mark is not the case's client manager, but it is his follow-up.
	mark := access.Actor{UserID: &f.mark, Name: "Mark", Municipalities: []int32{1},
		Permits: func(m int32, _, action string) bool { return m == 1 && action != "assign" }}
	items, err = f.svc.Caseload(ctx, mark, worklist.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(followUps(items, k)) != 1 {
		t.Fatalf("Mark's werklijst: %d cases; want the case of his follow-up with its signal", len(items))
	}
	f.exec(t, `UPDATE case_notes SET follow_up_done_at = now(), follow_up_done_by = ? WHERE id = ?`, f.mark, due)
	items, err = f.svc.Caseload(ctx, mark, worklist.Filter{})
	if err != nil || len(items) != 0 {
		t.Errorf("after the follow-up: Mark's werklijst has %d cases, %v; want none", len(items), err)
	}
	items, err = f.svc.Caseload(ctx, f.client, worklist.Filter{})
	if err != nil || len(followUps(items, k)) != 0 {
		t.Errorf("after the follow-up: still %d signals, %v", len(followUps(items, k)), err)
	}
}
