package journal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/journal"
)

type fixture struct {
	db                 *gorm.DB
	svc                *journal.Service
	caseID, otherCase  uuid.UUID
	km, colleague, tl  access.Actor
	analyst, elsewhere access.Actor
}

// today is Wednesday 2026-06-17.
var today = time.Date(2026, 6, 17, 0, 0, 0, 0, time.UTC)

// roleActor is an actor as the enforcer makes it: perms per municipality.
func roleActor(t *testing.T, db *gorm.DB, name string, m int32, perms ...string) access.Actor {
	t.Helper()
	id := uuid.New()
	code := map[int32]string{1: "GM0363", 2: "GM0772"}[m]
	role := "analist"
	for _, p := range perms {
		if p == "cases/write" {
			role = "klantmanager"
		}
	}
	exec(t, db, `INSERT INTO users (id, email, name) VALUES (?, ?, ?)`, id, id.String()+"@x.nl", name)
	exec(t, db, `INSERT INTO role_assignments (user_id, domain, role) VALUES (?, ?, ?)`, id, code, role)
	return access.Actor{UserID: &id, Name: name, Municipalities: []int32{m},
		Roles: map[int32]string{m: role},
		Permits: func(mm int32, object, action string) bool {
			for _, p := range perms {
				if mm == m && p == object+"/"+action {
					return true
				}
			}
			return false
		}}
}

