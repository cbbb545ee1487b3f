package outcomes

import "github.com/startbaan/startbaan/internal/placements"

// Count is a published count: its value, or suppressed without one.
type Count struct {
	Value      *int
	Suppressed bool
}

// Published are one municipality's figures as they may leave the server.
type Published struct {
	MunicipalityID int32
	Cases          Count
	ByStage        map[string]Count
	Flow           []FlowStep
	Offer          PublishedShare
	Shares         []PublishedNamedShare
	Durations      []PublishedDuration
	Placements     PublishedPlacements
}

// FlowStep is one step of the funnel's flow: the cases that reached it (or a later
// step) and, of those, the cases that moved on to the next one. A count is given only
// when it follows from the published counts of the furthest steps, so it tells a
// reader nothing the table does not.
type FlowStep struct {
	Stage   string
	Reached Count
	MovedOn Count    // none for the last step
	Share   *float64 // MovedOn / Reached
}

// PublishedNamedShare is a named share as it may leave the server.
type PublishedNamedShare struct {
	Name string
	PublishedShare
}

// PublishedShare is a share with its numerator and denominator; no share is given
// when either is suppressed.
type PublishedShare struct {
	Numerator, Denominator Count
	Share                  *float64
}

// PublishedDuration gives quartiles only when they rest on at least MinCases cases.
type PublishedDuration struct {
	Name          string
	Cases         Count
	P25, P50, P75 *float64
}

// Publish prepares one municipality's figures on their own: whole, or protected.
func Publish(f Figures, protect bool) Published {
	out, _ := PublishAll([]Figures{f}, []bool{!protect}, nil, false)
	return out[0]
}

// PublishAll prepares columns of figures that are shown side by side, and their total
// when total is not nil (the total must be over exactly these columns). detail says
// per column whether it goes out whole; the total goes out whole only with
// totalDetail. Suppression runs over the whole table at once, with every equation a
// reader could use:
//
//   - within a column, the stage counts add up to the cohort, and so do the counts per
//     furthest step (a copy of the cohort's count, kept alike), and offered in time +
//     not offered in time = the offer denominator ("not offered in time" is never
//     published but can be worked out, so it takes part like any cell);
//   - across columns, each count of the total is the sum of the columns' counts.
//
// Columns that go out whole are known to the reader, and count as such.
func PublishAll(cols []Figures, detail []bool, total *Figures, totalDetail bool) ([]Published, Published) {
	t := newTable()
	all := append([]Figures{}, cols...)
	fixed := append([]bool{}, detail...)
	if total != nil {
		all, fixed = append(all, *total), append(fixed, totalDetail)
	}
	layouts := make([]layout, len(all))
	for i, f := range all {
		layouts[i] = t.column(f, fixed[i])
	}
	if total != nil {
		t.across(layouts[:len(cols)], layouts[len(cols)])
	}
	t.suppress()
	out := make([]Published, len(all))
	for i, f := range all {
		out[i] = t.publish(f, layouts[i], !fixed[i])
	}
	if total == nil {
		return out, Published{}
	}
	return out[:len(cols)], out[len(cols)]
}

// PublishGroups prepares a report split into groups: groups[g][m] are municipality m's
// figures in group g, totals[g] the group's total; overall[m] and overallTotal are the
// figures over all groups, which a reader can get from the report without groups and
// which are therefore treated as known. On top of the equations of PublishAll within
// each group, the groups of a column add up to its overall figures.
func PublishGroups(groups [][]Figures, totals []Figures, overall []Figures, overallTotal Figures, detail []bool, totalDetail bool) ([][]Published, []Published) {
	t, lay, totalLay := groupTable(groups, totals, overall, overallTotal, detail, totalDetail)
	t.suppress()
	out := make([][]Published, len(groups))
	outTotals := make([]Published, len(groups))
	for g := range groups {
		for m, f := range groups[g] {
			out[g] = append(out[g], t.publish(f, lay[g][m], !detail[m]))
		}
		outTotals[g] = t.publish(totals[g], totalLay[g], !totalDetail)
	}
	return out, outTotals
}

