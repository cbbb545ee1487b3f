package outcomepage

import (
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/outcomes"
)

// ocColumn makes a column of the live report: every figure whole.
func ocColumn(code, name string) outcomes.MunicipalityReport {
	share := func(v float64) *float64 { return &v }
	f := outcomes.Published{
		Cases:   120,
		ByStage: map[string]int{},
		Offer:   outcomes.PublishedShare{Numerator: 30, Denominator: 100, Share: share(0.3)},
	}
	for _, s := range outcomes.Stages {
		f.ByStage[s] = 20
	}
	for _, s := range outcomes.Steps {
		f.Flow = append(f.Flow, outcomes.FlowStep{Stage: s, Reached: 100, MovedOn: 50, Share: share(0.5)})
	}
	for _, h := range benefitHorizons {
		f.Shares = append(
			f.Shares,
			outcomes.PublishedNamedShare{
				Name:           h.name,
				PublishedShare: outcomes.PublishedShare{Numerator: 80, Denominator: 100, Share: share(0.8)},
			},
		)
	}
	r := outcomes.MunicipalityReport{
		Code:    code,
		Name:    name,
		Detail:  true,
		Figures: f,
		Hours:   outcomes.PublishedHours{Cases: 50},
	}
	r.Hours.MeanWorkHours, r.Hours.MeanIntegrationHours, r.Hours.WeeksOnTargetShare = share(12), share(8), share(0.3)
	for range outcomes.Horizons {
		r.AtWork = append(r.AtWork, outcomes.PublishedAtWork{Share: share(0.4)})
	}
	return r
}

var (
	ocReference = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ocLongAgo   = groupPeriod{earliest: ocReference.AddDate(-3, 0, 0), reference: ocReference}
)

func ocSections(c comparison) []Section {
	return []Section{c.funnel(), c.offer(), c.atWork(), c.benefit(), c.hours(), c.others()}
}

// TestSentencesCompare: the reader's own municipalities side by side read as Dutch
// sentences with their figures, the total after the focus, and nothing is said to be
// afgeschermd (the live report is whole).
func TestSentencesCompare(t *testing.T) {
	g := outcomes.Group{Municipalities: []outcomes.MunicipalityReport{
		ocColumn("GM0772", "Eindhoven"),
		ocColumn("GM0794", "Helmond"),
	},
		Total: ocColumn("", "")}
	c := newComparison("g1", "compare", g, map[string]bool{"GM0772": true, "GM0794": true}, ocLongAgo)
	want := map[string]string{
		"g1-trechter": "In Eindhoven telt het cohort 120 dossiers. Bereikt, of verder gekomen: aangemeld 100, gevestigd 100, uitkering aangevraagd 100, baan aangeboden 100, aan het werk 100 en uitgestroomd 100.",
		"g1-aanbod":   "In Eindhoven kreeg 30% binnen 14 dagen na de aanvraag van een uitkering een baanaanbod, in de vergelijking als geheel 30%.",
		"g1-uren":     "In Eindhoven: 12,0 uur werk en 8,0 uur inburgering per week, 30% van de weken op het doel; in de vergelijking als geheel: 12,0 uur werk en 8,0 uur inburgering per week, 30% van de weken op het doel.",
	}
	for _, s := range ocSections(c) {
		if w, ok := want[s.ID]; ok && s.Summary != w {
			t.Errorf("%s:\n got %q\nwant %q", s.ID, s.Summary, w)
		}
		if strings.Contains(s.Summary, "afgeschermd") {
			t.Errorf("%s says afgeschermd: %s", s.ID, s.Summary)
		}
		for _, tb := range s.Tables {
			if tb.Note != "" {
				t.Errorf("%s: a note beside a whole table: %s", tb.ID, tb.Note)
			}
			for _, r := range tb.Rows {
				for _, cl := range r.Cells {
					if cl.Hidden {
						t.Errorf("%s, %s: a hidden cell in the live report", tb.ID, r.Head)
					}
				}
			}
		}
	}
}

