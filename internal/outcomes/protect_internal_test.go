package outcomes

import (
	"math"
	"math/rand/v2"
	"testing"
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
		var total Figures
		total.ByStage = map[string]int{}
		for i := range cols {
			f := randomFigures(rng)
			cols[i], detail[i] = f, rng.IntN(4) == 0
			total.Cases += f.Cases
			for s, v := range f.ByStage {
				total.ByStage[s] += v
			}
			total.Offer.Numerator += f.Offer.Numerator
			total.Offer.Denominator += f.Offer.Denominator
			for j, d := range f.Durations {
				if len(total.Durations) <= j {
					total.Durations = append(total.Durations, Duration{Name: d.Name})
				}
				total.Durations[j].Cases += d.Cases
			}
		}
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
		Suppress(tb.cells, tb.lines)
		for i, c := range tb.cells {
			if !c.Fixed && c.Count < MinCases && !c.Suppressed {
				t.Fatalf("comparison %d: cell %d with %d cases published", n, i, c.Count)
			}
		}
		if i, ok := determinedIndependently(tb.cells, tb.lines); ok {
			t.Fatalf("comparison %d: suppressed cell %d (%d cases) can be worked out", n, i, tb.cells[i].Count)
		}
	}
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
	f.Offer.Denominator = rng.IntN(f.Cases + 1)
	f.Offer.Numerator = rng.IntN(f.Offer.Denominator + 1)
	for _, d := range durations {
		f.Durations = append(f.Durations, Duration{Name: d[0], Cases: rng.IntN(f.Cases + 1)})
	}
	return f
}

// determinedIndependently: with the suppressed cells as unknowns (published and fixed
// cells known), a cell is determined when dropping its column from the equation
// matrix lowers the rank.
func determinedIndependently(cells []Cell, lines []Line) (int, bool) {
	var unknown []int
	for i, c := range cells {
		if c.Suppressed {
			unknown = append(unknown, i)
		}
	}
	matrix := func(skip int) [][]float64 {
		var m [][]float64
		for _, l := range lines {
			row := []float64{}
			for _, u := range unknown {
				if u == skip {
					continue
				}
				v := 0.0
				for _, p := range l.Parts {
					if p == u {
						v++
					}
				}
				if l.Total == u {
					v--
				}
				row = append(row, v)
			}
			m = append(m, row)
		}
		return m
	}
	full := floatRank(matrix(-1))
	for _, u := range unknown {
		if floatRank(matrix(u)) < full {
			return u, true
		}
	}
	return 0, false
}

func floatRank(m [][]float64) int {
	if len(m) == 0 || len(m[0]) == 0 {
		return 0
	}
	r := 0
	for c := 0; c < len(m[0]) && r < len(m); c++ {
		p := r
		for i := r + 1; i < len(m); i++ {
			if math.Abs(m[i][c]) > math.Abs(m[p][c]) {
				p = i
			}
		}
		if math.Abs(m[p][c]) < 1e-9 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		for i := r + 1; i < len(m); i++ {
			f := m[i][c] / m[r][c]
			for k := c; k < len(m[0]); k++ {
				m[i][k] -= f * m[r][k]
			}
		}
		r++
	}
	return r
}
