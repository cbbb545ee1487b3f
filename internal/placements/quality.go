// Package placements keeps employers and the job offers made to clients; an accepted
// offer that started is a placement. It judges each against the SOWIS quality bar.
package placements

import "time"

// The SOWIS subsidy asks for a contract of at least 20 hours a week for at least 12
// months, so that a person can work and still finish integration in time. Startbaan
// uses that as the quality bar of a start job.
const (
	MinHoursPerWeek = 20
	MinMonths       = 12
)

// Quality issues of a placement.
const (
	IssueTooFewHours  = "minder_dan_20_uur"
	IssueTooShort     = "korter_dan_12_maanden"
	IssueEndUnknown   = "duur_onbekend"
	ContractPermanent = "onbepaalde_tijd"
)

// Quality judges a contract against the bar. A permanent contract meets the duration
// part; any other contract needs a start and end date at least 12 months apart.
func Quality(
	contractType string,
	hoursPerWeek float64,
	start,
	end *time.Time,
) (meets bool, issues []string) {
	if hoursPerWeek < MinHoursPerWeek {
		issues = append(issues, IssueTooFewHours)
	}
	switch {
	case contractType == ContractPermanent && end == nil:
	case start == nil || end == nil:
		issues = append(issues, IssueEndUnknown)
	case end.Before(start.AddDate(0, MinMonths, -1)):
		issues = append(issues, IssueTooShort)
	}
	return len(issues) == 0, issues
}