// TestSentencesNational: the national total is "landelijk" in captions and headings,
// the last funnel step's share is "n.v.t.", and the 24-month figure stands beside the
// baseline in words.
func TestSentencesNational(t *testing.T) {
	g := outcomes.Group{Municipalities: []outcomes.MunicipalityReport{
		ocColumn("GM0772", "Eindhoven"),
		ocColumn("GM0794", "Helmond"),
	},
		Total: ocColumn("", "")}
	c := newComparison("g1", "national", g, nil, ocLongAgo)
	secs := ocSections(c)
	if got := secs[0].Tables[0].Caption; got != "Trechter per stap, landelijk" {
		t.Errorf("funnel caption %q", got)
	}
	if got := secs[5].Heading; got != "Overige cijfers, landelijk" {
		t.Errorf("others heading %q", got)
	}
	if got := secs[0].Summary; !strings.HasPrefix(got, "Landelijk telt het cohort 120 dossiers.") {
		t.Errorf("funnel summary %q", got)
	}
	rows := secs[0].Tables[0].Rows
	last := rows[len(outcomes.Steps)-1]
	if last.Head != "Uitgestroomd" || last.Cells[1].Text != "n.v.t." ||
		last.Cells[2].Text != "n.v.t." {
		t.Errorf("last step: %+v", last)
	}
	// The benefit summary says the shares; the CBS baseline is not set beside them
	// here (only in its own box, on the residence-permit key, with what differs).
	if sum := secs[3].Summary; !strings.Contains(sum, "na 24 maanden 80%") ||
		strings.Contains(sum, "91%") || strings.Contains(sum, "basislijn") {
		t.Errorf("benefit summary: %s", sum)
	}
	for _, s := range secs {
		if strings.Contains(s.Summary+s.Heading, "Landelijk totaal") {
			t.Errorf("%s: %q", s.ID, s.Summary)
		}
	}
}

// TestNobodyFollowedYet: when the period starts less than 24 months before the
// ocReference date, the 24-month figure says so in words, derived from the choices.
func TestNobodyFollowedYet(t *testing.T) {
	recent := groupPeriod{earliest: ocReference.AddDate(-1, -6, 0), reference: ocReference}
	g := outcomes.Group{Municipalities: []outcomes.MunicipalityReport{ocColumn("GM0772", "Eindhoven")}}
	sec := newComparison("g1", "municipality", g, nil, recent).benefit()
	rows := map[string][]Cell{}
	for _, r := range sec.Tables[0].Rows {
		rows[r.Head] = r.Cells
	}
	if got := rows["na 24 maanden"]; got[0].Text != "n.v.t." ||
		got[2].Text != "nog niemand 24 maanden gevolgd" || got[2].Hidden {
		t.Errorf("24 months reads %+v", got)
	}
	if got := rows["na 12 maanden"][2]; got.Text == "nog niemand 12 maanden gevolgd" {
		t.Error("12 months said not followed, though the period allows it")
	}
	if !strings.Contains(
		sec.Summary,
		"Na 24 maanden is er nog geen cijfer: in deze periode is nog niemand zo lang gevolgd.",
	) {
		t.Errorf("summary: %s", sec.Summary)
	}
	// A quarter cohort starting after the period's first month counts from its own start.
	if got := groupStart(
		"2025-Q3|vrouw",
		time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC),
	); !got.Equal(time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("group start before the period: %v", got)
	}
	for label, want := range map[string]time.Time{"2025-Q3": time.Date(
		2025,
		7,
		1,
		0,
		0,
		0,
		0,
		time.UTC,
	),
		"2025-03|man": time.Date(
			2025,
			3,
			1,
			0,
			0,
			0,
			0,
			time.UTC,
		), "2026": time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		"vrouw": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if got := groupStart(label, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)); !got.Equal(want) {
			t.Errorf("groupStart(%q) = %v, want %v", label, got, want)
		}
	}
}

// TestLinkedFigures: a lesson's figures read as their Dutch names and link to the
// outcomes page with choices that show them; an unknown name is said as unknown.
func TestLinkedFigures(t *testing.T) {
	f := NewLinkedFigure("onBenefitAfter24Months", "GM0772", ocReference)
	if f.Label != "Nog in de uitkering na 24 maanden" ||
		!strings.Contains(f.Href, "key=residencePermit") ||
		!strings.Contains(f.Href, "from=2023-11") || !strings.HasSuffix(f.Href, "#g1-uitkering") ||
		!strings.Contains(f.Href, "municipality=GM0772") {
		t.Errorf("24 months: %+v", f)
	}
	if f := NewLinkedFigure(
		"offerWithin14Days",
		"GM0772",
		ocReference,
	); f.Label != "Baanaanbod binnen 14 dagen" ||
		!strings.Contains(f.Href, "key=benefitApplication") || !strings.HasSuffix(f.Href, "#g1-aanbod") {
		t.Errorf("offer: %+v", f)
	}
	if f := NewLinkedFigure("placements", "GM0772", ocReference); f.Href == "" || f.Note == "" {
		t.Errorf("a download-only figure: %+v", f)
	}
	if f := NewLinkedFigure("xyz", "GM0772", ocReference); f.Href != "" ||
		!strings.Contains(f.Label, "Onbekend cijfer") {
		t.Errorf("unknown: %+v", f)
	}
}

