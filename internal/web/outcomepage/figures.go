package outcomepage

import (
	"fmt"
	"strings"

	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/web/chart"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

func lower(s string) string { return strings.ToLower(s) }

func pointAt(col outcomes.MunicipalityReport, i int) outcomes.PublishedAtWork {
	if i < len(col.AtWork) {
		return col.AtWork[i]
	}
	return outcomes.PublishedAtWork{Horizon: outcomes.Horizons[i]}
}

func monthsLabel(m int) string { return fmt.Sprintf("na %d maanden", m) }

// atWork: the Kaplan-Meier share at work by each horizon, with its 95 % interval.
func (c comparison) atWork() Section {
	col := c.cols[c.focus]
	ch := chart.Chart{ID: c.id + "-werk",
		Title: "Aandeel aan het werk na 3, 6, 12 en 24 maanden" + c.suffix(c.focus) +
			" (Kaplan-Meier, met 95%-interval)",
		Max: 1, Percent: true}
	table := Table{ID: c.id + "-werk-tabel",
		Caption: "Aandeel aan het werk" + c.suffix(c.focus) + ", geschat met Kaplan-Meier",
		Head: []string{
			"Moment",
			"Aandeel aan het werk",
			"95%-interval",
			"Gestart met werk",
			"Nog gevolgd zonder werk",
		}}
	var points said
	for i, h := range outcomes.Horizons {
		a := pointAt(col, i)
		bar := chart.Bar{Label: monthsLabel(h.Months), Note: noData, Lower: a.Lower, Upper: a.Upper}
		if a.Share != nil {
			bar.Segments, bar.Note = []chart.Segment{{Value: *a.Share}}, intervalCell(a).Text
		}
		ch.Bars = append(ch.Bars, bar)
		interval := Cell{Text: noData}
		if a.Lower != nil && a.Upper != nil {
			interval = Cell{Text: percent(*a.Lower) + "–" + percent(*a.Upper)}
		}
		table.Rows = append(table.Rows, Row{Head: monthsLabel(h.Months), Cells: []Cell{shareCell(a.Share),
			interval,
			countCell(a.Events), countCell(a.AtRisk)}})
		points.add(monthsLabel(h.Months), shareCell(a.Share))
	}
	summary := fmt.Sprintf("Aandeel aan het werk%s, geschat met Kaplan-Meier: %s. Wie nog niet zo lang gevolgd is, telt mee tot het moment waarop het volgen stopt.",
		c.suffix(c.focus), points.say(""))
	ch.Desc = summary
	sec := Section{
		ID:      c.id + "-werk",
		Heading: "Aan het werk na 3, 6, 12 en 24 maanden",
		Summary: summary,
		Chart:   ch.SVG(),
		Tables:  []Table{table},
	}
	if c.many {
		t := Table{
			ID:      c.id + "-werk-vergelijking",
			Caption: "Aandeel aan het werk per gemeente, met 95%-interval" + c.qual(),
			Head:    []string{"Gemeente"},
		}
		for _, h := range outcomes.Horizons {
			t.Head = append(t.Head, monthsLabel(h.Months))
		}
		for j, col := range c.cols {
			row := Row{Head: c.label(j), Strong: c.strong[j]}
			for i := range outcomes.Horizons {
				row.Cells = append(row.Cells, intervalCell(pointAt(col, i)))
			}
			t.Rows = append(t.Rows, row)
		}
		sec.Tables = append(sec.Tables, t)
	}
	return sec
}

func namedShare(f outcomes.Published, name string) outcomes.PublishedShare {
	for _, s := range f.Shares {
		if s.Name == name {
			return s.PublishedShare
		}
	}
	return outcomes.PublishedShare{}
}

// benefitHorizons are the still-on-benefit shares, with the days a case must have
// been followed for each (docs/outcomes.md, "Other shares").
var benefitHorizons = []struct {
	months, days int
	name         string
}{
	{6, 183, "onBenefitAfter6Months"},
	{12, 365, "onBenefitAfter12Months"},
	{24, 730, "onBenefitAfter24Months"},
}

// benefitCell is a still-on-benefit share as a cell: "nog niemand … gevolgd" when
// nobody was followed that long.
func (c comparison) benefitCell(s outcomes.PublishedShare, days int, words string) Cell {
	if notFollowed(c, s, days) {
		return Cell{Text: words}
	}
	return shareCell(s.Share)
}

// notFollowed: nobody can have been followed for days (from the choices), or the
// column counts nobody who was (a zero denominator).
func notFollowed(c comparison, s outcomes.PublishedShare, days int) bool {
	return c.nobodyFollowed(days) || s.Denominator == 0
}

func notFollowedText(months int) string {
	return fmt.Sprintf("nog niemand %d maanden gevolgd", months)
}

// benefit: still on benefit after 6, 12 and 24 months. The CBS baseline is not drawn
// here: it stands only beside the same measure on the same key, in its own box with
// what differs (Baseline).
func (c comparison) benefit() Section {
	f := c.cols[c.focus].Figures
	ch := chart.Chart{ID: c.id + "-uitkering",
		Title: "Nog in de uitkering na 6, 12 en 24 maanden" + c.suffix(c.focus),
		Max:   1, Percent: true}
	table := Table{ID: c.id + "-uitkering-tabel", Caption: "Nog in de uitkering" + c.suffix(c.focus),
		Head: []string{"Moment", "Nog in de uitkering", "Zo lang gevolgd (noemer)", "Aandeel"}}
	var points said
	var notYet []string
	for _, h := range benefitHorizons {
		s := namedShare(f, h.name)
		share := c.benefitCell(s, h.days, notFollowedText(h.months))
		bar := chart.Bar{Label: monthsLabel(h.months), Note: share.Text}
		if !notFollowed(c, s, h.days) {
			bar.Segments = []chart.Segment{{Value: *s.Share}} // a denominator, so a share
		}
		ch.Bars = append(ch.Bars, bar)
		counts := []Cell{countCell(s.Numerator), countCell(s.Denominator)}
		if c.nobodyFollowed(h.days) {
			counts = []Cell{{Text: notApplicable}, {Text: notApplicable}}
		}
		if notFollowed(c, s, h.days) {
			notYet = append(notYet, fmt.Sprint(h.months))
		} else {
			points.add(monthsLabel(h.months), share)
		}
		table.Rows = append(table.Rows, Row{Head: monthsLabel(h.months), Cells: append(counts, share)})
	}
	summary := ""
	if list := points.say(""); list != "" {
		summary = fmt.Sprintf("Aandeel nog in de uitkering%s: %s.", c.suffix(c.focus), list)
	}
	if len(notYet) > 0 {
		summary += fmt.Sprintf(" Na %s maanden is er%s nog geen cijfer: in deze periode is nog niemand zo lang gevolgd. Kies een eerdere beginmaand om dat wel te zien.",
			dutch.Join(notYet), c.inGroup())
	}
	ch.Desc = summary
	sec := Section{
		ID:      c.id + "-uitkering",
		Heading: "Nog in de uitkering",
		Summary: summary,
		Chart:   ch.SVG(),
		Tables:  []Table{table},
	}
	if c.many {
		t := Table{
			ID:      c.id + "-uitkering-vergelijking",
			Caption: "Nog in de uitkering per gemeente" + c.qual(),
			Head:    []string{"Gemeente"},
		}
		for _, h := range benefitHorizons {
			t.Head = append(t.Head, monthsLabel(h.months))
		}
		for j, col := range c.cols {
			row := Row{Head: c.label(j), Strong: c.strong[j]}
			for _, h := range benefitHorizons {
				row.Cells = append(
					row.Cells,
					c.benefitCell(namedShare(col.Figures, h.name), h.days, "nog niemand zo lang gevolgd"),
				)
			}
			t.Rows = append(t.Rows, row)
		}
		sec.Tables = append(sec.Tables, t)
	}
	return sec
}

// hours: mean work and integration hours per reported week, stacked, per column.
func (c comparison) hours() Section {
	ch := chart.Chart{ID: c.id + "-uren",
		Title:  "Gemiddelde werk- en inburgeringsuren per gemelde week, per gemeente" + c.qual(),
		Legend: []chart.Legend{{Label: "Werkuren"}, {Label: "Inburgeringsuren", Striped: true}}}
	table := Table{ID: c.id + "-uren-tabel", Caption: "Gecombineerde uren per gemeente" + c.qual(),
		Head: []string{
			"Gemeente",
			"Dossiers met gemelde weken",
			"Werkuren per week",
			"Inburgeringsuren per week",
			"Weken op het doel van de pilot",
		}}
	for i, col := range c.cols {
		h := col.Hours
		table.Rows = append(table.Rows, Row{Head: c.label(i), Strong: c.strong[i],
			Cells: []Cell{countCell(h.Cases),
				decimalCell(h.MeanWorkHours), decimalCell(
					h.MeanIntegrationHours,
				), shareCell(h.WeeksOnTargetShare)}})
		bar := chart.Bar{Label: c.label(i), Strong: c.strong[i], Note: noData}
		if h.MeanWorkHours != nil && h.MeanIntegrationHours != nil {
			bar.Segments = []chart.Segment{
				{Value: *h.MeanWorkHours},
				{Value: *h.MeanIntegrationHours, Striped: true},
			}
			bar.Note = decimal1(*h.MeanWorkHours) + " + " + decimal1(*h.MeanIntegrationHours) + " uur"
		}
		ch.Bars = append(ch.Bars, bar)
	}
	say := func(i int) string {
		h := c.cols[i].Hours
		if h.MeanWorkHours == nil || h.MeanIntegrationHours == nil {
			return " zijn geen weken gemeld"
		}
		return fmt.Sprintf(": %s uur werk en %s uur inburgering per week, %s van de weken op het doel",
			decimal1(*h.MeanWorkHours),
			decimal1(*h.MeanIntegrationHours), shareCell(h.WeeksOnTargetShare).Text)
	}
	summary := capitalize(c.in(c.focus)) + say(c.focus) + c.alsoTotal("; ", say) + "."
	ch.Desc = summary
	return Section{
		ID:      c.id + "-uren",
		Heading: "Werk en inburgering per week",
		Summary: summary,
		Chart:   ch.SVG(),
		Tables:  []Table{table},
	}
}

// figureLabels name the figures in Dutch: on the outcomes page and as the figures a
// lesson can point to.
var figureLabels = map[string]string{
	"flow": "Trechter: van aanmelding naar werk", "offerWithin14Days": "Baanaanbod binnen 14 dagen",
	"atWork": "Aan het werk na 3, 6, 12 en 24 maanden", "hours": "Werk en inburgering per week",
	"onBenefitAfter6Months": "Nog in de uitkering na 6 maanden", "onBenefitAfter12Months": "Nog in de uitkering na 12 maanden",
	"onBenefitAfter24Months": "Nog in de uitkering na 24 maanden", "returnWithin6Months": "Terug in de uitkering binnen 6 maanden na uitstroom",
	"returnWithin12Months": "Terug in de uitkering binnen 12 maanden na uitstroom", "fullBenefit": "Volledige (niet aanvullende) uitkering",
	"firstPipWithin10Weeks": "Eerste PIP binnen 10 weken na vestiging", "mapCompleted": "MAP afgerond", "pvtCompleted": "PVT afgerond",
	"placementMeetsBar": "Plaatsing voldoet aan 20 uur per week en 12 maanden", "sowisRequested": "SOWIS aangevraagd",
	"sowisGranted": "SOWIS verleend", "settlementToApplication": "Dagen van vestiging tot aanvraag uitkering",
	"applicationToOffer": "Dagen van aanvraag tot baanaanbod", "offerToWork": "Dagen van baanaanbod tot start werk",
}

// others lists the remaining shares and the quartiles of days of the focus column.
func (c comparison) others() Section {
	col := c.cols[c.focus]
	shares := Table{
		ID:      c.id + "-overig-tabel",
		Caption: "Overige aandelen" + c.suffix(c.focus),
		Head:    []string{"Cijfer", "Teller", "Noemer", "Aandeel"},
	}
	for _, s := range col.Figures.Shares {
		if strings.HasPrefix(s.Name, "onBenefitAfter") {
			continue // in the chart above
		}
		shares.Rows = append(shares.Rows, Row{Head: FigureLabel(s.Name),
			Cells: []Cell{countCell(s.Numerator), countCell(s.Denominator),
				shareCell(s.Share)}})
	}
	days := Table{ID: c.id + "-dagen-tabel",
		Caption: "Kwartielen van de dagen tussen de stappen" + c.suffix(c.focus),
		Head:    []string{"Tussen", "Dossiers", "25%", "Mediaan", "75%"}}
	for _, d := range col.Figures.Durations {
		days.Rows = append(
			days.Rows,
			Row{
				Head:  FigureLabel(d.Name),
				Cells: []Cell{countCell(d.Cases), decimalCell(d.P25), decimalCell(d.P50), decimalCell(d.P75)},
			},
		)
	}
	return Section{ID: c.id + "-overig", Heading: "Overige cijfers" + c.suffix(c.focus),
		Summary: "Deze cijfers staan alleen in tabellen. De download bevat ze voor elke gemeente in de keuze.", Tables: []Table{shares, days}}
}

// FigureLabel is the Dutch name of a figure of the outcomes page, or the name itself.
func FigureLabel(name string) string {
	if l, ok := figureLabels[name]; ok {
		return l
	}
	return name
}
