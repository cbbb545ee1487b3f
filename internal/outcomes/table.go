package outcomes

import (
	"strconv"
	"strings"

	"github.com/startbaan/startbaan/internal/placements"
)

// stageLabels are the Dutch names of the stages in exports.
var stageLabels = map[string]string{"aangemeld": "aangemeld", "gevestigd": "gevestigd",
	"uitkering_aangevraagd": "uitkering aangevraagd", "baan_aangeboden": "baan aangeboden",
	"aan_het_werk": "aan het werk", "uitgestroomd": "uitgestroomd", "afgesloten": "afgesloten"}

var shareLabels = map[string]string{
	"onBenefitAfter6Months": "in de uitkering na 6 maanden", "onBenefitAfter12Months": "in de uitkering na 12 maanden",
	"onBenefitAfter24Months": "in de uitkering na 24 maanden", "returnWithin6Months": "terug in de uitkering binnen 6 maanden na uitstroom",
	"returnWithin12Months": "terug in de uitkering binnen 12 maanden na uitstroom", "fullBenefit": "volledige (niet aanvullende) uitkering",
	"firstPipWithin10Weeks": "eerste PIP binnen 10 weken na vestiging", "mapCompleted": "MAP afgerond", "pvtCompleted": "PVT afgerond",
	"placementMeetsBar": "plaatsing voldoet aan 20 uur / 12 maanden", "sowisRequested": "SOWIS aangevraagd", "sowisGranted": "SOWIS verleend",
}

var durationLabels = map[string]string{"settlementToApplication": "vestiging → aanvraag uitkering",
	"applicationToOffer": "aanvraag → baanaanbod", "offerToWork": "baanaanbod → start werk"}

