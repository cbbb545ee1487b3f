package outcomes

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/startbaan/startbaan/internal/placements"
)

// TestComparisonRevealsNothing builds random comparisons — 2 to 6 municipalities,
// some shown whole (the reader's own), and the total — protects them as PublishAll
// does, and checks with an independent floating-point rank test that no suppressed
// count can be worked out from everything the reader sees, the whole columns
// included, through the stage sums, the offer sums and the sums across columns.
func TestComparisonRevealsNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for n := 0; n < 200; n++ {
		cols := make([]Figures, 2+rng.IntN(5))
		detail := make([]bool, len(cols))
		for i := range cols {
			cols[i], detail[i] = randomFigures(rng), rng.IntN(4) == 0
		}
		total := sumFigures(cols)
		all := true // the total goes out whole only when every column does (as in Build)
		for _, d := range detail {
			all = all && d
		}
		tb := newTable()
		var lay []layout
		for i, f := range append(append([]Figures{}, cols...), total) {
			lay = append(lay, tb.column(f, i < len(cols) && detail[i] || i == len(cols) && all))
		}
		tb.across(lay[:len(cols)], lay[len(cols)])
		tb.suppress()
		for i, c := range tb.cells {
			if !c.Fixed && c.Count < MinCases && !c.Suppressed {
				t.Fatalf("comparison %d: cell %d with %d cases published", n, i, c.Count)
			}
		}
		oracle := withCopies(tb)
		if i, ok := determinedIndependently(tb.cells, oracle); ok {
			t.Fatalf("comparison %d: suppressed cell %d (%d cases) can be worked out", n, i, tb.cells[i].Count)
		}
		if z := zeroSlack(tb.cells, tb.lines); len(z) > 0 {
			t.Fatalf("comparison %d: suppressed zeros %v given away by a total they must add up to", n, z)
		}
	}
}

// withCopies adds to a table's lines what else the reader knows: both copies of a
// column's placements and of its cohort are equal, and without closures the first two
// steps equal their stages (a case still there went no further).
func withCopies(tb *table) []Line {
	oracle := append([]Line{}, tb.lines...)
	for _, p := range tb.alike {
		if p.equal {
			oracle = append(oracle, Line{Parts: []int{p.a}, Total: p.b})
		}
	}
	return oracle
}

func randomFigures(rng *rand.Rand) Figures {
	small := func() int {
		if rng.IntN(3) == 0 {
			return rng.IntN(10)
		}
		return rng.IntN(120)
	}
	f := Figures{ByStage: map[string]int{}}
	for _, s := range Stages {
		f.ByStage[s] = small()
		f.Cases += f.ByStage[s]
	}
	randomFlow(rng, &f)
	f.Offer.Denominator = rng.IntN(f.Cases + 1)
	f.Offer.Numerator = rng.IntN(f.Offer.Denominator + 1)
	for _, d := range durations {
		f.Durations = append(f.Durations, Duration{Name: d[0], Cases: rng.IntN(f.Cases + 1)})
	}
	f.Placements = Placements{ByContract: map[string]int{}, BySector: map[string]int{}}
	for _, c := range ContractTypes {
		f.Placements.ByContract[c] = small() / 3
		f.Placements.Count += f.Placements.ByContract[c]
	}
	rest := f.Placements.Count
	for i, sec := range placements.Sectors {
		n := rest
		if i < len(placements.Sectors)-1 {
			n = rng.IntN(rest + 1)
		}
		f.Placements.BySector[sec], rest = n, rest-n
	}
	return f
}

// randomFlow spreads the cases over the furthest steps as the stages allow: cases in
// aangemeld or gevestigd got no further, closed cases stopped anywhere, the others
// reached their stage or went further and came back.
func randomFlow(rng *rand.Rand, f *Figures) {
	f.Furthest = map[string]int{}
	for _, s := range Steps[:2] {
		f.Furthest[s] = f.ByStage[s]
	}
	for i := 0; i < f.ByStage["afgesloten"]; i++ {
		f.Furthest[Steps[rng.IntN(len(Steps))]]++
	}
	for k, s := range Steps[2:] {
		for i := 0; i < f.ByStage[s]; i++ {
			f.Furthest[Steps[2+k+rng.IntN(len(Steps)-2-k)]]++
		}
	}
}