// TestNobodyFollowedWholeColumn: a column shown whole with a zero denominator says
// "nog niemand … gevolgd" too, and keeps its counts.
func TestNobodyFollowedWholeColumn(t *testing.T) {
	col := ocColumn("GM0772", "Eindhoven")
	col.Figures.Shares[2].PublishedShare = outcomes.PublishedShare{}
	sec := newComparison(
		"g1",
		"municipality",
		outcomes.Group{Municipalities: []outcomes.MunicipalityReport{col}},
		nil,
		ocLongAgo,
	).benefit()
	got := sec.Tables[0].Rows[2]
	if got.Head != "na 24 maanden" || got.Cells[1].Text != "0" ||
		got.Cells[2].Text != "nog niemand 24 maanden gevolgd" {
		t.Errorf("24 months, whole column: %+v", got)
	}
	if !strings.Contains(sec.Summary, "Na 24 maanden is er nog geen cijfer") {
		t.Errorf("summary: %s", sec.Summary)
	}
}

// TestNameGroup: every group label the domain makes (cohort period, split value, or
// both joined by "|") heads its group in plain Dutch that names the dimension, and
// has a qualifier that reads inside a sentence's parentheses.
func TestNameGroup(t *testing.T) {
	tests := []struct {
		label, cohort, split, heading, qualifier string
	}{
		{"man", "", "gender", "Geslacht: man", "geslacht: man"},
		{"vrouw", "", "gender", "Geslacht: vrouw", "geslacht: vrouw"},
		{"x", "", "gender", "Geslacht: x (anders of onbekend)", "geslacht: anders of onbekend"},
		{"18-26", "", "ageBand", "Leeftijd: 18–26 jaar", "leeftijd: 18–26 jaar"},
		{"27-35", "", "ageBand", "Leeftijd: 27–35 jaar", "leeftijd: 27–35 jaar"},
		{"36-49", "", "ageBand", "Leeftijd: 36–49 jaar", "leeftijd: 36–49 jaar"},
		{"50+", "", "ageBand", "Leeftijd: 50 jaar en ouder", "leeftijd: 50 jaar en ouder"},
		{"b1", "", "route", "Leerroute: B1-route", "leerroute: B1-route"},
		{"onderwijs", "", "route", "Leerroute: onderwijsroute", "leerroute: onderwijsroute"},
		{"z", "", "route", "Leerroute: Z-route", "leerroute: Z-route"},
		{"onbekend", "", "route", "Leerroute: nog niet bekend", "leerroute: nog niet bekend"},
		{"2025-Q1", "quarter", "", "Cohort 1e kwartaal 2025", "cohort 1e kwartaal 2025"},
		{"2025-Q4", "quarter", "", "Cohort 4e kwartaal 2025", "cohort 4e kwartaal 2025"},
		{"2025-01", "month", "", "Cohort januari 2025", "cohort januari 2025"},
		{"2024-12", "month", "", "Cohort december 2024", "cohort december 2024"},
		{"2025", "year", "", "Cohort 2025", "cohort 2025"},
		{
			"2025-Q1|vrouw",
			"quarter",
			"gender",
			"Cohort 1e kwartaal 2025, geslacht: vrouw",
			"cohort 1e kwartaal 2025, geslacht: vrouw",
		},
		{
			"2025-03|x",
			"month",
			"gender",
			"Cohort maart 2025, geslacht: x (anders of onbekend)",
			"cohort maart 2025, geslacht: anders of onbekend",
		},
		{
			"2024|50+",
			"year",
			"ageBand",
			"Cohort 2024, leeftijd: 50 jaar en ouder",
			"cohort 2024, leeftijd: 50 jaar en ouder",
		},
		{
			"2025-Q2|z",
			"quarter",
			"route",
			"Cohort 2e kwartaal 2025, leerroute: Z-route",
			"cohort 2e kwartaal 2025, leerroute: Z-route",
		},
		// A value the page does not know yet is said as it is, beside its dimension.
		{"nieuw", "", "route", "Leerroute: nieuw", "leerroute: nieuw"},
		// A report without cases has one group, of all cases: nothing to qualify.
		{"", "quarter", "gender", "Alle dossiers", ""},
	}
	for _, tt := range tests {
		got := nameGroup(tt.label, tt.cohort, tt.split)
		if got.Heading != tt.heading || got.Qualifier != tt.qualifier {
			t.Errorf(
				"nameGroup(%q, %q, %q) = %+v, want %q / %q",
				tt.label,
				tt.cohort,
				tt.split,
				got,
				tt.heading,
				tt.qualifier,
			)
		}
		if strings.Contains(got.Heading, "Groep") || strings.Contains(got.Qualifier, "(") {
			t.Errorf("%q: %+v", tt.label, got)
		}
	}
}

