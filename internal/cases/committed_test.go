package cases_test

import (
	"context"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestStoredWritesAnswerSuccess makes every query after a commit fail (the request's
// context ends at the commit) and expects each write to answer with what it stored:
// a write that committed and then answered an error made clients retry it, and
// duplicate a PIP or a result.
func TestStoredWritesAnswerSuccess(t *testing.T) {
	f := newFixture(t)
	cancel := func() {}
	svc := cases.NewService(
		dbtest.AfterWrite(t, f.handle, func() { cancel() }),
		f.sealer,
		func() time.Time { return f.now },
	)
	var c cases.Case
	steps := []struct {
		name  string
		write func(ctx context.Context) (cases.Case, error)
		check func(cases.Case) bool
	}{
		{"create", func(ctx context.Context) (cases.Case, error) {
			return svc.Create(ctx, f.actor, f.newCase("GM0363", "123456782"))
		}, func(got cases.Case) bool {
			return got.Stage == cases.StageAangemeld && got.Client.Name == "Amina Haddad"
		}},
		{"transition", func(ctx context.Context) (cases.Case, error) {
			return svc.Transition(
				ctx,
				f.actor,
				c.ID,
				cases.TransitionInput{To: cases.StageGevestigd, On: day("2026-01-12")},
			)
		}, func(got cases.Case) bool { return got.Stage == cases.StageGevestigd && got.Version == 2 }},
		{"update", func(ctx context.Context) (cases.Case, error) {
			return svc.Update(
				ctx,
				f.actor,
				c.ID,
				c.Version,
				cases.Patch{Values: cases.Values{"benefitKind": "volledig"}},
			)
		}, func(got cases.Case) bool { return got.Benefit.Kind != nil && *got.Benefit.Kind == "volledig" }},
		{"update without a change", func(ctx context.Context) (cases.Case, error) {
			return svc.Update(
				ctx,
				f.actor,
				c.ID,
				c.Version,
				cases.Patch{Values: cases.Values{"benefitKind": "volledig"}},
			)
		}, func(got cases.Case) bool { return got.Version == c.Version }},
		{"PIP", func(ctx context.Context) (cases.Case, error) {
			return svc.AddPIP(ctx, f.actor, c.ID, cases.NewPIP{DrawnUpOn: day("2026-02-02"), Route: "b1"})
		}, func(got cases.Case) bool { return len(got.Integration.PIPs) == 1 }},
		{"result", func(ctx context.Context) (cases.Case, error) {
			return svc.AddResult(
				ctx,
				f.actor,
				c.ID,
				cases.NewResult{Kind: "map", Outcome: "afgerond", OnDate: day("2026-03-02")},
			)
		}, func(got cases.Case) bool { return len(got.Integration.Results) == 1 }},
	}
	for _, s := range steps {
		ctx, end := context.WithCancel(context.Background())
		cancel = end
		got, err := s.write(ctx)
		end()
		if err != nil {
			t.Fatalf("%s: stored, but answered %v", s.name, err)
		}
		if !s.check(got) {
			t.Errorf("%s: answered %+v", s.name, got)
		}
		c = got
	}
}
