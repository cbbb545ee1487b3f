// Package outcomes computes the figures municipalities compare and the ministry
// aggregates (docs/domain.md, "Outcome measures"), and protects them: a figure based on fewer than
// MinCases cases is not published, and neither is any cell from which a suppressed one
// could be worked out.
package outcomes

import (
	"math/bits"
	"sort"
)

// MinCases is the smallest number of cases a published figure may rest on.
const MinCases = 10

// Cell is one count of a table, with whether it may be published. A Fixed cell goes
// out whole whatever its size (the reader works the cases it counts): it is never
// suppressed, and it is known to the reader when others are checked.
type Cell struct {
	Count      int
	Suppressed bool
	Fixed      bool
}

// Line says that the cells Parts add up to the cell Total: a row or a column with
// its total, a funnel with its population. A published total is what lets a reader
// work out a suppressed part from its published siblings.
type Line struct {
	Parts []int
	Total int
}

// Suppress marks every cell below MinCases (primary suppression), then keeps
// suppressing more cells (secondary suppression), smallest first, until no suppressed
// cell can be worked out from the published cells through any combination of the
// lines. It changes cells in place.
func Suppress(cells []Cell, lines []Line) {
	for i := range cells {
		if cells[i].Count < MinCases && !cells[i].Fixed {
			cells[i].Suppressed = true
		}
	}
	through := map[int][]int{} // cell → the lines it lies in
	for li, l := range lines {
		for _, p := range append([]int{l.Total}, l.Parts...) {
			through[p] = append(through[p], li)
		}
	}
	// Two readings at once: as if suppressed zeros were known (a reader may guess that a
	// stage is empty, so an empty cell must not be what hides a small one), and with
	// zeros as unknown as any small cell (so that no suppressed zero can be worked out
	// either). Suppression only grows, so this ends.
	for {
		revealed := revealedCells(cells, lines, true)
		if len(revealed) == 0 {
			revealed = revealedCells(cells, lines, false)
		}
		if len(revealed) == 0 {
			revealed = zeroSlack(cells, lines)
		}
		if len(revealed) == 0 {
			return
		}
		// Hide partners for many revealed cells in one round (a national comparison has
		// thousands of small cells; one at a time would take thousands of rounds), but at
		// most one per line: two revealed cells of one line are often both hidden by a
		// single partner, and more would hide figures for nothing.
		type pick struct{ revealed, next, rank int }
		var picks []pick
		for _, r := range revealed {
			if next, rank := secondaryRanked(cells, lines, []int{r}); next >= 0 {
				picks = append(picks, pick{r, next, rank})
			}
		}
		sort.SliceStable(picks, func(i, j int) bool { return picks[i].rank < picks[j].rank })
		hidden := 0
		touched := map[int]bool{}
		for _, p := range picks {
			// The line that ties the revealed cell to its partner: one new partner per
			// line and round.
			var shared []int
			for _, a := range through[p.revealed] {
				for _, b := range through[p.next] {
					if a == b {
						shared = append(shared, a)
					}
				}
			}
			skip := cells[p.next].Suppressed
			for _, li := range shared {
				skip = skip || touched[li]
			}
			if skip {
				continue
			}
			cells[p.next].Suppressed = true
			hidden++
			for _, li := range shared {
				touched[li] = true
			}
		}
		if hidden == 0 {
			next := secondary(cells, lines, revealed)
			if next < 0 {
				// Nothing left to hide: what is still determined rests only on cells the
				// reader sees whole.
				return
			}
			cells[next].Suppressed = true
		}
	}
}

// secondary picks the next cell to suppress to hide the revealed cells: among the
// lines through any of them, the one with the fewest published parts, and there its
// smallest published part. A total is only suppressed when no such line has a
// published part left: totals are the figures readers need most.
func secondary(cells []Cell, lines []Line, revealed []int) int {
	best, _ := secondaryRanked(cells, lines, revealed)
	return best
}

