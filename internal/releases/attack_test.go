package releases

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// The randomised attack (docs/outcomes.md, "Protection: the cell-key method"): many
// small municipalities with random cases, a few pilots over them, and two consecutive
// releases of the whole table set (municipalities, pilots and NL; quarters and the
// year; no split, gender and route) with a few cases added and changed in between.
// The attacker holds every cell of both releases and every linear identity between
// them, is even told which cells count the same set of cases (in any table, under any
// name, in either release), and narrows each count by interval propagation to a
// fixpoint. No true count from 1 to 9 may end up pinned to a single value.

type simCase struct {
	id        uint64 // a fingerprint of the case, to tell sets of cases apart
	key       int64  // its record key
	muni      int
	quarter   string // 2025-Q1 or 2025-Q2
	gender    string
	route     string
	stage     string
	furthest  int // index into outcomes.Steps
	offerDen  bool
	offerNum  bool
	fullDen   bool
	fullNum   bool
	placement string // contract type, "" for none
	sector    string
	hours     bool
	atRisk    [4]bool
}

var simSplits = map[string][]string{
	"":       {""},
	"gender": {"man", "vrouw"},
	"route":  {"b1", "onderwijs", "z"},
}

func newCase(r *rand.Rand, munis int) simCase {
	c := simCase{id: r.Uint64(), key: r.Int64N(disclosure.RecordKeyRange), muni: r.IntN(munis),
		quarter: []string{"2025-Q1", "2025-Q2"}[r.IntN(2)], gender: []string{"man", "vrouw"}[r.IntN(2)],
		route: []string{"b1", "onderwijs", "z"}[r.IntN(3)]}
	c.change(r)
	return c
}

// change draws the case's progress anew (a late correction, or a case moving on).
func (c *simCase) change(r *rand.Rand) {
	c.furthest = min(r.IntN(len(outcomes.Steps)), r.IntN(len(outcomes.Steps)))
	c.stage = outcomes.Steps[c.furthest]
	if r.IntN(10) == 0 {
		c.stage = "afgesloten"
	}
	c.offerDen = r.IntN(5) > 0
	c.offerNum = c.offerDen && r.IntN(2) == 0
	c.fullDen = c.furthest >= 2
	c.fullNum = c.fullDen && r.IntN(3) > 0
	c.placement, c.sector = "", ""
	if c.furthest >= 4 {
		c.placement, c.sector = outcomes.ContractTypes[r.IntN(len(outcomes.ContractTypes))], []string{
			"zorg",
			"logistiek",
			"horeca",
		}[r.IntN(3)]
	}
	c.hours = r.IntN(2) == 0
	for i, p := range []int{90, 60, 30, 0} {
		c.atRisk[i] = r.IntN(100) < p && (i == 0 || c.atRisk[i-1])
	}
}

// tally is a count with its cell key and the fingerprint of its set of cases.
type tally struct {
	n   int
	key int64
	set uint64
}

func (t *tally) add(c simCase) {
	t.n, t.key, t.set = t.n+1, disclosure.CellKey(t.key+c.key), t.set^c.id
}

