package web

import (
	"slices"
	"strings"
)

// Template helpers of the outcomes page; prefixed so they cannot clash with other
// pages' helpers in the shared func map.
func init() {
	funcs["ocPair"] = func(p *page, r *reportView) any {
		return struct {
			Page   *page
			Report *reportView
		}{p, r}
	}
	funcs["ocField"] = func(p *page, name string) any {
		return struct {
			Fields map[string]string
			Name   string
		}{p.Fields, name}
	}
	funcs["ocSelect"] = func(p *page, name, label, value string) any { return ocInput(p, name, label, value) }
	funcs["ocMonth"] = func(p *page, name, label, value string) any { return ocInput(p, name, label, value) }
	funcs["ocHas"] = func(list []string, v string) bool { return slices.Contains(list, v) }
	funcs["ocLower"] = strings.ToLower
	funcs["ocJoin"] = joinDutch
}

// formInput is what the select and month partials need of one field.
type formInput struct {
	Name, Label, Value, Error string
	Options                   []option
}

func ocInput(p *page, name, label, value string) formInput {
	in := formInput{Name: name, Label: label, Value: value, Error: p.Fields[name]}
	if v, ok := p.Data.(outcomesView); ok {
		in.Options = v.Options[name]
	}
	return in
}
