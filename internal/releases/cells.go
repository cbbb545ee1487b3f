package releases

import (
	"fmt"
	"math"
	"strings"

	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/placements"
)

// CellsOf turns the figures of one block of the table set — one population, cohort key,
// cohort width, cohort and split value, named by block (its Figure is ignored) — into
// the block's release cells, protected and with the quality rules (docs/outcomes.md,
// "Protection: the cell-key method" and "Quality rules"):
//
//   - every count is perturbed by its cell key (disclosure.Perturb): a zero stays 0, a
//     perturbed count under 10 is afgeschermd;
//   - a share is computed from its perturbed numerator and denominator, with their
//     95 % Wilson interval, and published only when the perturbed denominator is ≥ 10
//     (nog_niet_bekend when nobody is in it yet, e.g. nobody followed 24 months);
//   - quartiles of days (whole days), means of hours and wages (one decimal) and the
//     median wage only when they rest on at least 10 cases (placements);
//   - the Kaplan-Meier share at work at a horizon only where at least 10 cases are still
//     followed at it, else nog_niet_bekend; rounded to whole percents with its interval.
//
// "At least 10" is judged on the published (perturbed) count the figure rests on, which
// is published next to it: a rule on the true count would tell a reader on which side
// of 10 the true count lies, and a published 12 beside a hidden estimate would pin it
// to 9. A perturbed count of 10 or more rests on at least 7 cases.
//
// f is outcomes.Compute's row of the block with f.Placements filled in from
// outcomes.PlacementFigures; curve is outcomes.TimeToWork's points of the block (nil: no
// case). The cells come in a fixed order; the same figures and keys give the same cells.
func CellsOf(block CellName, f outcomes.Figures, curve []outcomes.AtWork) []Cell {
	b := builder{name: block}
	b.count("cases", f.Cases, f.CasesKey)
	for _, s := range outcomes.Stages {
		b.count("stage."+s, f.ByStage[s], f.StageKeys[s])
	}
	for _, s := range outcomes.Steps {
		b.count("furthest."+s, f.Furthest[s], f.FurthestKeys[s])
	}
	b.flow(f)
	b.share("offerWithin14Days", f.Offer)
	for _, s := range f.Shares {
		b.share("share."+s.Name, s.Share)
	}
	for _, d := range f.Durations {
		prefix := "duration." + d.Name
		b.count(prefix+".cases", d.Cases, d.CasesKey)
		for _, q := range []struct {
			name  string
			value float64
		}{{"p25", d.P25}, {"p50", d.P50}, {"p75", d.P75}} {
			b.summary(prefix+"."+q.name, d.Cases, d.CasesKey, math.Round(q.value))
		}
	}
	b.atWork(f.CasesKey, f.Cases, curve)
	b.hours(f.Hours)
	b.placements(f.Placements)
	return b.cells
}

type builder struct {
	name  CellName
	cells []Cell
}

func (b *builder) add(figure string, v CellValue) {
	n := b.name
	n.Figure = figure
	b.cells = append(b.cells, Cell{CellName: n, CellValue: v})
}

// perturbed is a count as published: its perturbed value, and whether it is shown. A
// variable only so that the attack test can show it finds counts when the noise is off.
var perturbed = disclosure.Perturb

func (b *builder) count(figure string, n int, key int64) {
	v, ok := perturbed(n, key)
	if !ok {
		b.add(figure, CellValue{Status: CellSuppressed})
		return
	}
	b.add(figure, CellValue{Value: ptr(float64(v)), Status: CellPublished})
}