// blockFigures computes, from the cases of a block, the figures outcomes.Compute would,
// and the case-set fingerprint of every count (by the figure names of CellsOf; a
// share's numerator and denominator as "<share>#num" and "<share>#den").
func blockFigures(cases []simCase) (outcomes.Figures, []outcomes.AtWork, map[string]tally) {
	t := map[string]*tally{}
	get := func(name string) *tally {
		if t[name] == nil {
			t[name] = &tally{}
		}
		return t[name]
	}
	for _, c := range cases {
		get("cases").add(c)
		get("stage." + c.stage).add(c)
		get("furthest." + outcomes.Steps[c.furthest]).add(c)
		for s := 0; s <= c.furthest; s++ {
			get("flow." + outcomes.Steps[s] + ".reached").add(c)
			if s > 0 {
				get("flow." + outcomes.Steps[s-1] + ".movedOn").add(c)
			}
		}
		if c.offerDen {
			get("offerWithin14Days#den").add(c)
		}
		if c.offerNum {
			get("offerWithin14Days#num").add(c)
		}
		if c.fullDen {
			get("share.fullBenefit#den").add(c)
		}
		if c.fullNum {
			get("share.fullBenefit#num").add(c)
		}
		if c.furthest >= 3 {
			get("duration.applicationToOffer.cases").add(c)
		}
		if c.hours {
			get("hours.cases").add(c)
		}
		if c.placement != "" {
			get("placements.count").add(c)
			get("placements.contract." + c.placement).add(c)
			get("placements.sector." + c.sector).add(c)
		}
		for i, h := range outcomes.Horizons {
			if c.atRisk[i] {
				get(fmt.Sprintf("atWork.%dm.atRisk", h.Months)).add(c)
			}
		}
	}
	v := func(name string) tally {
		if t[name] == nil {
			return tally{}
		}
		return *t[name]
	}
	f := outcomes.Figures{Cases: v("cases").n, CasesKey: v("cases").key, ByStage: map[string]int{},
		StageKeys: map[string]int64{},
		Furthest:  map[string]int{}, FurthestKeys: map[string]int64{}}
	for _, s := range outcomes.Stages {
		f.ByStage[s], f.StageKeys[s] = v("stage."+s).n, v("stage."+s).key
	}
	for _, s := range outcomes.Steps {
		f.Furthest[s], f.FurthestKeys[s] = v("furthest."+s).n, v("furthest."+s).key
	}
	share := func(name string) outcomes.Share {
		return outcomes.Share{Numerator: v(name + "#num").n, NumKey: v(name + "#num").key,
			Denominator: v(name + "#den").n, DenKey: v(name + "#den").key}
	}
	f.Offer = share("offerWithin14Days")
	f.Shares = []outcomes.NamedShare{{Name: "fullBenefit", Share: share("share.fullBenefit")}}
	d := v("duration.applicationToOffer.cases")
	f.Durations = []outcomes.Duration{
		{Name: "applicationToOffer", Cases: d.n, CasesKey: d.key, P25: 3, P50: 8, P75: 15},
	}
	f.Hours = outcomes.Hours{Cases: v("hours.cases").n, CasesKey: v("hours.cases").key,
		Weeks:     4 * v("hours.cases").n,
		WorkHours: 50 * float64(v("hours.cases").n)}
	p := outcomes.Placements{Count: v("placements.count").n, CountKey: v("placements.count").key,
		MeanHours: 24, MedianWageCents: 1500,
		ByContract: map[string]int{}, ContractKeys: map[string]int64{}, BySector: map[string]int{}, SectorKeys: map[string]int64{}}
	for _, c := range outcomes.ContractTypes {
		p.ByContract[c], p.ContractKeys[c] = v(
			"placements.contract."+c,
		).n, v("placements.contract."+c).key
	}
	for _, s := range []string{"zorg", "logistiek", "horeca"} {
		p.BySector[s], p.SectorKeys[s] = v("placements.sector."+s).n, v("placements.sector."+s).key
	}
	f.Placements = p
	var curve []outcomes.AtWork
	for _, h := range outcomes.Horizons {
		r := v(fmt.Sprintf("atWork.%dm.atRisk", h.Months))
		curve = append(
			curve,
			outcomes.AtWork{
				Horizon:   h,
				Cases:     f.Cases,
				AtRisk:    r.n,
				AtRiskKey: r.key,
				Share:     0.3,
				Lower:     0.2,
				Upper:     0.4,
			},
		)
	}
	sets := map[string]tally{}
	for name, tl := range t {
		sets[name] = *tl
	}
	return f, curve, sets
}

// world is the table set of a release: its cells, the fingerprints of the counts
// behind them, and the true counts.
type world struct {
	cells []Cell
	sets  map[CellName]tally // per count: "<figure>" or "<share>#num|#den" as the Figure
}

type population struct {
	kind, code string
	munis      map[int]bool
}

func populations(munis int, pilots [][]int) []population {
	var out []population
	all := map[int]bool{}
	for m := range munis {
		out = append(
			out,
			population{PopulationMunicipality, fmt.Sprintf("GM%04d", m), map[int]bool{m: true}},
		)
		all[m] = true
	}
	for i, p := range pilots {
		in := map[int]bool{}
		for _, m := range p {
			in[m] = true
		}
		out = append(out, population{PopulationPilot, fmt.Sprintf("P%d", i), in})
	}
	return append(out, population{PopulationNational, NationalCode, all})
}

