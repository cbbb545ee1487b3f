package releaseview

import (
	"strings"
)

// Kind says how a figure's value reads: a count, a share (a fraction), a number of
// days, or a mean with one decimal.
type Kind int

const (
	KindCount Kind = iota
	KindShare
	KindDays
	KindMean
)

// KindOf classifies a figure by its name (docs/outcomes.md, "Releases": the figure
// names of the table set).
func KindOf(figure string) Kind {
	switch {
	case strings.HasSuffix(figure, ".cases") || strings.HasSuffix(figure, ".atRisk") ||
		strings.HasPrefix(figure, "flow."):
		return KindCount
	case strings.HasPrefix(figure, "duration."):
		return KindDays
	case strings.HasPrefix(figure, "share.") || strings.HasPrefix(figure, "atWork.") ||
		figure == "offerWithin14Days" ||
		strings.HasSuffix(figure, ".share") || strings.HasPrefix(figure, "hours.share"):
		return KindShare
	case strings.HasPrefix(figure, "hours.mean") || figure == "placements.meanHours" ||
		figure == "placements.medianWage":
		return KindMean
	}
	return KindCount
}

var words = map[string]string{
	"cases": "dossiers in het cohort", "stage": "in fase", "furthest": "verste stap", "flow": "doorstroom",
	"reached": "bereikt", "movedOn": "doorgestroomd", "offerWithin14Days": "baanaanbod binnen 14 dagen",
	"share": "aandeel", "duration": "dagen", "atWork": "aan het werk na", "hours": "uren", "placements": "plaatsingen",
	"contract": "contract", "sector": "sector", "meanWork": "gemiddeld gewerkt per week",
	"meanIntegration": "gemiddeld inburgering per week", "shareWeeksOnTarget": "aandeel weken op het urendoel",
	"meanHours": "gemiddeld uren per week", "medianWage": "mediaan uurloon (euro)", "count": "aantal",
	"p25": "25e percentiel", "p50": "mediaan", "p75": "75e percentiel", "numerator": "teller", "denominator": "noemer",
	"aangemeld": "aangemeld", "gevestigd": "gevestigd", "uitkering_aangevraagd": "uitkering aangevraagd",
	"baan_aangeboden": "baan aangeboden", "aan_het_werk": "aan het werk", "uitgestroomd": "uitgestroomd", "afgesloten": "afgesloten",
	"onBenefitAfter6Months": "in de uitkering na 6 maanden", "onBenefitAfter12Months": "in de uitkering na 12 maanden",
	"onBenefitAfter24Months": "in de uitkering na 24 maanden", "returnWithin6Months": "terug in de uitkering binnen 6 maanden",
	"returnWithin12Months": "terug in de uitkering binnen 12 maanden", "fullBenefit": "volledige uitkering",
	"firstPipWithin10Weeks": "eerste PIP binnen 10 weken", "mapCompleted": "MAP afgerond", "pvtCompleted": "PVT afgerond",
	"placementMeetsBar": "plaatsing voldoet aan 20 uur / 12 maanden", "sowisRequested": "SOWIS aangevraagd",
	"sowisGranted": "SOWIS verleend", "settlementToApplication": "vestiging → aanvraag",
	"applicationToOffer": "aanvraag → baanaanbod", "offerToWork": "baanaanbod → werk",
	"atRisk": "nog gevolgd", "3m": "3 maanden", "6m": "6 maanden", "12m": "12 maanden", "24m": "24 maanden",
}

// Label is a figure's Dutch name on pages and in exports: its parts translated, an
// unknown part kept as it is (a sector or contract type names itself).
func Label(figure string) string {
	parts := strings.Split(figure, ".")
	for i, p := range parts {
		if w, ok := words[p]; ok {
			parts[i] = w
		}
	}
	return strings.Join(parts, ": ")
}

// StatusLabel is a cell status in Dutch words for pages and the Dutch export.
func StatusLabel(status string) string {
	switch status {
	case "afgeschermd":
		return "afgeschermd"
	case "nog_niet_bekend":
		return "nog niet bekend"
	}
	return ""
}

// TidyStatus is a cell status in the tidy export's English words.
func TidyStatus(status string) string {
	switch status {
	case "afgeschermd":
		return "suppressed"
	case "nog_niet_bekend":
		return "not yet known"
	}
	return "published"
}
