package outcomepage

import (
	"strings"
	"time"
)

// figureAnchor is where a linked figure stands on the outcomes page, "" for a figure
// only the download has.
func figureAnchor(key string) string {
	switch {
	case key == "flow" || key == "byStage" || key == "cases":
		return "g1-trechter"
	case key == "offerWithin14Days":
		return "g1-aanbod"
	case key == "atWork":
		return "g1-werk"
	case key == "hours":
		return "g1-uren"
	case strings.HasPrefix(key, "onBenefitAfter"):
		return "g1-uitkering"
	case key == "placements" || key == "caseload":
		return ""
	}
	return "g1-overig"
}

// The API's figure names that the lesson form does not offer, but a lesson written
// through the API may point to.
var apiFigureLabels = map[string]string{"cases": "Aantal dossiers in het cohort",
	"byStage":    "Dossiers per fase",
	"placements": "Plaatsingen (contractsoort, sector, uren en loon)", "caseload": "Dossiers per klantmanager"}

// LinkedFigure is a figure a lesson points to: its Dutch name, and a link to it on the
// outcomes page of the lesson's municipality with choices that show it (Href "" for
// a name the outcomes page does not know).
type LinkedFigure struct{ Label, Href, Note string }

// NewLinkedFigure is the figure key of a lesson of the municipality, with the
// outcomes page as it stands at the reference date.
func NewLinkedFigure(key, municipality string, reference time.Time) LinkedFigure {
	label, known := figureLabels[key]
	if !known {
		label, known = apiFigureLabels[key]
	}
	if !known {
		return LinkedFigure{
			Label: "Onbekend cijfer “" + key + "”",
			Note:  "staat niet op de pagina Uitkomsten",
		}
	}
	ch := Choices{Population: "municipality", Municipality: municipality, Key: "benefitApplication",
		From: reference.AddDate(-2, 0, 0).Format(monthLayout), To: reference.AddDate(0, -1, 0).Format(monthLayout)}
	if key == "onBenefitAfter24Months" || key == "atWork" {
		// Only cohorts of more than two years ago have been followed for 24 months; the
		// baseline counts from the residence permit.
		ch.Key, ch.From = nationalDefaultKey, reference.AddDate(
			0,
			-nationalDefaultMonths,
			0,
		).Format(monthLayout)
	}
	f := LinkedFigure{Label: label, Href: ch.pageLink(func(*Choices) {})}
	if a := figureAnchor(key); a != "" {
		f.Href += "#" + a
	} else {
		f.Note = "staat in de download (CSV of Excel) van die pagina"
	}
	return f
}