// determinedIndependently: with the suppressed cells as unknowns (published and fixed
// cells known), reduce the equations over the unknowns to row echelon form in floating
// point; a cell is determined when a reduced row has its only non-zero entry there.
func determinedIndependently(cells []Cell, lines []Line) (int, bool) {
	col := map[int]int{}
	var unknown []int
	for i, c := range cells {
		if c.Suppressed {
			col[i] = len(unknown)
			unknown = append(unknown, i)
		}
	}
	var m [][]float64
	for _, l := range lines {
		row := make([]float64, len(unknown))
		for _, p := range l.Parts {
			if j, ok := col[p]; ok {
				row[j]++
			}
		}
		if j, ok := col[l.Total]; ok {
			row[j]--
		}
		m = append(m, row)
	}
	lead := 0
	for c := 0; c < len(unknown) && lead < len(m); c++ {
		p := lead
		for i := lead + 1; i < len(m); i++ {
			if math.Abs(m[i][c]) > math.Abs(m[p][c]) {
				p = i
			}
		}
		if math.Abs(m[p][c]) < 1e-9 {
			continue
		}
		m[lead], m[p] = m[p], m[lead]
		pv := m[lead][c]
		for k := range m[lead] {
			m[lead][k] /= pv
		}
		for i := range m {
			if i != lead && math.Abs(m[i][c]) > 1e-12 {
				f := m[i][c]
				for k := range m[i] {
					m[i][k] -= f * m[lead][k]
				}
			}
		}
		lead++
	}
	for _, row := range m[:lead] {
		at, n := -1, 0
		for j, v := range row {
			if math.Abs(v) > 1e-9 {
				at, n = j, n+1
			}
		}
		if n == 1 {
			return unknown[at], true
		}
	}
	return 0, false
}

// TestBridgesAgreeWithElimination: the linear-time graph test and exact elimination
// name the same determined cells on random comparisons with random suppression.
func TestBridgesAgreeWithElimination(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	for n := 0; n < 300; n++ {
		tb := newTable()
		var lay []layout
		cols := 1 + rng.IntN(4)
		for i := 0; i <= cols; i++ {
			lay = append(lay, tb.column(randomFigures(rng), rng.IntN(5) == 0))
		}
		tb.across(lay[:cols], lay[cols])
		for i := range tb.cells {
			tb.cells[i].Suppressed = rng.IntN(3) == 0
		}
		for _, zerosKnown := range []bool{true, false} {
			got, ok := bridges(tb.cells, tb.lines, zerosKnown)
			want := exactlyRevealed(tb.cells, tb.lines, zerosKnown)
			if !ok || len(got) != len(want) {
				t.Fatalf("table %d: bridges %v, elimination %v", n, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("table %d: bridges %v, elimination %v", n, got, want)
				}
			}
		}
	}
}

// TestGroupsRevealNothing: random reports split into 2–4 groups over 1–4
// municipalities, with the overall figures known to the reader; no suppressed cell can
// be worked out (independent floating-point elimination).
func TestGroupsRevealNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	for n := 0; n < 60; n++ {
		groups, munis := 2+rng.IntN(3), 1+rng.IntN(4)
		detail := make([]bool, munis)
		all := true
		for m := range detail {
			detail[m] = rng.IntN(4) == 0
			all = all && detail[m]
		}
		cells := make([][]Figures, groups)
		totals := make([]Figures, groups)
		for g := range cells {
			for m := 0; m < munis; m++ {
				f := randomFigures(rng)
				for i := range shareDefs {
					den := rng.IntN(f.Cases + 1)
					f.Shares = append(f.Shares, NamedShare{Name: shareDefs[i].name, Share: Share{Numerator: rng.IntN(den + 1), Denominator: den}})
				}
				cells[g] = append(cells[g], f)
			}
			totals[g] = sumFigures(cells[g])
		}
		overall := make([]Figures, munis)
		for m := range overall {
			var col []Figures
			for g := range cells {
				col = append(col, cells[g][m])
			}
			overall[m] = sumFigures(col)
		}
		tb, _, _ := groupTable(cells, totals, overall, sumFigures(totals), detail, all)
		tb.suppress()
		for i, c := range tb.cells {
			if !c.Fixed && c.Count < MinCases && !c.Suppressed {
				t.Fatalf("report %d: cell %d with %d cases published", n, i, c.Count)
			}
		}
		if i, ok := determinedIndependently(tb.cells, withCopies(tb)); ok {
			t.Fatalf("report %d (%d groups × %d municipalities): suppressed cell %d (%d cases) can be worked out", n, groups, munis, i, tb.cells[i].Count)
		}
	}
}

