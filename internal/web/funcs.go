package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/web/dutch"
	"github.com/startbaan/startbaan/internal/web/outcomepage"
)

// templateFuncs is the one function map of the templates, built when the pages are
// parsed. A page's own helpers carry its prefix (case, ls, oc, wl, audit, admin), so
// that the names say where they are used.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		// every page
		"date":    dutch.Date,
		"datePtr": formatDatePtr,
		"isoDate": func(t time.Time) string { return t.Format("2006-01-02") },
		"stage":   dutch.Stage,
		"role":    roleLabel,
		"pct": func(v float64) string {
			return strings.Replace(
				fmt.Sprintf("%.0f%%", 100*v),
				".",
				",",
				1,
			)
		},
		"num1":    func(v float64) string { return strings.Replace(fmt.Sprintf("%.1f", v), ".", ",", 1) },
		"add":     func(a, b int) int { return a + b },
		"sub":     func(a, b int) int { return a - b },
		"field":   func(p *page, name string) string { return p.Fields[name] },
		"errid":   func(name string) string { return "fout-" + name },
		"safeURL": func(s string) template.URL { return template.URL(s) },
		"httpOK":  func() int { return http.StatusOK },

		// account, administration, audit log and reference pages
		"adminTime":    formatDateTime,
		"adminSeconds": formatDateTimeSeconds,
		"invalidAttrs": invalidAttrs,
		"place":        placeLabel,
		"auditAction":  func(s string) string { return labelOr(auditActions, s) },
		"auditObject":  func(s string) string { return labelOr(auditObjects, s) },
		"auditOutcome": func(s string) string { return labelOr(auditOutcomes, s) },
		"variant":      variantLabel,
		"hours": func(v float64) string {
			return strings.Replace(
				strconv.FormatFloat(v, 'f', -1, 64),
				".",
				",",
				1,
			)
		},
		"sector": sectorLabel,
		// the employers page: an employer's contact details on one line (employers.go)
		"employerContact": employerContactText,

		// case pages
		"caseText":  textOf,
		"caseHours": hoursText,
		"caseLabel": func(kind, v string) string { return labelOr(caseLabelSets[kind], v) },
		"caseOptionsOf": func(kind string) []option {
			return optionsOf(
				caseOptionSets[kind],
				caseLabelSets[kind],
			)
		},
		"caseFact":   func(key, value string) fact { return fact{key, value} },
		"corrFor":    func(p *page, item any) corrItem { return corrItem{p, item} },
		"caseInput":  inputOf,
		"caseCount":  countNoun,
		"caseISO":    isoDatePtr,
		"caseRadios": choiceOf,
		"caseSelect": choiceOf,
		"country":    countryText,
		"newCaseField": func(f formField, b bsnCheck) newCaseFieldView {
			return newCaseFieldView{f, b}
		},
		"wlTable": func(caption string, rows []worklistRow, team, signals bool) worklistTable {
			return worklistTable{caption, rows, team, signals}
		},

		// result outcomes grouped by kind (result_choices.go)
		"resultOutcomeSelect": resultOutcomeSelect,

		// lesson pages
		"lsJoin": joinTags,
		"lsHas":  slices.Contains[[]string],
		"lsArea": func(p *page, name, label, value string) formInput {
			return formInput{Name: name, Label: label, Value: value, Error: p.Fields[name]}
		},

		// outcome pages
		"ocPair":   outcomePair,
		"ocField":  outcomeField,
		"ocSelect": ocInput,
		"ocMonth":  ocInput,
		"ocHas":    slices.Contains[[]string],
		"ocLower":  strings.ToLower,
		"ocJoin":   dutch.Join,
	}
}

func formatDatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return dutch.Date(*t)
}

// isoDatePtr is a date as an input of type date takes it: 2026-03-03.
func isoDatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// formatDateTimeSeconds is a moment of the audit log: to the second, in Dutch time.
func formatDateTimeSeconds(t time.Time) string {
	t = t.In(calendar.Zone())
	return dutch.Date(t) + " " + t.Format("15:04:05")
}

// invalidAttrs marks an input whose field has an error and points to the message
// beside it, so a screen reader reads the message with the field.
func invalidAttrs(p *page, name string) template.HTMLAttr {
	if p.Fields[name] == "" {
		return ""
	}
	return template.HTMLAttr(
		`aria-invalid="true" aria-describedby="` + template.HTMLEscapeString("fout-"+name) + `"`,
	)
}

// inputOf is one input of a form on the case page; key is the form's prefixed
// field name under which its error is kept.
func inputOf(p *page, key, id, name, typ, label, value string) inputView {
	return inputView{ID: id, Name: name, Type: typ, Label: label, Value: value, Error: p.Fields[key]}
}

// choiceOf is a group of radio buttons or a select on the case page.
func choiceOf(p *page, key, id, name, label string, opts []option, value string) inputView {
	return inputView{
		ID:      id,
		Name:    name,
		Label:   label,
		Value:   value,
		Error:   p.Fields[key],
		Options: opts,
	}
}

// outcomePair hands a partial of the outcomes page both the page and the report.
func outcomePair(p *page, r *outcomepage.Report) any {
	return struct {
		Page   *page
		Report *outcomepage.Report
	}{p, r}
}

// outcomeField hands the field-error partial the page's errors and the field's name.
func outcomeField(p *page, name string) any {
	return struct {
		Fields map[string]string
		Name   string
	}{p.Fields, name}
}

// formInput is what the select and month partials need of one field.
type formInput struct {
	Name, Label, Value, Error string
	Options                   []outcomepage.Option
}

// ocInput is a select or month field of the outcomes form, with its options.
func ocInput(p *page, name, label, value string) formInput {
	in := formInput{Name: name, Label: label, Value: value, Error: p.Fields[name]}
	if v, ok := p.Data.(outcomepage.View); ok {
		in.Options = v.Options[name]
	}
	return in
}
