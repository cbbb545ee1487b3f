package releases

import (
	"math"
	"testing"

	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// half is a cell key with noise 0 (u = 0.5), small a key with noise +3 (u ≈ 1).
const (
	half  = int64(1 << 30)
	plus3 = disclosure.RecordKeyRange - 1
)

func cellMap(cells []Cell) map[string]CellValue {
	out := map[string]CellValue{}
	for _, c := range cells {
		out[c.Figure] = c.CellValue
	}
	return out
}

func value(t *testing.T, cells map[string]CellValue, figure string) float64 {
	t.Helper()
	c, ok := cells[figure]
	if !ok || c.Status != CellPublished || c.Value == nil {
		t.Fatalf("%s: %+v, want published", figure, c)
	}
	return *c.Value
}

func status(t *testing.T, cells map[string]CellValue, figure, want string) {
	t.Helper()
	if c := cells[figure]; c.Status != want || (want != CellPublished && c.Value != nil) {
		t.Errorf("%s: %+v, want %s", figure, c, want)
	}
}

// TestCellsByHand: a cohort of 40 (all in baan_aangeboden or aan_het_werk, so every
// earlier stage is a structural zero), keys chosen so that the noise is known.
func TestCellsByHand(t *testing.T) {
	f := outcomes.Figures{Cases: 40, CasesKey: half,
		ByStage:   map[string]int{"baan_aangeboden": 33, "aan_het_werk": 7},
		StageKeys: map[string]int64{"baan_aangeboden": plus3, "aan_het_werk": half},
		Furthest:  map[string]int{"baan_aangeboden": 33, "aan_het_werk": 7},
		// add up to the cohort's key
		FurthestKeys: map[string]int64{"baan_aangeboden": half - 5, "aan_het_werk": 5},
		Offer:        outcomes.Share{Numerator: 20, NumKey: half, Denominator: 30, DenKey: half},
		Shares: []outcomes.NamedShare{
			{Name: "onBenefitAfter24Months"},
			{
				Name:  "fullBenefit",
				Share: outcomes.Share{Numerator: 4, NumKey: half, Denominator: 6, DenKey: plus3},
			},
		},
		Durations: []outcomes.Duration{{
			Name:     "applicationToOffer",
			Cases:    40,
			CasesKey: half,
			P25:      3.4,
			P50:      7.5,
			P75:      12.2,
		},
			{Name: "offerToWork", Cases: 7, CasesKey: plus3, P50: 10}},
		Hours: outcomes.Hours{
			Cases:            12,
			CasesKey:         half,
			Weeks:            100,
			WorkHours:        1234,
			IntegrationHours: 567,
			WeeksOnTarget:    40,
		},
		Placements: outcomes.Placements{Count: 9, CountKey: half, MeanHours: 24, MedianWageCents: 1455},
	}
	curve := []outcomes.AtWork{
		{
			Horizon:   outcomes.Horizons[0],
			Cases:     40,
			AtRisk:    30,
			AtRiskKey: half,
			Share:     0.2503,
			Lower:     0.1212,
			Upper:     0.4049,
		},
		{Horizon: outcomes.Horizons[1], Cases: 40, AtRisk: 8, AtRiskKey: half, Share: 0.3},
	}
	block := CellName{Population: PopulationMunicipality, PopulationCode: "GM0363",
		CohortKey:   "benefitApplication",
		CohortWidth: "quarter", Cohort: "2025-Q1"}
	cells := CellsOf(block, f, curve)
	for _, c := range cells {
		if c.Population != "gemeente" || c.PopulationCode != "GM0363" || c.Cohort != "2025-Q1" ||
			c.Split != "" {
			t.Fatalf("cell %+v does not carry its block", c.CellName)
		}
	}
	m := cellMap(cells)
	if len(m) != len(cells) {
		t.Fatalf("%d cells but %d names: a name twice", len(cells), len(m))
	}
	// Counts: noise 0 on the cohort, +3 on 33, a zero stays 0, 7 is hidden.
	if value(t, m, "cases") != 40 || value(t, m, "stage.baan_aangeboden") != 36 ||
		value(t, m, "stage.aangemeld") != 0 {
		t.Errorf(
			"counts %v %v %v",
			*m["cases"].Value,
			*m["stage.baan_aangeboden"].Value,
			*m["stage.aangemeld"].Value,
		)
	}
	status(t, m, "stage.aan_het_werk", CellSuppressed)
	// The flow: reached aangemeld … baan aangeboden are the whole cohort (same cases, same
	// key, so the same value as cases); reached aan het werk is 7 (hidden).
	for _, s := range []string{"aangemeld", "gevestigd", "uitkering_aangevraagd", "baan_aangeboden"} {
		if value(t, m, "flow."+s+".reached") != 40 {
			t.Errorf("reached %s is not the cohort's 40", s)
		}
	}
	status(t, m, "flow.aan_het_werk.reached", CellSuppressed)
	status(t, m, "flow.baan_aangeboden.movedOn", CellSuppressed)
	if value(t, m, "flow.uitgestroomd.reached") != 0 || value(t, m, "share.movedOn.aangemeld") != 1 {
		t.Error("nobody left the benefit: reached uitgestroomd 0; everybody moved on from aangemeld")
	}
	status(t, m, "share.movedOn.aan_het_werk", CellSuppressed) // over a hidden 7
	// Shares: 20 of 30 with Wilson; nobody followed 24 months; denominator 6 (+3 = 9) hidden.
	o := m["offerWithin14Days"]
	p, lo, hi := disclosure.Wilson(20, 30)
	if o.Status != CellPublished || *o.Value != p || *o.Lower != lo || *o.Upper != hi ||
		*o.Denominator != 30 {
		t.Errorf("offer %+v, want %.4f [%.4f, %.4f] of 30", o, p, lo, hi)
	}
	status(t, m, "share.onBenefitAfter24Months", CellNotYet)
	status(t, m, "share.fullBenefit", CellSuppressed)
	// Durations: quartiles to whole days over 40; nothing over a hidden 7 (+3 = 10 published!).
	if value(t, m, "duration.applicationToOffer.p25") != 3 ||
		value(t, m, "duration.applicationToOffer.p50") != 8 ||
		value(t, m, "duration.applicationToOffer.p75") != 12 {
		t.Error("quartiles are rounded to whole days")
	}
	if value(t, m, "duration.offerToWork.cases") != 10 ||
		value(t, m, "duration.offerToWork.p50") != 10 {
		t.Error("7 cases published as 10 rest on a published count of 10, so the quartile goes with it")
	}
	// Kaplan-Meier: 30 still followed at 3 months, 8 at 6; nothing at 12 and 24.
	if value(t, m, "atWork.3m") != 0.25 || *m["atWork.3m"].Lower != 0.12 ||
		*m["atWork.3m"].Upper != 0.40 ||
		*m["atWork.3m"].Denominator != 40 || value(t, m, "atWork.3m.atRisk") != 30 {
		t.Errorf("at work by 3 months %+v", m["atWork.3m"])
	}
	for _, h := range []string{"atWork.6m", "atWork.12m", "atWork.24m"} {
		status(t, m, h, CellNotYet)
	}
	status(t, m, "atWork.6m.atRisk", CellSuppressed)
	if value(t, m, "atWork.24m.atRisk") != 0 {
		t.Error("nobody followed 24 months is a published zero")
	}
	// Hours over 12 cases: 12.3 work and 5.7 integration hours a week, 40 % of weeks on target.
	if value(t, m, "hours.meanWork") != 12.3 || value(t, m, "hours.meanIntegration") != 5.7 ||
		value(t, m, "hours.shareWeeksOnTarget") != 0.4 {
		t.Error("hours")
	}
	// Placements: 9 is hidden, and so are their mean hours and median wage.
	status(t, m, "placements.count", CellSuppressed)
	status(t, m, "placements.meanHours", CellSuppressed)
	status(t, m, "placements.medianWage", CellSuppressed)
	if value(t, m, "placements.contract.oproep") != 0 {
		t.Error("no on-call placements: a published zero")
	}
	if again := CellsOf(block, f, curve); len(again) != len(cells) {
		t.Fatal("not deterministic")
	} else {
		for i := range again {
			if again[i].CellName != cells[i].CellName || !sameValue(again[i].CellValue, cells[i].CellValue) {
				t.Fatalf("cell %d differs on a second run: %+v, %+v", i, again[i], cells[i])
			}
		}
	}
}

// TestEstimatesFollowThePublishedCount: a true 9 published as 12 (noise +3) carries
// its quartiles and means, so their presence says nothing the count does not; a true
// 11 published as 8 (noise −3) carries none.
func TestEstimatesFollowThePublishedCount(t *testing.T) {
	minus3 := int64(0)
	for _, c := range []struct {
		n    int
		key  int64
		show bool
	}{{9, plus3, true}, {11, minus3, false}, {10, half, true}} {
		f := outcomes.Figures{Durations: []outcomes.Duration{
			{Name: "offerToWork", Cases: c.n, CasesKey: c.key, P50: 5},
		},
			Hours:      outcomes.Hours{Cases: c.n, CasesKey: c.key, Weeks: 50, WorkHours: 100},
			Placements: outcomes.Placements{Count: c.n, CountKey: c.key, MeanHours: 20}}
		m := cellMap(
			CellsOf(
				CellName{},
				f,
				[]outcomes.AtWork{{Horizon: outcomes.Horizons[0], AtRisk: c.n, AtRiskKey: c.key}},
			),
		)
		for _, pair := range [][2]string{{"duration.offerToWork.cases", "duration.offerToWork.p50"},
			{"hours.cases", "hours.meanWork"},
			{"placements.count", "placements.meanHours"}, {"atWork.3m.atRisk", "atWork.3m"}} {
			count, estimate := m[pair[0]], m[pair[1]]
			if (count.Status == CellPublished) != c.show || (estimate.Status == CellPublished) != c.show {
				t.Errorf(
					"%d with noise key %d: %s %s, %s %s",
					c.n,
					c.key,
					pair[0],
					count.Status,
					pair[1],
					estimate.Status,
				)
			}
		}
	}
}

func sameValue(a, b CellValue) bool {
	eq := func(x, y *float64) bool {
		return x == nil && y == nil || x != nil && y != nil &&
			(*x == *y || math.IsNaN(*x) && math.IsNaN(*y))
	}
	return a.Status == b.Status && eq(a.Value, b.Value) && eq(a.Lower, b.Lower) &&
		eq(a.Upper, b.Upper) &&
		(a.Denominator == nil) == (b.Denominator == nil) &&
		(a.Denominator == nil || *a.Denominator == *b.Denominator)
}

// TestProtectZerosByHand: a zero is published only where the country has none either.
func TestProtectZerosByHand(t *testing.T) {
	zero, forty := 0.0, 40.0
	cell := func(pop, code, figure string, v *float64, status string) Cell {
		return Cell{CellName: CellName{
			Population:     pop,
			PopulationCode: code,
			Cohort:         "2025",
			Figure:         figure,
		},
			CellValue: CellValue{Value: v, Status: status}}
	}
	cells := []Cell{
		cell(PopulationNational, NationalCode, "stage.aangemeld", &zero, CellPublished),
		cell(PopulationNational, NationalCode, "stage.gevestigd", &forty, CellPublished),
		cell(PopulationNational, NationalCode, "share.fullBenefit", nil, CellNotYet),
		cell(PopulationNational, NationalCode, "offerWithin14Days", &forty, CellPublished),
		cell(PopulationMunicipality, "GM0363", "stage.aangemeld", &zero, CellPublished),
		cell(PopulationMunicipality, "GM0363", "stage.gevestigd", &zero, CellPublished),
		cell(PopulationPilot, "P1", "share.fullBenefit", nil, CellNotYet),
		cell(PopulationPilot, "P1", "offerWithin14Days", nil, CellNotYet),
		cell(PopulationPilot, "P1", "duration.offerToWork.p50", &zero, CellPublished),
	}
	ProtectZeros(cells)
	want := []string{
		CellPublished,
		CellPublished,
		CellNotYet,
		CellPublished,
		CellPublished,
		CellSuppressed,
		CellNotYet,
		CellSuppressed,
		CellPublished,
	}
	for i, c := range cells {
		if c.Status != want[i] || c.Status == CellSuppressed && c.Value != nil {
			t.Errorf("%s %s: %s, want %s", c.PopulationCode, c.Figure, c.Status, want[i])
		}
	}
}
