package web

import (
	"strconv"

	"github.com/startbaan/startbaan/internal/cases"
)

// caseLabelSets and caseOptionSets are the label and option sets the case
// templates ask for by kind (caseLabel, caseOptionsOf).
var caseLabelSets = map[string]map[string]string{"gender": genderLabels,
	"household": householdLabels,
	"close":     closeReasonLabels, "route": routeLabels, "result": resultLabels, "outcome": outcomeLabels,
	"contract": contractLabels, "benefitKind": benefitKindLabels,
	"decision": {"geaccepteerd": "Aangenomen", "afgewezen": "Afgewezen"}}

var caseOptionSets = map[string][]string{"route": cases.Routes, "benefitKind": cases.BenefitKinds,
	"result": cases.ResultKinds, "outcome": cases.ResultOutcomes, "decision": {
		"geaccepteerd",
		"afgewezen",
	},
	"contract": {"bepaalde_tijd", "onbepaalde_tijd", "uitzend", "oproep", "leerwerk"}}

// fact is a term and its value in a data list.
type fact struct{ Key, Value string }

// inputView is one input or select of a form on the case page, with its error
// taken from the page's Fields by the form's prefixed key.
type inputView struct {
	ID, Name, Type, Label, Value, Error string
	Options                             []option
}

// countNoun writes a number with the noun in singular or plural: "1 dossier",
// "3 dossiers".
func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
