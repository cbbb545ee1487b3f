package outcomes_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/startbaan/startbaan/internal/outcomes"
)

func counts(cs []outcomes.Cell) (out []bool) {
	for _, c := range cs {
		out = append(out, c.Suppressed)
	}
	return out
}

// A funnel-like line worked by hand: 25 + 4 + 30 = 59. The 4 is suppressed; with
// the total published, 59 − 25 − 30 gives it away, so the smallest published part, 25,
// goes too. 59 − 30 = 29 then only tells the sum of the two.
func TestSuppressOneLineByHand(t *testing.T) {
	cells := []outcomes.Cell{{Count: 25}, {Count: 4}, {Count: 30}, {Count: 59}}
	outcomes.Suppress(cells, []outcomes.Line{{Parts: []int{0, 1, 2}, Total: 3}})
	want := []bool{true, true, false, false}
	for i, w := range want {
		if cells[i].Suppressed != w {
			t.Fatalf("suppressed %v, want %v", counts(cells), want)
		}
	}
}

// A 2×2 table with row, column and grand totals, worked by hand:
//
//	 3 | 20 | 23
//	40 | 50 | 90
//	43 | 70 | 113
//
// The 3 is primary. Its row total gives it away (23 − 20), and so does its column
// (43 − 40): the row's smallest published part (20) and then the column's (40) go
// too, and then 50 as well, since 20 and 40 would each be revealed by their other
// line (90 − 50, 70 − 50). All four inner cells hidden; the totals stay.
func TestSuppressTableByHand(t *testing.T) {
	cells := []outcomes.Cell{{Count: 3}, {Count: 20}, {Count: 23}, {Count: 40}, {Count: 50}, {Count: 90},
		{Count: 43}, {Count: 70}, {Count: 113}}
	lines := []outcomes.Line{
		{Parts: []int{0, 1}, Total: 2}, {Parts: []int{3, 4}, Total: 5}, {Parts: []int{6, 7}, Total: 8},
		{Parts: []int{0, 3}, Total: 6}, {Parts: []int{1, 4}, Total: 7}, {Parts: []int{2, 5}, Total: 8},
	}
	outcomes.Suppress(cells, lines)
	want := []bool{true, true, false, true, true, false, false, false, false}
	for i, w := range want {
		if cells[i].Suppressed != w {
			t.Fatalf("suppressed %v, want %v", counts(cells), want)
		}
	}
}

// TestNoSuppressedCellCanBeWorkedOut builds random tables (rows × columns with row,
// column and grand totals), suppresses them, and checks with an independent method
// that no combination of the published cells and the totals' equations determines
// a suppressed cell: cell i is determined exactly when its column of the equation
// matrix over the suppressed cells is independent of the others, that is when
// dropping it lowers the rank.
func TestNoSuppressedCellCanBeWorkedOut(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for n := 0; n < 300; n++ {
		rows, cols := 1+rng.IntN(5), 1+rng.IntN(5)
		cells, lines := randomTable(rng, rows, cols)
		outcomes.Suppress(cells, lines)
		for i, c := range cells {
			if c.Count < outcomes.MinCases && !c.Suppressed {
				t.Fatalf("table %d: cell %d (%d cases) published", n, i, c.Count)
			}
		}
		if i, ok := determined(cells, lines); ok {
			t.Fatalf("table %d (%d×%d): suppressed cell %d can be worked out: %+v", n, rows, cols, i, cells)
		}
	}
}

// randomTable lays out rows×cols inner cells, then the row totals, the column totals
// and the grand total, with the lines that tie them together.
func randomTable(rng *rand.Rand, rows, cols int) ([]outcomes.Cell, []outcomes.Line) {
	inner := make([]int, rows*cols)
	for i := range inner {
		if rng.IntN(3) == 0 {
			inner[i] = rng.IntN(10) // often small
		} else {
			inner[i] = rng.IntN(200)
		}
	}
	var cells []outcomes.Cell
	for _, v := range inner {
		cells = append(cells, outcomes.Cell{Count: v})
	}
	rowTotal := func(r int) int { return rows*cols + r }
	colTotal := func(c int) int { return rows*cols + rows + c }
	grand := rows*cols + rows + cols
	var lines []outcomes.Line
	sum := 0
	for r := 0; r < rows; r++ {
		s, parts := 0, []int{}
		for c := 0; c < cols; c++ {
			s += inner[r*cols+c]
			parts = append(parts, r*cols+c)
		}
		cells = append(cells, outcomes.Cell{Count: s})
		lines = append(lines, outcomes.Line{Parts: parts, Total: rowTotal(r)})
		sum += s
	}
	var totals []int
	for c := 0; c < cols; c++ {
		s, parts := 0, []int{}
		for r := 0; r < rows; r++ {
			s += inner[r*cols+c]
			parts = append(parts, r*cols+c)
		}
		cells = append(cells, outcomes.Cell{Count: s})
		lines = append(lines, outcomes.Line{Parts: parts, Total: colTotal(c)})
		totals = append(totals, colTotal(c))
	}
	cells = append(cells, outcomes.Cell{Count: sum})
	var rowTotals []int
	for r := 0; r < rows; r++ {
		rowTotals = append(rowTotals, rowTotal(r))
	}
	lines = append(lines, outcomes.Line{Parts: rowTotals, Total: grand}, outcomes.Line{Parts: totals, Total: grand})
	return cells, lines
}

// determined is an independent check in floating point: the rank of the equations
// over the suppressed cells, with and without each cell's column.
func determined(cells []outcomes.Cell, lines []outcomes.Line) (int, bool) {
	var unknown []int
	for i, c := range cells {
		if c.Suppressed && c.Count != 0 { // the stronger test: suppressed zeros count as known
			unknown = append(unknown, i)
		}
	}
	matrix := func(skip int) [][]float64 {
		var m [][]float64
		for _, l := range lines {
			row := make([]float64, 0, len(unknown))
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
	full := rank(matrix(-1))
	for _, u := range unknown {
		if rank(matrix(u)) < full {
			return u, true
		}
	}
	return 0, false
}

// rank by Gaussian elimination with partial pivoting.
func rank(m [][]float64) int {
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