func release(cases []simCase, pops []population, number int) world {
	w := world{sets: map[CellName]tally{}}
	for _, p := range pops {
		for _, width := range []string{"quarter", "year"} {
			cohorts := []string{"2025-Q1", "2025-Q2"}
			if width == "year" {
				cohorts = []string{"2025"}
			}
			for _, cohort := range cohorts {
				for split, values := range simSplits {
					for _, sv := range values {
						var in []simCase
						for _, c := range cases {
							if p.munis[c.muni] && strings.HasPrefix(c.quarter, cohort) && (split == "" ||
								split == "gender" && c.gender == sv || split == "route" && c.route == sv) {
								in = append(in, c)
							}
						}
						block := CellName{Population: p.kind, PopulationCode: p.code, CohortKey: "benefitApplication",
							CohortWidth: width, Cohort: cohort, Split: split, SplitValue: sv}
						f, curve, sets := blockFigures(in)
						cells := CellsOf(block, f, curve)
						w.cells = append(w.cells, cells...)
						for name, t := range sets {
							n := block
							n.Figure = name
							w.sets[n] = t
						}
						// An empty set is not one variable: an attacker is not told that
						// two hidden cells are both empty, so each gets its own.
						for _, c := range cells {
							for _, name := range []string{c.Figure, c.Figure + "#num", c.Figure + "#den"} {
								n := c.CellName
								n.Figure = name
								if t := w.sets[n]; t.set == 0 {
									h := fnv.New64a()
									fmt.Fprint(h, number, n)
									w.sets[n] = tally{set: h.Sum64() | 1}
								}
							}
						}
					}
				}
			}
		}
	}
	ProtectZeros(w.cells)
	return w
}

// interval is what the attacker knows of a true count.
type interval struct{ lo, hi int }

// attacker narrows the true counts behind two releases' cells. Variables are sets of
// cases (the attacker is told which counts share one); D is the noise he assumes.
type attacker struct {
	d      int
	bounds map[uint64]interval
	truth  map[uint64]int
	rounds int // of propagation, for the log
}

func (a *attacker) learn(set uint64, n int, iv interval) {
	if b, ok := a.bounds[set]; ok {
		iv = interval{max(b.lo, iv.lo), min(b.hi, iv.hi)}
	}
	a.bounds[set], a.truth[set] = iv, n
}

// fromCount is what a published or hidden perturbed count says about the true one.
func (a *attacker) fromCount(v *float64, status string) interval {
	switch {
	case status == CellSuppressed: // a perturbed 1 … 9, or a zero that is not empty everywhere
		return interval{0, disclosure.MinCount - 1 + a.d}
	case *v == 0:
		return interval{0, 0}
	default:
		n := int(*v)
		return interval{max(1, n-a.d), n + a.d}
	}
}

func (a *attacker) read(w world) {
	for _, c := range w.cells {
		name := c.CellName
		switch {
		case strings.HasPrefix(c.Figure, "share.movedOn."):
			continue // its numerator and denominator are flow cells, read as such
		case c.Figure == "offerWithin14Days" || strings.HasPrefix(c.Figure, "share."):
			name.Figure = c.Figure + "#den"
			den, num := name, name
			num.Figure = c.Figure + "#num"
			switch c.Status {
			case CellNotYet:
				a.learn(w.sets[den].set, w.sets[den].n, interval{0, 0})
			case CellSuppressed:
				a.learn(w.sets[den].set, w.sets[den].n, interval{0, disclosure.MinCount - 1 + a.d})
			default:
				d := float64(*c.Denominator)
				a.learn(w.sets[den].set, w.sets[den].n, a.fromCount(&d, CellPublished))
				n := math.Round(*c.Value * d) // the perturbed numerator, given away by the share
				a.learn(w.sets[num].set, w.sets[num].n, a.fromCount(&n, CellPublished))
			}
		case isCountFigure(c.Figure):
			t := w.sets[name]
			a.learn(t.set, t.n, a.fromCount(c.Value, c.Status))
		}
	}
}

// identity is Σ parts − total = 0 over sets of cases.
type identity struct {
	total uint64
	parts []uint64
}

