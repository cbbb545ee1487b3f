// Package pilots owns municipalities and start-job pilots: the pilot files under
// pilots/, their validation, their sync into the database in one transaction, and
// the reference queries the API serves.
package pilots

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is one pilot file as written.
type File struct {
	Name                     string          `yaml:"-"`
	Code                     string          `yaml:"code"`
	PilotName                string          `yaml:"name"`
	Variant                  string          `yaml:"variant"`
	StartDate                string          `yaml:"start_date"`
	EndDate                  string          `yaml:"end_date"`
	AllowsPreSettlementOffer bool            `yaml:"allows_pre_settlement_offer"`
	Description              string          `yaml:"description"`
	Municipalities           []MunicipalityY `yaml:"municipalities"`
	Targets                  TargetsY        `yaml:"targets"`
}

// MunicipalityY is a municipality as listed in a pilot file.
type MunicipalityY struct {
	Code               string `yaml:"code"`
	Name               string `yaml:"name"`
	LabourMarketRegion string `yaml:"labour_market_region"`
}

// TargetsY are a pilot file's targets.
type TargetsY struct {
	CombinedHoursPerWeek       *float64 `yaml:"combined_hours_per_week"`
	MinWorkHoursPerWeek        *float64 `yaml:"min_work_hours_per_week"`
	MinIntegrationHoursPerWeek *float64 `yaml:"min_integration_hours_per_week"`
	MaxDaysToOffer             *int     `yaml:"max_days_to_offer"`
}

// Variants are the ways a pilot offers its start jobs.
var Variants = []string{"gemeente", "private_werkgever", "sociale_onderneming", "gemengd"}

// Problem is one thing wrong in one file.
type Problem struct {
	File, Field, Message string
}

// ValidationError lists every problem found in the pilot files.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = fmt.Sprintf("%s: %s: %s", p.File, p.Field, p.Message)
	}
	return "pilot files are invalid; nothing was changed:\n  " + strings.Join(lines, "\n  ")
}

var (
	codePattern         = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	municipalityPattern = regexp.MustCompile(`^GM[0-9]{4}$`)
)

// Load reads and validates every *.yaml file in fsys. It checks all files before it
// returns, so that one run reports every problem.
func Load(fsys fs.FS) ([]File, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list pilot files: %w", err)
	}
	sort.Strings(names)
	var files []File
	var problems []Problem
	for _, name := range names {
		f, ps := parse(fsys, name)
		problems = append(problems, ps...)
		if len(ps) == 0 {
			files = append(files, f)
		}
	}
	problems = append(problems, crossCheck(files)...)
	if len(names) == 0 {
		problems = append(problems, Problem{".", "*.yaml", "no pilot files found"})
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return files, nil
}

func parse(fsys fs.FS, name string) (File, []Problem) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return File{}, []Problem{{name, "-", err.Error()}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return File{}, []Problem{{name, "-", yamlMessage(err)}}
	}
	f.Name = name
	return f, f.validate()
}

func yamlMessage(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return err.Error()
}