func exec(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := dbtest.Gorm(t)
	exec(t, db, `INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`)
	f := fixture{db: db, caseID: uuid.New(), otherCase: uuid.New()}
	for i, id := range []uuid.UUID{f.caseID, f.otherCase} {
		clientID := uuid.New()
		exec(t, db, `INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender,
			country_of_birth, residence_permit_date, household_type, language_level_intake)
			VALUES (?, ?, '\x00', ?, 'X', '1990-01-01', 'man', 'SY', '2025-12-01', 'alleenstaand', 'A0')`,
			clientID, i+1, []byte{byte(i)})
		exec(t, db, `INSERT INTO cases (id, municipality_id, client_id, stage, stage_entered_on, registered_on)
			VALUES (?, ?, ?, 'aan_het_werk', '2026-02-01', '2026-01-05')`, id, i+1, clientID)
	}
	f.svc = journal.NewService(db, func() time.Time { return today.Add(12 * time.Hour) })
	f.km = roleActor(t, db, "Karin", 1, "cases/read", "cases/write")
	f.colleague = roleActor(t, db, "Cor", 1, "cases/read", "cases/write")
	f.tl = roleActor(t, db, "Tessa", 1, "cases/read", "cases/write", "cases/assign")
	f.analyst = roleActor(t, db, "Anna", 1, "outcomes/read")
	f.elsewhere = roleActor(t, db, "Eva", 2, "cases/read", "cases/write")
	return f
}

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func (f fixture) audits(t *testing.T, action string) int {
	t.Helper()
	var n int
	err := f.db.Raw(`SELECT count(*) FROM audit_events WHERE object_type = 'case-note' AND action = ?
		AND case_id = ?`, action, f.caseID).Scan(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAddListAndAudit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	n, err := f.svc.Add(ctx, f.km, f.caseID, journal.Input{Kind: "gesprek", Body: "  Intake met de tolk.  ",
		FollowUpOn: day("2026-06-20")})
	if err != nil {
		t.Fatal(err)
	}
	if n.Body != "Intake met de tolk." || !n.ContactOn.Equal(today) || n.AuthorName != "Karin" {
		t.Errorf("note %+v: want trimmed text, today, the author", n)
	}
	if n.FollowUpUserID == nil || *n.FollowUpUserID != *f.km.UserID || textOf(n.FollowUpUserName) != "Karin" {
		t.Errorf("follow-up person %v: want the author by default", n.FollowUpUserID)
	}
	if f.audits(t, "aanmaken") != 1 {
		t.Error("no audit row for the new note")
	}
	if _, err := f.svc.Add(ctx, f.km, f.caseID, journal.Input{ContactOn: day("2026-06-10"), Kind: "telefoon",
		Body: "Gebeld met Café Élan over de werktijden."}); err != nil {
		t.Fatal(err)
	}
	list, err := f.svc.List(ctx, f.tl, f.caseID, journal.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Kind != "gesprek" || list[1].Kind != "telefoon" {
		t.Fatalf("list %+v: want the newest contact first", list)
	}
	if f.audits(t, "lezen") != 1 {
		t.Error("the read of the notes is not audited")
	}
	for _, q := range []string{"cafe elan", "CAFÉ", "élan over"} {
		found, err := f.svc.List(ctx, f.km, f.caseID, journal.Filter{Q: q})
		if err != nil || len(found) != 1 || found[0].Kind != "telefoon" {
			t.Errorf("search %q: %d notes, %v; want the call", q, len(found), err)
		}
	}
	for _, q := range []string{"100%", "zzz", "_"} {
		found, err := f.svc.List(ctx, f.km, f.caseID, journal.Filter{Q: q})
		if err != nil || len(found) != 0 {
			t.Errorf("search %q: %d notes, %v; want none", q, len(found), err)
		}
	}
}

func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestAddRefusesWhatIsWrong(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	outsider := f.elsewhere.UserID
	for name, tc := range map[string]struct {
		in    journal.Input
		field string
	}{
		"no text":          {journal.Input{Kind: "gesprek", Body: "   "}, "body"},
		"too long":         {journal.Input{Kind: "gesprek", Body: strings.Repeat("é", journal.MaxBody+1)}, "body"},
		"unknown kind":     {journal.Input{Kind: "brief", Body: "x"}, "kind"},
		"future contact":   {journal.Input{Kind: "gesprek", Body: "x", ContactOn: day("2026-06-18")}, "contactOn"},
		"follow-up before": {journal.Input{Kind: "gesprek", Body: "x", FollowUpOn: day("2026-06-16")}, "followUpOn"},
		"person, no date":  {journal.Input{Kind: "gesprek", Body: "x", FollowUpUserID: f.tl.UserID}, "followUpOn"},
		"other municipality's person": {journal.Input{Kind: "gesprek", Body: "x", FollowUpOn: day("2026-06-20"),
			FollowUpUserID: outsider}, "followUpUserId"},
	} {
		_, err := f.svc.Add(ctx, f.km, f.caseID, tc.in)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid || len(e.Fields) == 0 || e.Fields[0].Name != tc.field {
			t.Errorf("%s: %v, want a problem with %s", name, err, tc.field)
		}
		if ok && strings.Contains(e.Error(), "x") && tc.in.Body == "x" && strings.Contains(e.Detail, " x") {
			t.Errorf("%s: the error repeats the note's text", name)
		}
	}
	if f.audits(t, "aanmaken") != 0 {
		t.Error("a refused note was audited as written")
	}
}

func TestScopeAndRoles(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	n, err := f.svc.Add(ctx, f.km, f.caseID, journal.Input{Kind: "huisbezoek", Body: "Thuis bezocht."})
	if err != nil {
		t.Fatal(err)
	}
	// Another municipality's client manager: the case does not exist for her.
	if _, err := f.svc.List(ctx, f.elsewhere, f.caseID, journal.Filter{}); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("other municipality lists: %v, want not found", err)
	}
	if _, err := f.svc.Add(ctx, f.elsewhere, f.caseID, journal.Input{Kind: "overig", Body: "y"}); !errs.Is(err,
		errs.KindNotFound) {
		t.Errorf("other municipality adds: %v, want not found", err)
	}
	if _, err := f.svc.Withdraw(ctx, f.elsewhere, f.caseID, n.ID, "fout"); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("other municipality withdraws: %v, want not found", err)
	}
	// A note of another case is not found through this case.
	if _, err := f.svc.CompleteFollowUp(ctx, f.elsewhere, f.otherCase, n.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("note through another case: %v, want not found", err)
	}
	// An analyst reads figures, never notes.
	if _, err := f.svc.List(ctx, f.analyst, f.caseID, journal.Filter{}); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("analyst lists: %v, want not found", err)
	}
	if _, err := f.svc.Add(ctx, f.analyst, f.caseID, journal.Input{Kind: "overig", Body: "y"}); !errs.Is(err,
		errs.KindNotFound) {
		t.Errorf("analyst adds: %v, want not found", err)
	}
	// A team lead reads and writes.
	if _, err := f.svc.Add(ctx, f.tl, f.caseID, journal.Input{Kind: "overig", Body: "Teamoverleg."}); err != nil {
		t.Errorf("team lead adds: %v", err)
	}
}