// groupTable lays out a grouped report: a comparison per group, and the overall
// figures that the groups of each column add up to. Those overall figures are what
// the same report without groups would show: its published cells are known to the
// reader, its suppressed cells stay unknown (and must stay so).
func groupTable(groups [][]Figures, totals []Figures, overall []Figures, overallTotal Figures, detail []bool, totalDetail bool) (*table, [][]layout, []layout) {
	ungrouped := newTable()
	var olay []layout
	for m, f := range overall {
		olay = append(olay, ungrouped.column(f, detail[m]))
	}
	ungrouped.across(olay, ungrouped.column(overallTotal, totalDetail))
	ungrouped.suppress()
	asPublished := func(t *table, f Figures, from int) layout {
		start := len(t.cells)
		l := t.column(f, true)
		for k := start; k < len(t.cells); k++ {
			hidden := ungrouped.cells[from+k-start].Suppressed
			t.cells[k].Fixed, t.cells[k].Suppressed = !hidden, hidden
		}
		return l
	}
	t := newTable()
	lay := make([][]layout, len(groups))
	totalLay := make([]layout, len(groups))
	for g := range groups {
		for m, f := range groups[g] {
			lay[g] = append(lay[g], t.column(f, detail[m]))
		}
		totalLay[g] = t.column(totals[g], totalDetail)
		t.across(lay[g], totalLay[g])
	}
	perColumn := len(ungrouped.cells) / (len(overall) + 1) // every column has the same cells
	for m, f := range overall {
		known := asPublished(t, f, m*perColumn)
		var parts []layout
		for g := range groups {
			parts = append(parts, lay[g][m])
		}
		t.across(parts, known)
	}
	t.across(totalLay, asPublished(t, overallTotal, len(overall)*perColumn))
	return t, lay, totalLay
}

// table collects the cells and lines of a side-by-side comparison.
type table struct {
	cells []Cell
	lines []Line
	alike []pair // cells hidden together
}

// pair are two cells hidden together; equal when the reader knows them to be equal.
type pair struct {
	a, b  int
	equal bool
}

// layout says where a column's counts are among the table's cells.
type layout struct {
	cases, num, den, rest int
	stage                 map[string]int
	furthest              map[string]int
	casesF                int      // the cohort's count again, as the total of the furthest steps
	shares                [][3]int // numerator, denominator, rest per share
	durations             []int
	// Placements appear in two breakdowns, each with its own copy of their number:
	// placementsC (by contract type) and placementsS (by sector) are kept alike.
	placementsC, placementsS int
	contract, sector         map[string]int
}

func newTable() *table { return &table{} }

func (t *table) add(n int, fixed bool) int {
	t.cells = append(t.cells, Cell{Count: n, Fixed: fixed})
	return len(t.cells) - 1
}

