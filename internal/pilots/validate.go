package pilots

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/decimal"
)

type checker struct {
	file     string
	problems []Problem
}

func (c *checker) add(field, format string, args ...any) {
	c.problems = append(c.problems, Problem{c.file, field, fmt.Sprintf(format, args...)})
}

func (f File) validate() []Problem {
	c := &checker{file: f.Name}
	want := strings.TrimSuffix(path.Base(f.Name), ".yaml")
	switch {
	case !codePattern.MatchString(f.Code):
		c.add("code", "must be lowercase letters, digits and dashes, got %q", f.Code)
	case f.Code != want:
		c.add("code", "must equal the file name %q, got %q", want, f.Code)
	}
	if strings.TrimSpace(f.PilotName) == "" {
		c.add("name", "is required")
	}
	if !contains(Variants, f.Variant) {
		c.add("variant", "must be one of %s, got %q", strings.Join(Variants, ", "), f.Variant)
	}
	f.validateDates(c)
	f.validateMunicipalities(c)
	f.Targets.validate(c)
	return c.problems
}

func (f File) validateDates(c *checker) {
	start, err := time.Parse(time.DateOnly, f.StartDate)
	if err != nil {
		c.add("start_date", "must be a date like 2024-01-29, got %q", f.StartDate)
	}
	if f.EndDate == "" {
		return
	}
	end, err := time.Parse(time.DateOnly, f.EndDate)
	switch {
	case err != nil:
		c.add("end_date", "must be a date like 2025-12-31, got %q", f.EndDate)
	case end.Before(start):
		c.add("end_date", "lies before start_date")
	}
}

func (f File) validateMunicipalities(c *checker) {
	if len(f.Municipalities) == 0 {
		c.add("municipalities", "must list at least one municipality")
	}
	seen := map[string]bool{}
	for i, m := range f.Municipalities {
		field := fmt.Sprintf("municipalities[%d]", i)
		if !municipalityPattern.MatchString(m.Code) {
			c.add(field+".code", "must be a CBS code like GM0363, got %q", m.Code)
		}
		if seen[m.Code] {
			c.add(field+".code", "%s is listed twice", m.Code)
		}
		seen[m.Code] = true
		if strings.TrimSpace(m.Name) == "" {
			c.add(field+".name", "is required")
		}
	}
}

func (t TargetsY) validate(c *checker) {
	num := func(field string, v *float64, lo, hi float64) {
		switch {
		case v == nil:
			c.add("targets."+field, "is required")
		case *v < lo || *v > hi:
			c.add("targets."+field, "must lie between %g and %g, got %g", lo, hi, *v)
		case !decimal.TwoPlaces(*v): // the column is numeric(5,2); a third decimal would be rounded away
			c.add("targets."+field, "has more than two decimals: %g", *v)
		}
	}
	num("combined_hours_per_week", t.CombinedHoursPerWeek, 1, 60)
	num("min_work_hours_per_week", t.MinWorkHoursPerWeek, 0, 60)
	num("min_integration_hours_per_week", t.MinIntegrationHoursPerWeek, 0, 40)
	if t.CombinedHoursPerWeek != nil && t.MinWorkHoursPerWeek != nil &&
		t.MinIntegrationHoursPerWeek != nil &&
		*t.MinWorkHoursPerWeek+*t.MinIntegrationHoursPerWeek > *t.CombinedHoursPerWeek {
		c.add(
			"targets.combined_hours_per_week",
			"is less than the minimum work and integration hours together",
		)
	}
	switch {
	case t.MaxDaysToOffer == nil:
		c.add("targets.max_days_to_offer", "is required")
	case *t.MaxDaysToOffer < 1 || *t.MaxDaysToOffer > 365:
		c.add("targets.max_days_to_offer", "must lie between 1 and 365, got %d", *t.MaxDaysToOffer)
	}
}

// crossCheck finds clashes between files: a pilot code twice, or a municipality
// described differently in two files.
func crossCheck(files []File) []Problem {
	var out []Problem
	codes := map[string]string{}
	munis := map[string]MunicipalityY{}
	for _, f := range files {
		if other, ok := codes[f.Code]; ok {
			out = append(out, Problem{f.Name, "code", fmt.Sprintf("%q is also used by %s", f.Code, other)})
		}
		codes[f.Code] = f.Name
		for i, m := range f.Municipalities {
			if prev, ok := munis[m.Code]; ok && prev != m {
				out = append(out, Problem{f.Name, fmt.Sprintf("municipalities[%d]", i),
					fmt.Sprintf("%s has another name or region in another pilot file", m.Code)})
			}
			munis[m.Code] = m
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
