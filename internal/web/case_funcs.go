package web

import (
	"strconv"

	"github.com/startbaan/startbaan/internal/cases"
)

// caseLabelSets and caseOptionSets are the label and option sets the case
// templates ask for by kind (caseLabel, caseOptionsOf).
var caseLabelSets = map[string]map[string]string{"gender": caseGenderLabels, "household": caseHouseholdLabels,
	"close": caseCloseReasonLabels, "route": caseRouteLabels, "result": caseResultLabels, "outcome": caseOutcomeLabels,
	"contract": caseContractLabels, "benefitKind": caseBenefitKindLabels,
	"decision": {"geaccepteerd": "Aangenomen", "afgewezen": "Afgewezen"}}

var caseOptionSets = map[string][]string{"route": cases.Routes, "benefitKind": cases.BenefitKinds,
	"result": cases.ResultKinds, "outcome": cases.ResultOutcomes, "decision": {"geaccepteerd", "afgewezen"},
	"contract": {"bepaalde_tijd", "onbepaalde_tijd", "uitzend", "oproep", "leerwerk"}}

// caseFact is a term and its value in a data list.
type caseFact struct{ Key, Value string }

// caseInputView is one input or select of a form on the case page, with its error
// taken from the page's Fields by the form's prefixed key.
type caseInputView struct {
	ID, Name, Type, Label, Value, Error string
	Options                             []option
}

// caseCount writes a number with the noun in singular or plural: "1 dossier",
// "3 dossiers".
func caseCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