func (t *table) column(f Figures, fixed bool) layout {
	l := layout{stage: map[string]int{}}
	l.cases = t.add(f.Cases, fixed)
	var parts []int
	for _, s := range Stages {
		l.stage[s] = t.add(f.ByStage[s], fixed)
		parts = append(parts, l.stage[s])
	}
	t.flow(f, fixed, &l)
	l.num, l.den = t.add(f.Offer.Numerator, fixed), t.add(f.Offer.Denominator, fixed)
	l.rest = t.add(f.Offer.Denominator-f.Offer.Numerator, fixed)
	for i := range durations {
		n := 0
		if i < len(f.Durations) {
			n = f.Durations[i].Cases
		}
		l.durations = append(l.durations, t.add(n, fixed))
	}
	t.lines = append(t.lines, Line{Parts: parts, Total: l.cases}, Line{Parts: []int{l.num, l.rest}, Total: l.den})
	for i := range shareDefs {
		var sh Share
		if i < len(f.Shares) {
			sh = f.Shares[i].Share
		}
		c := [3]int{t.add(sh.Numerator, fixed), t.add(sh.Denominator, fixed), t.add(sh.Denominator-sh.Numerator, fixed)}
		l.shares = append(l.shares, c)
		t.lines = append(t.lines, Line{Parts: []int{c[0], c[2]}, Total: c[1]})
	}
	pl := f.Placements
	l.contract, l.sector = map[string]int{}, map[string]int{}
	var cparts, sparts []int
	for _, c := range ContractTypes {
		l.contract[c] = t.add(pl.ByContract[c], fixed)
		cparts = append(cparts, l.contract[c])
	}
	l.placementsC = t.add(pl.Count, fixed)
	for _, s := range placements.Sectors {
		l.sector[s] = t.add(pl.BySector[s], fixed)
		sparts = append(sparts, l.sector[s])
	}
	l.placementsS = t.add(pl.Count, fixed)
	t.lines = append(t.lines, Line{Parts: cparts, Total: l.placementsC}, Line{Parts: sparts, Total: l.placementsS})
	t.alike = append(t.alike, pair{l.placementsC, l.placementsS, true})
	return l
}

// flow adds the counts per furthest step, adding up to a copy of the cohort's count.
// A case still in aangemeld or gevestigd has gone no further, so without closures
// those steps equal their stage counts: they are hidden together (with closures they
// differ, and hiding them together only hides more).
func (t *table) flow(f Figures, fixed bool, l *layout) {
	l.furthest = map[string]int{}
	var parts []int
	for _, s := range Steps {
		l.furthest[s] = t.add(f.Furthest[s], fixed)
		parts = append(parts, l.furthest[s])
	}
	l.casesF = t.add(f.Cases, fixed)
	t.lines = append(t.lines, Line{Parts: parts, Total: l.casesF})
	noClosures := f.ByStage["afgesloten"] == 0
	t.alike = append(t.alike, pair{l.cases, l.casesF, true},
		pair{l.stage["aangemeld"], l.furthest["aangemeld"], noClosures}, pair{l.stage["gevestigd"], l.furthest["gevestigd"], noClosures})
}

// suppress runs Suppress and keeps the pairs of cells that may be equal alike (the
// two copies of a column's number of placements and of its cohort, the first two
// steps and their stages): if one is hidden, so is the other, and suppression runs
// again (it only adds). Since each breakdown on its own never pins its hidden copy
// down, tying the two adds nothing a reader could use.
func (t *table) suppress() {
	for {
		Suppress(t.cells, t.lines)
		changed := false
		for _, p := range t.alike {
			a, b := &t.cells[p.a], &t.cells[p.b]
			if a.Suppressed != b.Suppressed {
				a.Suppressed, b.Suppressed, changed = true, true, true
			}
		}
		if !changed {
			return
		}
	}
}

// across adds, for every count, the line "the columns add up to the total".
func (t *table) across(cols []layout, total layout) {
	pick := []func(layout) int{
		func(l layout) int { return l.cases }, func(l layout) int { return l.num },
		func(l layout) int { return l.den }, func(l layout) int { return l.rest },
	}
	for _, s := range Stages {
		pick = append(pick, func(l layout) int { return l.stage[s] })
	}
	for _, s := range Steps {
		pick = append(pick, func(l layout) int { return l.furthest[s] })
	}
	pick = append(pick, func(l layout) int { return l.casesF })
	for i := range durations {
		pick = append(pick, func(l layout) int { return l.durations[i] })
	}
	for i := range shareDefs {
		for k := 0; k < 3; k++ {
			pick = append(pick, func(l layout) int { return l.shares[i][k] })
		}
	}
	for _, c := range ContractTypes {
		pick = append(pick, func(l layout) int { return l.contract[c] })
	}
	for _, sec := range placements.Sectors {
		pick = append(pick, func(l layout) int { return l.sector[sec] })
	}
	pick = append(pick, func(l layout) int { return l.placementsC }, func(l layout) int { return l.placementsS })
	for _, p := range pick {
		var parts []int
		for _, c := range cols {
			parts = append(parts, p(c))
		}
		t.lines = append(t.lines, Line{Parts: parts, Total: p(total)})
	}
}