// secondaryRanked is secondary with the rank of its choice: the number of published
// parts left in the chosen line (a total ranks last).
func secondaryRanked(cells []Cell, lines []Line, revealed []int) (int, int) {
	best, bestRank := -1, 0
	for _, i := range revealed {
		for _, l := range lines {
			if !l.has(i) {
				continue
			}
			pick, open := -1, 0
			for _, p := range l.Parts {
				if !cells[p].Suppressed && !cells[p].Fixed {
					open++
					if pick < 0 || cells[p].Count < cells[pick].Count {
						pick = p
					}
				}
			}
			if pick < 0 && !cells[l.Total].Suppressed && !cells[l.Total].Fixed {
				pick, open = l.Total, len(cells)+1 // last resort
			}
			if pick >= 0 && (best < 0 || open < bestRank) {
				best, bestRank = pick, open
			}
		}
	}
	if best >= 0 {
		return best, bestRank
	}
	// Every line through the revealed cells is fixed or hidden: the determination runs
	// through other lines. Hide the smallest published cell of a line that holds a
	// hidden one (-1 when none is left).
	for _, l := range lines {
		hidden := cells[l.Total].Suppressed
		for _, p := range l.Parts {
			hidden = hidden || cells[p].Suppressed
		}
		if !hidden {
			continue
		}
		for _, p := range append([]int{l.Total}, l.Parts...) {
			if !cells[p].Suppressed && !cells[p].Fixed && (best < 0 || cells[p].Count < cells[best].Count) {
				best = p
			}
		}
	}
	return best, 2 * len(cells)
}

func (l Line) has(i int) bool {
	if l.Total == i {
		return true
	}
	for _, p := range l.Parts {
		if p == i {
			return true
		}
	}
	return false
}

// revealedCells lists the suppressed cells the published cells (and the suppressed
// zeros) determine. Each line is an equation parts − total = 0; the published cells are
// known, the suppressed ones unknown. An unknown is determined exactly when its unit
// vector lies in the row space of the equations over the unknowns, which the reduced
// row echelon form shows as a row with a single non-zero entry (exact arithmetic).
func revealedCells(cells []Cell, lines []Line, zerosKnown bool) []int {
	if r, ok := bridges(cells, lines, zerosKnown); ok {
		return r
	}
	return exactlyRevealed(cells, lines, zerosKnown)
}

// exactlyRevealed decides by elimination, for tables where a cell lies in more than
// two lines (a report split into groups ties each cell to its column, its row across
// municipalities and its row across groups). The unknown cells fall apart into
// components (cells linked through shared lines); each is reduced to row echelon form
// on its own, in arithmetic modulo the prime 2^61 − 1, which gives the rational result
// unless that prime divides a minor of the small ±1 matrix (tests check it against
// floating-point elimination).
func exactlyRevealed(cells []Cell, lines []Line, zerosKnown bool) []int {
	col := map[int]int{}
	var unknowns []int
	for i, c := range cells {
		if c.Suppressed && !c.Fixed && (c.Count != 0 || !zerosKnown) {
			col[i] = len(unknowns)
			unknowns = append(unknowns, i)
		}
	}
	if len(unknowns) == 0 {
		return nil
	}
	parent := make([]int, len(unknowns)) // union-find over unknowns sharing a line
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	members := func(l Line) []int {
		var out []int
		for _, p := range append([]int{l.Total}, l.Parts...) {
			if j, ok := col[p]; ok {
				out = append(out, j)
			}
		}
		return out
	}
	for _, l := range lines {
		m := members(l)
		for _, j := range m[min(1, len(m)):] {
			parent[find(j)] = find(m[0])
		}
	}
	compLines := map[int][]Line{}
	for _, l := range lines {
		if m := members(l); len(m) > 0 {
			r := find(m[0])
			compLines[r] = append(compLines[r], l)
		}
	}
	var revealed []int
	for root, ls := range compLines {
		var ids []int
		local := map[int]int{}
		for j := range unknowns {
			if find(j) == root {
				local[unknowns[j]] = len(ids)
				ids = append(ids, unknowns[j])
			}
		}
		rows := make([][]uint64, 0, len(ls))
		for _, l := range ls {
			row := make([]uint64, len(ids))
			for _, p := range l.Parts {
				if j, ok := local[p]; ok {
					row[j] = addMod(row[j], 1)
				}
			}
			if j, ok := local[l.Total]; ok {
				row[j] = subMod(row[j], 1)
			}
			rows = append(rows, row)
		}
		for _, r := range reduceMod(rows, len(ids)) {
			at := -1
			for j, v := range r {
				if v != 0 {
					if at != -1 {
						at = -2
						break
					}
					at = j
				}
			}
			if at >= 0 {
				revealed = append(revealed, ids[at])
			}
		}
	}
	sort.Ints(revealed)
	return revealed
}

const prime = 1<<61 - 1

func addMod(a, b uint64) uint64 { return (a + b) % prime }
func subMod(a, b uint64) uint64 { return (a + prime - b) % prime }

func mulMod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, rem := bits.Div64(hi, lo, prime)
	return rem
}

// invMod is a^(p−2) mod p (Fermat).
func invMod(a uint64) uint64 {
	result, base, e := uint64(1), a, uint64(prime-2)
	for e > 0 {
		if e&1 == 1 {
			result = mulMod(result, base)
		}
		base = mulMod(base, base)
		e >>= 1
	}
	return result
}

