package web

// groupedSelect is a select whose options are grouped, each group with a label.
type groupedSelect struct {
	inputView
	Groups []optionGroup
}

type optionGroup struct {
	Label   string
	Options []option
}

// resultOutcomeGroups group the outcomes by the kinds of result that can have them
// (cases.OutcomesOf): the form shows which outcome belongs to which kind without
// JavaScript, and the service refuses a pair that does not belong together.
var resultOutcomeGroups = []optionGroup{
	{"PVT en MAP", []option{{"afgerond", "Afgerond"}}},
	{"KNM en examens", []option{{"behaald", "Behaald"}, {"niet_behaald", "Niet behaald"}}},
	{"Ontheffing en vrijstelling", []option{{"verleend", "Verleend"}}},
}

// resultOutcomeSelect is the outcome select of the result form.
func resultOutcomeSelect(p *page, value string) groupedSelect {
	return groupedSelect{
		inputView: inputView{ID: "resultaat-uitkomst", Name: "outcome", Label: "Uitkomst",
			Value: value, Error: p.Fields["result.outcome"]},
		Groups: resultOutcomeGroups,
	}
}
