package web

import (
	"strconv"
	"time"

	"github.com/startbaan/startbaan/internal/cases"
)

// Template functions of the case pages. Their names start with "case" so that they
// cannot clash with those of other pages.
func init() {
	funcs["caseText"] = caseTextOf
	funcs["caseHours"] = caseHoursText
	funcs["caseLabel"] = func(kind, v string) string { return labelOr(caseLabelSets[kind], v) }
	funcs["caseOptionsOf"] = func(kind string) []option { return caseOptions(caseOptionSets[kind], caseLabelSets[kind]) }
	funcs["caseFact"] = func(key, value string) caseFact { return caseFact{key, value} }
	funcs["caseInput"] = func(p *page, key, id, name, typ, label, value string) caseInputView {
		return caseInputView{ID: id, Name: name, Type: typ, Label: label, Value: value, Error: p.Fields[key]}
	}
	funcs["caseCount"] = caseCount
	funcs["caseISO"] = func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	funcs["caseRadios"] = func(p *page, key, id, name, label string, opts []option, value string) caseInputView {
		return caseInputView{ID: id, Name: name, Label: label, Value: value, Error: p.Fields[key], Options: opts}
	}
	funcs["caseSelect"] = func(p *page, key, id, name, label string, opts []option, value string) caseInputView {
		return caseInputView{ID: id, Name: name, Label: label, Value: value, Error: p.Fields[key], Options: opts}
	}
}

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