// TestGroupedSentencesNameTheGroup: in a group of a split report, every summary and
// every note beside a table names the group, so none reads as if it were about all
// cases of the place; the total after the focus does not repeat it.
func TestGroupedSentencesNameTheGroup(t *testing.T) {
	q := nameGroup("vrouw", "", "gender").Qualifier
	for _, scope := range []string{"municipality", "compare", "national"} {
		g := outcomes.Group{
			Municipalities: []outcomes.MunicipalityReport{ocColumn("GM0599", "Rotterdam")},
			Total:          ocColumn("", ""),
		}
		if scope != "municipality" {
			g.Municipalities = append(
				g.Municipalities,
				ocColumn("GM0794", "Helmond"),
				ocColumn("GM0772", "Eindhoven"),
			)
		}
		c := newComparison("g2", scope, g, map[string]bool{"GM0599": true}, ocLongAgo)
		c.group = q
		for _, s := range ocSections(c) {
			if s.ID == "g2-overig" {
				if !strings.Contains(s.Heading, "(geslacht: vrouw)") {
					t.Errorf("%s: heading %q", scope, s.Heading)
				}
				continue // says only that the figures are in the tables below
			}
			if !strings.Contains(s.Summary, "(geslacht: vrouw)") {
				t.Errorf("%s, %s: the summary does not name the group: %s", scope, s.ID, s.Summary)
			}
			if strings.Count(s.Summary, "(geslacht: vrouw)") > 2 {
				t.Errorf("%s, %s: the group said over and over: %s", scope, s.ID, s.Summary)
			}
			for _, tb := range s.Tables {
				if tb.Note != "" && !strings.Contains(tb.Note, "(geslacht: vrouw)") {
					t.Errorf("%s, %s: the note does not name the group: %s", scope, tb.ID, tb.Note)
				}
			}
		}
		funnel := c.funnel()
		if want := "In Rotterdam (geslacht: vrouw) telt de groep 120 dossiers."; !strings.HasPrefix(
			funnel.Summary,
			want,
		) {
			t.Errorf("%s: funnel %q, want %q", scope, funnel.Summary, want)
		}
		if scope == "compare" {
			if want := "In Rotterdam (geslacht: vrouw) kreeg 30% binnen 14 dagen na de aanvraag van een uitkering een baanaanbod, in de vergelijking als geheel 30%."; c.offer().Summary != want {
				t.Errorf("offer:\n got %q\nwant %q", c.offer().Summary, want)
			}
		}
	}
	// Not grouped: the sentences say the cohort, as before.
	g := outcomes.Group{Municipalities: []outcomes.MunicipalityReport{ocColumn("GM0599", "Rotterdam")}}
	if got := newComparison(
		"g1",
		"municipality",
		g,
		nil,
		ocLongAgo,
	).funnel().Summary; !strings.HasPrefix(
		got,
		"In Rotterdam telt het cohort 120 dossiers.",
	) {
		t.Errorf("not grouped: %s", got)
	}
	// A cohort group the nobody-followed sentence is about.
	recent := groupPeriod{earliest: ocReference.AddDate(0, -3, 0), reference: ocReference}
	c := newComparison(
		"g3",
		"municipality",
		outcomes.Group{Municipalities: []outcomes.MunicipalityReport{ocColumn("GM0599", "Rotterdam")}},
		nil,
		recent,
	)
	c.group = nameGroup("2026-Q3", "quarter", "").Qualifier
	if got := c.benefit().Summary; !strings.Contains(
		got,
		"Na 6, 12 en 24 maanden is er in deze groep (cohort 3e kwartaal 2026) nog geen cijfer",
	) {
		t.Errorf("cohort group, nobody followed: %s", got)
	}
	if got := c.funnel().Summary; !strings.HasPrefix(
		got,
		"In Rotterdam (cohort 3e kwartaal 2026) telt de groep 120 dossiers.",
	) {
		t.Errorf("cohort group, funnel: %s", got)
	}
}