// Table lays the report out for an export: a row per figure, a column per
// municipality and one for the total. Numbers use a decimal comma (Dutch Excel); an
// empty cell has nothing to count (no denominator, no case).
func (r Report) Table() (header []string, rows [][]string) {
	var cols []MunicipalityReport
	header = []string{"cijfer"}
	for _, g := range r.Groups {
		for _, c := range append(append([]MunicipalityReport{}, g.Municipalities...), g.Total) {
			name := c.Name
			if c.Code != "" {
				name += " (" + c.Code + ")"
			}
			if g.Label != "" {
				name += " " + g.Label
			}
			header = append(header, name)
			cols = append(cols, c)
		}
	}
	row := func(label string, cell func(MunicipalityReport) string) {
		out := []string{label}
		for _, c := range cols {
			out = append(out, cell(c))
		}
		rows = append(rows, out)
	}
	row(
		"dossiers in het cohort",
		func(c MunicipalityReport) string { return countText(c.Figures.Cases) },
	)
	for _, s := range Stages {
		row(
			"nu in fase: "+stageLabels[s],
			func(c MunicipalityReport) string { return countText(c.Figures.ByStage[s]) },
		)
	}
	for k, s := range Steps {
		row(
			"bereikt (of verder): "+stageLabels[s],
			func(c MunicipalityReport) string { return countText(flowAt(c, k).Reached) },
		)
		if k+1 < len(Steps) {
			row("doorgestroomd vanuit "+stageLabels[s]+": aandeel", func(c MunicipalityReport) string {
				f := flowAt(c, k)
				return shareText(f.Share)
			})
		}
	}
	row(
		"baanaanbod binnen 14 dagen: aantal",
		func(c MunicipalityReport) string { return countText(c.Figures.Offer.Numerator) },
	)
	row(
		"baanaanbod binnen 14 dagen: noemer",
		func(c MunicipalityReport) string { return countText(c.Figures.Offer.Denominator) },
	)
	row("baanaanbod binnen 14 dagen: aandeel", func(c MunicipalityReport) string {
		return shareText(c.Figures.Offer.Share)
	})
	for i, d := range shareDefs {
		label := shareLabels[d.name]
		pick := func(c MunicipalityReport) PublishedShare {
			if i < len(c.Figures.Shares) {
				return c.Figures.Shares[i].PublishedShare
			}
			return PublishedShare{}
		}
		row(label+": aantal", func(c MunicipalityReport) string { return countText(pick(c).Numerator) })
		row(label+": noemer", func(c MunicipalityReport) string { return countText(pick(c).Denominator) })
		row(label+": aandeel", func(c MunicipalityReport) string {
			return shareText(pick(c).Share)
		})
	}
	for i, d := range durations {
		name := durationLabels[d[0]]
		row(
			"dagen "+name+": aantal dossiers",
			func(c MunicipalityReport) string { return countText(c.Figures.Durations[i].Cases) },
		)
		for _, q := range []struct {
			label string
			pick  func(PublishedDuration) *float64
		}{{"25e percentiel", func(p PublishedDuration) *float64 { return p.P25 }},
			{"mediaan", func(p PublishedDuration) *float64 { return p.P50 }},
			{"75e percentiel", func(p PublishedDuration) *float64 { return p.P75 }}} {
			row("dagen "+name+": "+q.label, func(c MunicipalityReport) string {
				return numberText(q.pick(c.Figures.Durations[i]))
			})
		}
	}
	for i, h := range Horizons {
		m := strconv.Itoa(h.Months)
		row("aan het werk na "+m+" maanden (Kaplan-Meier)", func(c MunicipalityReport) string {
			return shareText(pointAt(c, i).Share)
		})
		row("aan het werk na "+m+" maanden: 95%-interval", func(c MunicipalityReport) string {
			a := pointAt(c, i)
			if a.Lower == nil {
				return ""
			}
			return shareText(a.Lower) + " – " + shareText(a.Upper)
		})
		row(
			"aan het werk na "+m+" maanden: nog in observatie",
			func(c MunicipalityReport) string { return countText(pointAt(c, i).AtRisk) },
		)
	}
	row(
		"plaatsingen (geaccepteerde aanbiedingen)",
		func(c MunicipalityReport) string { return countText(c.Figures.Placements.Count) },
	)
	for _, ct := range ContractTypes {
		row(
			"plaatsingen: contract "+ct,
			func(c MunicipalityReport) string { return countText(c.Figures.Placements.ByContract[ct]) },
		)
	}
	for _, sec := range placements.Sectors {
		row(
			"plaatsingen: sector "+sec,
			func(c MunicipalityReport) string { return countText(c.Figures.Placements.BySector[sec]) },
		)
	}
	row("plaatsingen: gemiddeld uren per week", func(c MunicipalityReport) string {
		return numberText(c.Figures.Placements.MeanHours)
	})
	row("plaatsingen: mediaan uurloon (euro)", func(c MunicipalityReport) string {
		w := c.Figures.Placements.MedianWageCents
		if w != nil {
			w = ptr(*w / 100)
		}
		return numberText(w)
	})
	row(
		"uren: dossiers met gemelde weken",
		func(c MunicipalityReport) string { return countText(c.Hours.Cases) },
	)
	row("uren: gemiddeld gewerkt per week", func(c MunicipalityReport) string {
		return numberText(c.Hours.MeanWorkHours)
	})
	row("uren: gemiddeld inburgering per week", func(c MunicipalityReport) string {
		return numberText(c.Hours.MeanIntegrationHours)
	})
	row("uren: aandeel weken dat het gecombineerde urendoel haalt", func(c MunicipalityReport) string {
		return shareText(c.Hours.WeeksOnTargetShare)
	})
	row("dossiers per klantmanager (nu actief): gemiddeld", func(c MunicipalityReport) string {
		return numberText(c.Caseload.Mean)
	})
	row("dossiers per klantmanager (nu actief): mediaan", func(c MunicipalityReport) string {
		return numberText(c.Caseload.Median)
	})
	return header, rows
}

func countText(n int) string { return strconv.Itoa(n) }

func shareText(v *float64) string {
	if v == nil {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(*v, 'f', 4, 64), ".", ",", 1)
}

func numberText(v *float64) string {
	if v == nil {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(*v, 'f', 1, 64), ".", ",", 1)
}

func flowAt(c MunicipalityReport, k int) FlowStep {
	if k < len(c.Figures.Flow) {
		return c.Figures.Flow[k]
	}
	return FlowStep{Stage: Steps[k]}
}

func pointAt(c MunicipalityReport, i int) PublishedAtWork {
	if i < len(c.AtWork) {
		return c.AtWork[i]
	}
	return PublishedAtWork{Horizon: Horizons[i]}
}