// identities are every linear identity of a release's table set: municipalities add
// up to pilots and NL, quarters to the year, split groups to the block without split,
// and within a block stages and furthest steps to the cohort, the flow to the furthest
// steps, placements by contract and by sector to their count.
func identities(w world, munis int, pilots [][]int) []identity {
	set := func(n CellName) uint64 { return w.sets[n].set }
	var out []identity
	names := map[CellName]bool{}
	var figures []string
	seen := map[string]bool{}
	for n := range w.sets {
		names[n] = true
		if !seen[n.Figure] {
			seen[n.Figure] = true
			figures = append(figures, n.Figure)
		}
	}
	pops := populations(munis, pilots)
	for _, f := range figures {
		for _, width := range []string{"quarter", "year"} {
			for _, cohort := range map[string][]string{
				"quarter": {"2025-Q1", "2025-Q2"},
				"year":    {"2025"},
			}[width] {
				for split, values := range simSplits {
					for _, sv := range values {
						at := func(p population) CellName {
							return CellName{Population: p.kind, PopulationCode: p.code, CohortKey: "benefitApplication",
								CohortWidth: width, Cohort: cohort, Split: split, SplitValue: sv, Figure: f}
						}
						for _, p := range pops[munis:] { // pilots and NL
							id := identity{total: set(at(p))}
							for m := range p.munis {
								id.parts = append(id.parts, set(at(pops[m])))
							}
							out = append(out, id)
						}
						for _, p := range pops {
							if width == "year" {
								y, q1, q2 := at(p), at(p), at(p)
								q1.CohortWidth, q1.Cohort, q2.CohortWidth, q2.Cohort = "quarter", "2025-Q1", "quarter", "2025-Q2"
								out = append(out, identity{total: set(y), parts: []uint64{set(q1), set(q2)}})
							}
							if split != "" && sv == values[0] {
								whole := at(p)
								whole.Split, whole.SplitValue = "", ""
								id := identity{total: set(whole)}
								for _, v := range values {
									g := at(p)
									g.SplitValue = v
									id.parts = append(id.parts, set(g))
								}
								out = append(out, id)
							}
						}
					}
				}
			}
		}
	}
	// Within a block.
	blocks := map[CellName]bool{}
	for n := range names {
		n.Figure = ""
		blocks[n] = true
	}
	for b := range blocks {
		of := func(f string) uint64 { n := b; n.Figure = f; return set(n) }
		stages, furthest := identity{total: of("cases")}, identity{total: of("cases")}
		for _, s := range outcomes.Stages {
			stages.parts = append(stages.parts, of("stage."+s))
		}
		for i, s := range outcomes.Steps {
			furthest.parts = append(furthest.parts, of("furthest."+s))
			reached := identity{total: of("flow." + s + ".reached")}
			for _, later := range outcomes.Steps[i:] {
				reached.parts = append(reached.parts, of("furthest."+later))
			}
			out = append(out, reached)
		}
		contract, sector := identity{
			total: of("placements.count"),
		}, identity{total: of("placements.count")}
		for _, c := range outcomes.ContractTypes {
			contract.parts = append(contract.parts, of("placements.contract."+c))
		}
		for _, s := range []string{"zorg", "logistiek", "horeca"} {
			sector.parts = append(sector.parts, of("placements.sector."+s))
		}
		out = append(out, stages, furthest, contract, sector)
	}
	return out
}

// propagate narrows every set's interval through the identities to a fixpoint (on
// dense indices, identities deduplicated); it reports an interval that excludes the
// true count (an unsound model) as an error.
func (a *attacker) propagate(ids []identity) error {
	index := map[uint64]int{}
	var bounds []interval
	at := func(s uint64) int {
		i, ok := index[s]
		if !ok {
			i = len(bounds)
			index[s] = i
			b, ok := a.bounds[s]
			if !ok {
				b = interval{0, 1 << 40} // unknown: no count comes near
			}
			bounds = append(bounds, b)
		}
		return i
	}
	at(0) // the empty set counts 0
	bounds[0] = interval{0, 0}
	type line struct {
		total int
		parts []int
	}
	var lines []line
	uniq := map[string]bool{}
	for _, id := range ids {
		l := line{total: at(id.total)}
		for _, p := range id.parts {
			if p != 0 {
				l.parts = append(l.parts, at(p))
			}
		}
		slices.Sort(l.parts)
		k := fmt.Sprint(l.total, l.parts)
		if !uniq[k] && !(len(l.parts) == 1 && l.parts[0] == l.total) {
			uniq[k] = true
			lines = append(lines, l)
		}
	}
	for changed := true; changed; {
		changed = false
		narrow := func(i, lo, hi int) {
			b := bounds[i]
			if lo > b.lo || hi < b.hi {
				bounds[i], changed = interval{max(b.lo, lo), min(b.hi, hi)}, true
			}
		}
		for _, l := range lines {
			sumLo, sumHi := 0, 0
			for _, p := range l.parts {
				sumLo, sumHi = sumLo+bounds[p].lo, sumHi+bounds[p].hi
			}
			t := bounds[l.total]
			narrow(l.total, sumLo, sumHi)
			for _, p := range l.parts {
				b := bounds[p]
				narrow(p, t.lo-(sumHi-b.hi), t.hi-(sumLo-b.lo))
			}
		}
		a.rounds++
	}
	for s, i := range index {
		a.bounds[s] = bounds[i]
		if n, ok := a.truth[s]; ok && (n < bounds[i].lo || n > bounds[i].hi) {
			return fmt.Errorf(
				"the true count %d lies outside [%d, %d]: the attacker's model is wrong",
				n,
				bounds[i].lo,
				bounds[i].hi,
			)
		}
	}
	return nil
}

