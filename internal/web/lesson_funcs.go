package web

import "slices"

// Template helpers of the lesson pages; prefixed so they cannot clash with other
// pages' helpers in the shared func map.
func init() {
	funcs["lsJoin"] = joinTags
	funcs["lsHas"] = func(list []string, v string) bool { return slices.Contains(list, v) }
	funcs["lsArea"] = func(p *page, name, label, value string) formInput {
		return formInput{Name: name, Label: label, Value: value, Error: p.Fields[name]}
	}
}