// flow publishes the funnel's flow from the counts per furthest step: reached step s
// counts the cases whose furthest step is s or later, moved on from s those that
// reached the next step. Their cell keys are the sums of the furthest steps' keys, so
// the same cases give the same key: reached aangemeld is the cohort, moved on from s
// is reached s+1, and both get the same value as those cells.
func (b *builder) flow(f outcomes.Figures) {
	steps := outcomes.Steps
	reached := make([]outcomes.Share, len(steps)) // Numerator: count, NumKey: key
	n, key := 0, int64(0)
	for i := len(steps) - 1; i >= 0; i-- {
		n, key = n+f.Furthest[steps[i]], key+f.FurthestKeys[steps[i]]
		reached[i] = outcomes.Share{Numerator: n, NumKey: disclosure.CellKey(key)}
	}
	for i, s := range steps {
		b.count("flow."+s+".reached", reached[i].Numerator, reached[i].NumKey)
		if i+1 < len(steps) {
			b.count("flow."+s+".movedOn", reached[i+1].Numerator, reached[i+1].NumKey)
			b.share("share.movedOn."+s, outcomes.Share{Numerator: reached[i+1].Numerator,
				NumKey:      reached[i+1].NumKey,
				Denominator: reached[i].Numerator, DenKey: reached[i].NumKey})
		}
	}
}

// share publishes numerator ÷ denominator from their perturbed values, with the Wilson
// interval of those values and the perturbed denominator.
func (b *builder) share(figure string, s outcomes.Share) {
	den, denOK := perturbed(s.Denominator, s.DenKey)
	switch {
	case s.Denominator == 0:
		b.add(figure, CellValue{Status: CellNotYet})
		return
	case !denOK:
		b.add(figure, CellValue{Status: CellSuppressed})
		return
	}
	num, _ := perturbed(s.Numerator, s.NumKey)
	num = min(num, den) // both perturbed: a share over 1 would be no share
	p, lo, hi := disclosure.Wilson(num, den)
	b.add(
		figure,
		CellValue{
			Value:       ptr(p),
			Lower:       ptr(lo),
			Upper:       ptr(hi),
			Denominator: &den,
			Status:      CellPublished,
		},
	)
}

// enough says whether the published count of n with key reaches MinCount.
func enough(n int, key int64) bool {
	v, ok := perturbed(n, key)
	return ok && v >= disclosure.MinCount
}

// summary publishes a quartile or mean only when the published count of the cases it
// rests on (n with key) is at least MinCount.
func (b *builder) summary(figure string, n int, key int64, value float64) {
	if !enough(n, key) {
		b.add(figure, CellValue{Status: CellSuppressed})
		return
	}
	b.add(figure, CellValue{Value: ptr(value), Status: CellPublished})
}

// atWork publishes the Kaplan-Meier share at work per horizon where at least MinCount
// cases are still followed, with the perturbed number still followed and the perturbed
// cohort as its denominator. Share and interval are rounded to whole percents: the
// estimate is exact where nobody was censored (starts ÷ cohort), and fewer digits give
// less of the starts away next to a perturbed cohort.
func (b *builder) atWork(casesKey int64, cases int, curve []outcomes.AtWork) {
	for i, h := range outcomes.Horizons {
		a := outcomes.AtWork{Horizon: h}
		if i < len(curve) {
			a = curve[i]
		}
		figure := fmt.Sprintf("atWork.%dm", h.Months)
		b.count(figure+".atRisk", a.AtRisk, a.AtRiskKey)
		if !enough(a.AtRisk, a.AtRiskKey) {
			b.add(figure, CellValue{Status: CellNotYet})
			continue
		}
		v := CellValue{
			Value:  ptr(percent(a.Share)),
			Lower:  ptr(percent(a.Lower)),
			Upper:  ptr(percent(a.Upper)),
			Status: CellPublished,
		}
		if den, ok := perturbed(cases, casesKey); ok {
			v.Denominator = &den
		}
		b.add(figure, v)
	}
}

// hours publishes the combined hours: the perturbed number of cases with reported
// weeks, and the means per reported week and the share of weeks on target only when at
// least MinCount cases reported weeks. The share's interval counts weeks as units.
func (b *builder) hours(h outcomes.Hours) {
	b.count("hours.cases", h.Cases, h.CasesKey)
	if !enough(h.Cases, h.CasesKey) || h.Weeks == 0 {
		for _, f := range []string{
			"hours.meanWork",
			"hours.meanIntegration",
			"hours.shareWeeksOnTarget",
		} {
			b.add(f, CellValue{Status: CellSuppressed})
		}
		return
	}
	w := float64(h.Weeks)
	b.add("hours.meanWork", CellValue{Value: ptr(round1(h.WorkHours / w)), Status: CellPublished})
	b.add(
		"hours.meanIntegration",
		CellValue{Value: ptr(round1(h.IntegrationHours / w)), Status: CellPublished},
	)
	p, lo, hi := disclosure.Wilson(h.WeeksOnTarget, h.Weeks)
	b.add(
		"hours.shareWeeksOnTarget",
		CellValue{Value: ptr(p), Lower: ptr(lo), Upper: ptr(hi), Status: CellPublished},
	)
}