// pinned counts the true counts from 1 to 9 the attacker knows exactly.
func (a *attacker) pinned() int {
	n := 0
	for s, b := range a.bounds {
		if t, ok := a.truth[s]; ok && t >= 1 && t < disclosure.MinCount && b.lo == b.hi {
			n++
		}
	}
	return n
}

// attack builds two consecutive releases over random small municipalities and runs
// the attacker on them; it returns the pinned small counts and how many there were.
func attack(t *testing.T, seed uint64, d int) (pinned, small int) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 99))
	munis := 10 + r.IntN(6)
	var pilots [][]int
	perm := r.Perm(munis)
	for i := 0; i+3 <= len(perm) && len(pilots) < 3; i += 3 + r.IntN(2) {
		pilots = append(pilots, perm[i:min(len(perm), i+3+r.IntN(2))])
	}
	var cases []simCase
	for range munis * (5 + r.IntN(20)) {
		cases = append(cases, newCase(r, munis))
	}
	pops := populations(munis, pilots)
	first := release(cases, pops, 1)
	// A month later: a few cases added, a few changed (record keys stay).
	later := append([]simCase{}, cases...)
	for range 1 + r.IntN(5) {
		later = append(later, newCase(r, munis))
	}
	for range 1 + r.IntN(8) {
		later[r.IntN(len(cases))].change(r)
	}
	second := release(later, pops, 2)
	checkSameSetSameValue(t, first, second)
	a := &attacker{d: d, bounds: map[uint64]interval{}, truth: map[uint64]int{}}
	a.read(first)
	a.read(second)
	ids := append(identities(first, munis, pilots), identities(second, munis, pilots)...)
	if err := a.propagate(ids); err != nil {
		t.Fatal(err)
	}
	for s, n := range a.truth {
		if _, ok := a.bounds[s]; ok && n >= 1 && n < disclosure.MinCount {
			small++
		}
	}
	t.Logf("seed %d: %d municipalities, %d cases, %d rounds", seed, munis, len(later), a.rounds)
	return a.pinned(), small
}

// checkSameSetSameValue: every count cell that counts the same cases — in another
// table, under another name, or in the other release — has the same status and value.
func checkSameSetSameValue(t *testing.T, worlds ...world) {
	t.Helper()
	type published struct {
		status string
		value  float64
		where  CellName
	}
	seen := map[uint64]published{}
	for _, w := range worlds {
		for _, c := range w.cells {
			s, ok := w.sets[c.CellName]
			if !ok {
				continue
			}
			p := published{status: c.Status, where: c.CellName}
			if c.Value != nil {
				p.value = *c.Value
			}
			if q, ok := seen[s.set]; ok && (q.status != p.status || q.value != p.value) {
				t.Fatalf(
					"the same cases give %s %v as %+v and %s %v as %+v",
					q.status,
					q.value,
					q.where,
					p.status,
					p.value,
					p.where,
				)
			}
			seen[s.set] = p
		}
	}
}

func TestAttackRecoversNoSmallCount(t *testing.T) {
	small := 0
	for seed := range uint64(10) {
		pinned, n := attack(t, seed, disclosure.MaxNoise)
		if pinned > 0 {
			t.Errorf("seed %d: %d of %d small counts pinned down", seed, pinned, n)
		}
		small += n
	}
	if small < 500 {
		t.Errorf("only %d small counts in the attacked releases: the test attacks too little", small)
	}
	t.Logf("%d small counts attacked", small)

	// The same attack with the noise switched off (counts exact, 1–9 hidden) must find
	// small counts, or it could not find any with the noise on either.
	t.Run("without noise the attack recovers counts", func(t *testing.T) {
		defer func(p func(int, int64) (int, bool)) { perturbed = p }(perturbed)
		perturbed = func(n int, _ int64) (int, bool) { return n, n == 0 || n >= disclosure.MinCount }
		found := 0
		for seed := range uint64(4) {
			pinned, _ := attack(t, seed, 0)
			found += pinned
		}
		if found == 0 {
			t.Error("no count recovered without noise: the attacker is too weak to prove anything")
		}
		t.Logf("%d small counts recovered without noise", found)
	})
}