func (t *table) publish(f Figures, l layout, protected bool) Published {
	c := t.cells
	out := Published{MunicipalityID: f.MunicipalityID, Cases: count(c[l.cases]), ByStage: map[string]Count{}}
	for s, i := range l.stage {
		out.ByStage[s] = count(c[i])
	}
	out.Flow = t.publishFlow(l)
	out.Offer = t.share(l.num, l.den)
	for i, d := range shareDefs {
		out.Shares = append(out.Shares, PublishedNamedShare{Name: d.name, PublishedShare: t.share(l.shares[i][0], l.shares[i][1])})
	}
	for i, name := range durations {
		d := Duration{Name: name[0]} // no case in the cohort: no durations
		if i < len(f.Durations) {
			d = f.Durations[i]
		}
		pd := PublishedDuration{Name: d.Name, Cases: count(c[l.durations[i]])}
		if !pd.Cases.Suppressed && d.Cases > 0 && (!protected || d.Cases >= MinCases) {
			pd.P25, pd.P50, pd.P75 = ptr(d.P25), ptr(d.P50), ptr(d.P75)
		}
		out.Durations = append(out.Durations, pd)
	}
	pl := f.Placements
	pp := PublishedPlacements{Count: count(c[l.placementsC]), ByContract: map[string]Count{}, BySector: map[string]Count{}}
	for k, i := range l.contract {
		pp.ByContract[k] = count(c[i])
	}
	for k, i := range l.sector {
		pp.BySector[k] = count(c[i])
	}
	if !c[l.placementsC].Suppressed && pl.Count > 0 && (!protected || pl.Count >= MinCases) {
		pp.MeanHours, pp.MedianWageCents = ptr(pl.MeanHours), ptr(pl.MedianWageCents)
	}
	out.Placements = pp
	return out
}

// publishFlow gives the cases that reached each step: the furthest counts from that
// step on, or the cohort minus those before it, whichever is published whole.
func (t *table) publishFlow(l layout) []FlowStep {
	c := t.cells
	reached := func(k int) Count {
		sum, ok := 0, true
		for _, s := range Steps[k:] {
			sum, ok = sum+c[l.furthest[s]].Count, ok && !c[l.furthest[s]].Suppressed
		}
		if ok {
			return Count{Value: ptr(sum)}
		}
		sum, ok = c[l.casesF].Count, !c[l.casesF].Suppressed
		for _, s := range Steps[:k] {
			sum, ok = sum-c[l.furthest[s]].Count, ok && !c[l.furthest[s]].Suppressed
		}
		if ok {
			return Count{Value: ptr(sum)}
		}
		return Count{Suppressed: true}
	}
	var out []FlowStep
	for k, s := range Steps {
		step := FlowStep{Stage: s, Reached: reached(k)}
		if k+1 < len(Steps) {
			step.MovedOn = reached(k + 1)
			if r, m := step.Reached.Value, step.MovedOn.Value; r != nil && m != nil && *r > 0 {
				step.Share = ptr(float64(*m) / float64(*r))
			}
		}
		out = append(out, step)
	}
	return out
}

func count(c Cell) Count {
	if c.Suppressed {
		return Count{Suppressed: true}
	}
	v := c.Count
	return Count{Value: &v}
}

func ptr[T any](v T) *T { return &v }

// share publishes a numerator, a denominator and their quotient when both are shown.
func (t *table) share(num, den int) PublishedShare {
	c := t.cells
	p := PublishedShare{Numerator: count(c[num]), Denominator: count(c[den])}
	if !c[num].Suppressed && !c[den].Suppressed && c[den].Count > 0 {
		p.Share = ptr(float64(c[num].Count) / float64(c[den].Count))
	}
	return p
}