// placements publishes the perturbed counts of accepted offers, by contract type and
// by sector, and their mean hours per week and median hourly wage (euros) only from
// MinCount placements on.
func (b *builder) placements(p outcomes.Placements) {
	b.count("placements.count", p.Count, p.CountKey)
	for _, c := range outcomes.ContractTypes {
		b.count("placements.contract."+c, p.ByContract[c], p.ContractKeys[c])
	}
	for _, s := range placements.Sectors {
		b.count("placements.sector."+s, p.BySector[s], p.SectorKeys[s])
	}
	b.summary("placements.meanHours", p.Count, p.CountKey, round1(p.MeanHours))
	b.summary("placements.medianWage", p.Count, p.CountKey, math.Round(p.MedianWageCents)/100)
}

func ptr[T any](v T) *T { return &v }

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func percent(v float64) float64 { return math.Round(v*100) / 100 }

// ProtectZeros runs over all cells of a release once CellsOf has made them: a zero
// count, and a share with nobody in its denominator (nog_niet_bekend), is published as
// such only when the same figure is zero (or not yet known) in the national population
// of the same cohort and group — an empty cell that is empty everywhere, as a stage a
// cohort cannot be in. Any other zero goes out as afgeschermd, like a small count: if
// zeros were always shown, every hidden cell would be known to hold at least one case,
// and in small municipalities, where most non-empty cells hold one or two cases,
// counting the hidden cells of a total pins them down (the attack test finds that).
func ProtectZeros(cells []Cell) {
	protectAgainst(nationalValues(cells), cells)
}

// nationalValues are the national cells among cells, by name.
func nationalValues(cells []Cell) map[CellName]CellValue {
	national := map[CellName]CellValue{}
	for _, c := range cells {
		if c.Population == PopulationNational {
			national[c.CellName] = c.CellValue
		}
	}
	return national
}

// protectAgainst is ProtectZeros for cells whose national cells are known already (a
// build hands them on in batches).
func protectAgainst(national map[CellName]CellValue, cells []Cell) {
	for i, c := range cells {
		if c.Population == PopulationNational {
			continue
		}
		n := c.CellName
		n.Population, n.PopulationCode = PopulationNational, NationalCode
		nl, ok := national[n]
		switch {
		case c.Status == CellPublished && c.Value != nil && *c.Value == 0 && isCountFigure(c.Figure):
			if !ok || nl.Status != CellPublished || nl.Value == nil || *nl.Value != 0 {
				cells[i].CellValue = CellValue{Status: CellSuppressed}
			}
		case c.Status == CellNotYet && isShareFigure(c.Figure):
			if !ok || nl.Status != CellNotYet {
				cells[i].CellValue = CellValue{Status: CellSuppressed}
			}
		}
	}
}

// isShareFigure says whether a figure is a share of counts (not an estimate).
func isShareFigure(figure string) bool {
	return figure == "offerWithin14Days" || strings.HasPrefix(figure, "share.")
}

// isCountFigure says whether a figure is a count (perturbed), as opposed to a share,
// an estimate, a quartile or a mean.
func isCountFigure(figure string) bool {
	switch {
	case isShareFigure(figure):
		return false
	case figure == "cases":
		return true
	}
	for _, suffix := range []string{".reached", ".movedOn", ".cases", ".atRisk"} {
		if strings.HasSuffix(figure, suffix) {
			return true
		}
	}
	for _, prefix := range []string{
		"stage.",
		"furthest.",
		"placements.contract.",
		"placements.sector.",
		"placements.count",
	} {
		if strings.HasPrefix(figure, prefix) {
			return true
		}
	}
	return false
}