// reduceMod brings rows to reduced row echelon form modulo the prime and returns the
// non-zero rows.
func reduceMod(rows [][]uint64, width int) [][]uint64 {
	lead := 0
	for c := 0; c < width && lead < len(rows); c++ {
		pivot := -1
		for r := lead; r < len(rows); r++ {
			if rows[r][c] != 0 {
				pivot = r
				break
			}
		}
		if pivot < 0 {
			continue
		}
		rows[lead], rows[pivot] = rows[pivot], rows[lead]
		inv := invMod(rows[lead][c])
		for k := c; k < width; k++ {
			rows[lead][k] = mulMod(rows[lead][k], inv)
		}
		for r := range rows {
			if r == lead || rows[r][c] == 0 {
				continue
			}
			f := rows[r][c]
			for k := c; k < width; k++ {
				if rows[lead][k] != 0 {
					rows[r][k] = subMod(rows[r][k], mulMod(f, rows[lead][k]))
				}
			}
		}
		lead++
	}
	return rows[:lead]
}

// bridges decides which unknown cells are determined, in linear time, for tables whose
// every cell lies in at most two lines — all tables here: each count is part of its
// column's sum and of its row's sum across columns. See each line as a vertex and each
// unknown cell as an edge between its two lines (or between its line and one shared
// free vertex when it lies in one line only). The equations are then the incidence
// matrix of that graph, signed so that it is balanced (parts count +1, totals −1, and
// rows and columns take opposite sides), so their solutions with all known cells zero
// are exactly the cycles: a cell is determined exactly when its edge lies on no cycle,
// that is when it is a bridge. ok is false when some cell lies in more than two lines.
func bridges(cells []Cell, lines []Line, zerosKnown bool) ([]int, bool) {
	unknown := func(i int) bool {
		return cells[i].Suppressed && !cells[i].Fixed && (cells[i].Count != 0 || !zerosKnown)
	}
	ends := map[int][]int{} // cell → the lines it lies in
	for li, l := range lines {
		for _, p := range append([]int{l.Total}, l.Parts...) {
			if unknown(p) {
				ends[p] = append(ends[p], li)
			}
		}
	}
	free := len(lines)
	type edge struct{ cell, to int }
	adj := make([][]edge, len(lines)+1)
	for c, ls := range ends {
		switch len(ls) {
		case 1:
			adj[ls[0]] = append(adj[ls[0]], edge{c, free})
			adj[free] = append(adj[free], edge{c, ls[0]})
		case 2:
			if ls[0] == ls[1] { // the same line twice: a loop, never a bridge
				continue
			}
			adj[ls[0]] = append(adj[ls[0]], edge{c, ls[1]})
			adj[ls[1]] = append(adj[ls[1]], edge{c, ls[0]})
		default:
			return nil, false
		}
	}
	// Tarjan's bridge finding, iteratively.
	order, low := make([]int, len(adj)), make([]int, len(adj))
	for i := range order {
		order[i] = -1
	}
	var out []int
	counter := 0
	type frame struct{ v, viaCell, next int }
	for root := range adj {
		if order[root] >= 0 {
			continue
		}
		stack := []frame{{root, -1, 0}}
		order[root], low[root] = counter, counter
		counter++
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < len(adj[f.v]) {
				e := adj[f.v][f.next]
				f.next++
				if e.cell == f.viaCell {
					continue
				}
				if order[e.to] < 0 {
					order[e.to], low[e.to] = counter, counter
					counter++
					stack = append(stack, frame{e.to, e.cell, 0})
				} else if order[e.to] < low[f.v] {
					low[f.v] = order[e.to]
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				parent := &stack[len(stack)-1]
				if low[f.v] < low[parent.v] {
					low[parent.v] = low[f.v]
				}
				if low[f.v] > order[parent.v] {
					out = append(out, f.viaCell)
				}
			}
		}
	}
	sort.Ints(out)
	return out, true
}

// zeroSlack finds suppressed cells that counts being non-negative give away: in a line
// whose total is known, suppressed parts that add up to 0 must each be 0.
func zeroSlack(cells []Cell, lines []Line) []int {
	var out []int
	for _, l := range lines {
		if cells[l.Total].Suppressed {
			continue
		}
		sum, hidden := 0, []int{}
		for _, p := range l.Parts {
			if cells[p].Suppressed {
				sum += cells[p].Count
				hidden = append(hidden, p)
			}
		}
		if len(hidden) > 0 && sum == 0 {
			out = append(out, hidden...)
		}
	}
	sort.Ints(out)
	return out
}