// TestCurvesHideTheStartsOfASmallColumn: A has 70 cases and 30 starts by 3 months, B 40
// and 5. B's estimate is hidden; with the total's estimate (35 of 110) and A's (30 of
// 70) shown, B's 5 would follow by subtraction, so one of them is hidden too.
func TestCurvesHideTheStartsOfASmallColumn(t *testing.T) {
	point := func(cases, starts int) []AtWork {
		return []AtWork{{Horizon: Horizons[0], Cases: cases, Events: starts, Share: float64(starts) / float64(cases)}}
	}
	cols, total := publishCurves([][]AtWork{point(70, 30), point(40, 5)}, []bool{false, false}, []bool{false, false},
		point(110, 35), false, false)
	a, b, tot := cols[0][0].Share != nil, cols[1][0].Share != nil, total[0].Share != nil
	if b || (a && tot) {
		t.Errorf("shown: A %v, B %v, total %v", a, b, tot)
	}
	// Seen whole, A is known; then the total must be hidden.
	cols, total = publishCurves([][]AtWork{point(70, 30), point(40, 5)}, []bool{true, false}, []bool{false, false},
		point(110, 35), false, false)
	if cols[0][0].Share == nil || cols[1][0].Share != nil || total[0].Share != nil {
		t.Errorf("with A whole: A %v, B %v, total %v", cols[0][0].Share != nil, cols[1][0].Share != nil, total[0].Share != nil)
	}
}

// TestHoursFigures: A has 30 cases with 300 reported weeks (6,000 work hours, 2,400
// integration hours, 150 weeks on target): 20.0 and 8.0 hours a week, half the weeks on
// target. B has 4 cases: hidden, and so is A or the total, which would give B away.
func TestHoursFigures(t *testing.T) {
	a := Hours{Cases: 30, Weeks: 300, WorkHours: 6000, IntegrationHours: 2400, WeeksOnTarget: 150}
	b := Hours{Cases: 4, Weeks: 40, WorkHours: 500, IntegrationHours: 300, WeeksOnTarget: 10}
	total := Hours{Cases: 34, Weeks: 340, WorkHours: 6500, IntegrationHours: 2700, WeeksOnTarget: 160}
	cols, tot := publishHours([]Hours{a, b}, []bool{true, false}, total, false)
	if cols[0].MeanWorkHours == nil || *cols[0].MeanWorkHours != 20 || *cols[0].MeanIntegrationHours != 8 || *cols[0].WeeksOnTargetShare != 0.5 {
		t.Errorf("A: %+v", cols[0])
	}
	if cols[1].MeanWorkHours != nil || !cols[1].Cases.Suppressed || tot.MeanWorkHours != nil || !tot.Cases.Suppressed {
		t.Errorf("B or the total shown: %+v %+v", cols[1], tot)
	}
}

// sumFigures adds up the counts of columns, as a total of them would hold.
func sumFigures(fs []Figures) Figures {
	s := Figures{ByStage: map[string]int{}, Furthest: map[string]int{}, Placements: Placements{ByContract: map[string]int{}, BySector: map[string]int{}}}
	for _, f := range fs {
		s.Cases += f.Cases
		for k, v := range f.ByStage {
			s.ByStage[k] += v
		}
		for k, v := range f.Furthest {
			s.Furthest[k] += v
		}
		s.Offer.Numerator += f.Offer.Numerator
		s.Offer.Denominator += f.Offer.Denominator
		for j, d := range f.Durations {
			if len(s.Durations) <= j {
				s.Durations = append(s.Durations, Duration{Name: d.Name})
			}
			s.Durations[j].Cases += d.Cases
		}
		for j, sh := range f.Shares {
			if len(s.Shares) <= j {
				s.Shares = append(s.Shares, NamedShare{Name: sh.Name})
			}
			s.Shares[j].Numerator += sh.Numerator
			s.Shares[j].Denominator += sh.Denominator
		}
		s.Placements.Count += f.Placements.Count
		for k, v := range f.Placements.ByContract {
			s.Placements.ByContract[k] += v
		}
		for k, v := range f.Placements.BySector {
			s.Placements.BySector[k] += v
		}
	}
	return s
}