func TestFollowUpAndWithdraw(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	n, err := f.svc.Add(ctx, f.km, f.caseID, journal.Input{Kind: "werkgever", Body: "Werkgever belt terug.",
		FollowUpOn: day("2026-06-17"), FollowUpUserID: f.colleague.UserID})
	if err != nil {
		t.Fatal(err)
	}
	if !n.FollowUpDue(today) || textOf(n.FollowUpUserName) != "Cor" {
		t.Errorf("note %+v: want a follow-up due today for Cor", n)
	}
	done, err := f.svc.CompleteFollowUp(ctx, f.colleague, f.caseID, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.FollowUpDoneAt == nil || textOf(done.FollowUpDoneByName) != "Cor" || done.FollowUpDue(today) {
		t.Errorf("completed %+v: want done by Cor and no longer due", done)
	}
	if _, err := f.svc.CompleteFollowUp(ctx, f.km, f.caseID, n.ID); !errs.Is(err, errs.KindConflict) {
		t.Errorf("completing twice: %v, want a conflict", err)
	}
	if _, err := f.svc.Withdraw(ctx, f.km, f.caseID, n.ID, "  "); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("withdraw without a reason: %v, want invalid", err)
	}
	w, err := f.svc.Withdraw(ctx, f.km, f.caseID, n.ID, "Verkeerd dossier.")
	if err != nil {
		t.Fatal(err)
	}
	if w.WithdrawnAt == nil || textOf(w.WithdrawnReason) != "Verkeerd dossier." {
		t.Errorf("withdrawn %+v", w)
	}
	if _, err := f.svc.Withdraw(ctx, f.km, f.caseID, n.ID, "nog eens"); !errs.Is(err, errs.KindConflict) {
		t.Errorf("withdrawing twice: %v, want a conflict", err)
	}
	if f.audits(t, "wijzigen") != 2 {
		t.Errorf("want 2 audited changes, got %d", f.audits(t, "wijzigen"))
	}
	shown, err := f.svc.List(ctx, f.km, f.caseID, journal.Filter{})
	if err != nil || len(shown) != 0 {
		t.Errorf("withdrawn notes are listed by default: %d, %v", len(shown), err)
	}
	all, err := f.svc.List(ctx, f.km, f.caseID, journal.Filter{WithWithdrawn: true})
	if err != nil || len(all) != 1 || all[0].WithdrawnAt == nil {
		t.Errorf("asked for withdrawn notes: %d, %v", len(all), err)
	}
}

// TestNotesCannotBeRewritten: the application's role may not edit a note's text nor
// delete a note, whatever the code does.
func TestNotesCannotBeRewritten(t *testing.T) {
	f := newFixture(t)
	n, err := f.svc.Add(context.Background(), f.km, f.caseID, journal.Input{Kind: "gesprek", Body: "Origineel."})
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`UPDATE case_notes SET body = 'Anders.' WHERE id = ?`,
		`UPDATE case_notes SET contact_on = '2026-01-01' WHERE id = ?`,
		`DELETE FROM case_notes WHERE id = ?`,
	} {
		if err := f.db.Exec(sql, n.ID).Error; err == nil {
			t.Errorf("%s: allowed", sql)
		}
	}
	if err := f.db.Exec(`TRUNCATE case_notes`).Error; err == nil {
		t.Error("TRUNCATE allowed")
	}
}

func TestClosedCaseTakesNoNotes(t *testing.T) {
	f := newFixture(t)
	exec(t, f.db, `UPDATE cases SET stage = 'afgesloten', closed_on = '2026-06-01' WHERE id = ?`, f.caseID)
	_, err := f.svc.Add(context.Background(), f.km, f.caseID, journal.Input{Kind: "gesprek", Body: "Na afsluiting."})
	if !errs.Is(err, errs.KindConflict) {
		t.Errorf("note on a closed case: %v, want a conflict", err)
	}
}

func TestPeople(t *testing.T) {
	f := newFixture(t)
	people, err := f.svc.People(context.Background(), f.km, f.caseID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range people {
		names = append(names, p.Name)
	}
	if strings.Join(names, ",") != "Cor,Karin,Tessa" {
		t.Errorf("people %v: want the municipality's client managers and team leads", names)
	}
}
