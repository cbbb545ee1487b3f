package worklist

import (
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/placements"
)

// Kind names a signal.
type Kind string

// The signals of a caseload, in the order a page lists them.
const (
	// OfferOverdue: the benefit was applied for and no job offer followed within the
	// pilot's maximum number of days: the start-job promise is broken.
	OfferOverdue Kind = "aanbod_te_laat"
	// NoHoursLastWeek: a client at work has no hours for last week.
	NoHoursLastWeek Kind = "geen_uren_vorige_week"
	// WeekBelowTarget: the most recent logged week missed the pilot's combined target.
	WeekBelowTarget Kind = "week_onder_doel"
	// PlacementBelowBar: the current offer or placement is below 20 hours a week for
	// 12 months, the SOWIS quality bar.
	PlacementBelowBar Kind = "plaatsing_onder_lat"
	// NoFirstPIP: no PIP 10 weeks after settlement.
	NoFirstPIP Kind = "geen_pip"
	// TermEnding: the inburgeringstermijn (3 years from the first PIP) ends within 6
	// months, or has ended.
	TermEnding Kind = "inburgeringstermijn_loopt_af"

	// The signals of issue 12.

	// OfferOpenLong: a job offer has been open for more than 30 days without an outcome.
	OfferOpenLong Kind = "aanbod_lang_open"
	// RegisteredLong: the case has been aangemeld for more than 8 weeks without settlement.
	RegisteredLong Kind = "lang_aangemeld"
	// ContractEnding: an accepted offer's contract ends within 6 weeks.
	ContractEnding Kind = "contract_loopt_af"
	// NoActiveManager: nobody is assigned, or the assigned account is disabled or no
	// longer klantmanager or teamleider in the case's municipality.
	NoActiveManager Kind = "geen_actieve_klantmanager"
)

// Kinds lists every signal kind, in the order a page lists them.
var Kinds = []Kind{OfferOverdue, NoHoursLastWeek, WeekBelowTarget, PlacementBelowBar, NoFirstPIP,
	TermEnding, OfferOpenLong, RegisteredLong, ContractEnding, NoActiveManager}

// Valid tells whether k is a known kind.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// Signal is one reason to act on a case, with what a label needs to be specific.
type Signal struct {
	Kind Kind
	// Due is the date the signal is about: the offer deadline, the PIP deadline, the
	// end of the inburgeringstermijn; zero when none applies.
	Due time.Time
	// DaysLate counts the days past Due (0 when Due lies ahead).
	DaysLate int
	// Week is the week of an hours signal; Entry, Targets and Missed describe the
	// week below target: what was missed, after authorised absence.
	Week    hours.Week
	Entry   hours.Entry
	Targets hours.Targets
	Missed  []hours.Shortfall
	// Offer describes the offer or placement below the bar.
	OfferAccepted bool
	HoursPerWeek  float64
	Issues        []string
	// Employer names the employer of the offer long open or of the contract ending.
	Employer string
	// Days counts the days the offer has been open, or the case aangemeld.
	Days int
	// FollowUp describes the note of a FollowUpDue signal (followups.go).
	FollowUp *FollowUp
}

const (
	pipWeeks         = 10 // weeks from settlement to the first PIP
	termYears        = 3  // the inburgeringstermijn runs 3 years from the first PIP
	termWarnMonths   = 6
	hoursExpectStage = cases.StageAanHetWerk

	offerOpenDays     = 30 // an offer open longer than this asks for its outcome
	registeredWeeks   = 8  // aangemeld longer than this without settlement
	contractWarnWeeks = 6  // a contract ending within this many weeks
)

// facts are what the query gathers for one case.
type facts struct {
	ID                      uuid.UUID
	MunicipalityID          int32
	ClientName              string
	BirthDate               time.Time
	RegisteredOn            time.Time
	Stage                   string
	StageEnteredOn          time.Time
	ClientManagerID         *uuid.UUID
	ClientManagerName       *string
	SettledOn               *time.Time
	CaseNumber              string
	MaxDaysToOffer          *int
	Combined                *float64
	MinWork                 *float64
	MinIntegration          *float64
	OfferedSinceStage       bool
	LastWeekLogged          bool
	RecentWeek              *time.Time
	PlannedWorkHours        *float64
	ActualWorkHours         *float64
	PlannedIntegrationHours *float64
	ActualIntegrationHours  *float64
	AbsenceHours            *float64
	AbsenceReason           *string
	OfferStatus             *string
	OfferContractType       *string
	OfferHoursPerWeek       *float64
	OfferOfferedOn          *time.Time
	OfferStartDate          *time.Time
	OfferEndDate            *time.Time
	FirstPIPOn              *time.Time `gorm:"column:first_pip_on"`
	Exempt                  bool
	OpenOfferOn             *time.Time
	OpenOfferEmployer       *string
	ContractEnd             *time.Time
	ContractEmployer        *string
	ManagerInactive         bool
}

// signals applies the rules to one case's facts on today.
func (f facts) signals(today time.Time) []Signal {
	var out []Signal
	for _, rule := range []func(time.Time) *Signal{f.offerOverdue, f.noHoursLastWeek,
		f.weekBelowTarget,
		f.placementBelowBar, f.noFirstPIP, f.termEnding,
		f.offerOpenLong, f.registeredLong, f.contractEnding, f.noActiveManager} {
		if s := rule(today); s != nil {
			out = append(out, *s)
		}
	}
	return out
}

func daysBetween(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

// offerOverdue counts from the day the case entered uitkering_aangevraagd, which
// after a return to the benefit (herinstroom) is the new application: the promise
// holds for every application.
func (f facts) offerOverdue(today time.Time) *Signal {
	if cases.Stage(f.Stage) != cases.StageUitkeringAangevraagd || f.MaxDaysToOffer == nil ||
		f.OfferedSinceStage {
		return nil
	}
	due := f.StageEnteredOn.AddDate(0, 0, *f.MaxDaysToOffer)
	if !today.After(due) {
		return nil
	}
	return &Signal{Kind: OfferOverdue, Due: due, DaysLate: daysBetween(due, today)}
}

// noHoursLastWeek applies to a client who was at work during last week.
func (f facts) noHoursLastWeek(today time.Time) *Signal {
	if cases.Stage(f.Stage) != hoursExpectStage || f.LastWeekLogged ||
		!f.StageEnteredOn.Before(mondayOf(today)) {
		return nil
	}
	last := mondayOf(today).AddDate(0, 0, -7)
	return &Signal{Kind: NoHoursLastWeek, Week: hours.WeekOf(last)}
}

// weekBelowTarget judges the most recent logged week as the hours service does.
func (f facts) weekBelowTarget(time.Time) *Signal {
	if cases.Stage(f.Stage) != hoursExpectStage || f.RecentWeek == nil || f.Combined == nil {
		return nil
	}
	e := hours.Entry{PlannedWork: val(f.PlannedWorkHours), ActualWork: f.ActualWorkHours,
		PlannedIntegration: val(f.PlannedIntegrationHours), ActualIntegration: f.ActualIntegrationHours,
		Absence: val(f.AbsenceHours)}
	if f.AbsenceReason != nil {
		e.AbsenceReason = *f.AbsenceReason
	}
	t := hours.Targets{
		Combined:       *f.Combined,
		MinWork:        val(f.MinWork),
		MinIntegration: val(f.MinIntegration),
	}
	if j := hours.Judge(e, &t, true); j.MeetsTarget == nil || *j.MeetsTarget {
		return nil
	}
	return &Signal{Kind: WeekBelowTarget, Week: hours.WeekOf(*f.RecentWeek), Entry: e, Targets: t,
		Missed: hours.Shortfalls(e, t)}
}

// placementBelowBar looks at the current offer or placement while the client is
// offered a job or at work; an offer not yet started is judged from its offer date.
// Only what is known to fall short counts: a duration that is merely unknown (no
// end date recorded yet) is no signal on its own.
func (f facts) placementBelowBar(time.Time) *Signal {
	st := cases.Stage(f.Stage)
	if (st != cases.StageBaanAangeboden && st != cases.StageAanHetWerk) || f.OfferStatus == nil {
		return nil
	}
	start := f.OfferStartDate
	if start == nil {
		start = f.OfferOfferedOn
	}
	_, all := placements.Quality(
		deref(f.OfferContractType),
		val(f.OfferHoursPerWeek),
		start,
		f.OfferEndDate,
	)
	var issues []string
	for _, i := range all {
		if i != placements.IssueEndUnknown {
			issues = append(issues, i)
		}
	}
	if len(issues) == 0 {
		return nil
	}
	return &Signal{Kind: PlacementBelowBar, OfferAccepted: *f.OfferStatus == "geaccepteerd",
		HoursPerWeek: val(f.OfferHoursPerWeek), Issues: issues}
}

// noFirstPIP: the PIP is due 10 weeks after settlement, unless exempt.
func (f facts) noFirstPIP(today time.Time) *Signal {
	if f.SettledOn == nil || f.FirstPIPOn != nil || f.Exempt {
		return nil
	}
	due := f.SettledOn.AddDate(0, 0, 7*pipWeeks)
	if !today.After(due) {
		return nil
	}
	return &Signal{Kind: NoFirstPIP, Due: due, DaysLate: daysBetween(due, today)}
}

// termEnding warns 6 months before the inburgeringstermijn ends, and after.
func (f facts) termEnding(today time.Time) *Signal {
	if f.FirstPIPOn == nil || f.Exempt {
		return nil
	}
	ends := f.FirstPIPOn.AddDate(termYears, 0, 0)
	if ends.After(today.AddDate(0, termWarnMonths, 0)) {
		return nil
	}
	s := &Signal{Kind: TermEnding, Due: ends}
	if today.After(ends) {
		s.DaysLate = daysBetween(ends, today)
	}
	return s
}

// offerOpenLong: the query picked the oldest offer open for more than 30 days.
func (f facts) offerOpenLong(today time.Time) *Signal {
	if f.OpenOfferOn == nil {
		return nil
	}
	due := f.OpenOfferOn.AddDate(0, 0, offerOpenDays)
	return &Signal{Kind: OfferOpenLong, Due: due, DaysLate: daysBetween(due, today),
		Days: daysBetween(*f.OpenOfferOn, today), Employer: deref(f.OpenOfferEmployer)}
}

// registeredLong: a status holder linked to the municipality is normally housed
// within weeks; after 8 weeks aangemeld the settlement asks for a look.
func (f facts) registeredLong(today time.Time) *Signal {
	if cases.Stage(f.Stage) != cases.StageAangemeld {
		return nil
	}
	due := f.StageEnteredOn.AddDate(0, 0, 7*registeredWeeks)
	if !today.After(due) {
		return nil
	}
	return &Signal{Kind: RegisteredLong, Due: due, DaysLate: daysBetween(due, today),
		Days: daysBetween(f.StageEnteredOn, today)}
}

// contractEnding: the query picked the first contract ending within 6 weeks; the
// client manager arranges an extension or the next job before it ends.
func (f facts) contractEnding(time.Time) *Signal {
	if f.ContractEnd == nil {
		return nil
	}
	return &Signal{Kind: ContractEnding, Due: *f.ContractEnd, Employer: deref(f.ContractEmployer)}
}

// noActiveManager: a case nobody works on; the team lead assigns it.
func (f facts) noActiveManager(time.Time) *Signal {
	if !f.ManagerInactive {
		return nil
	}
	return &Signal{Kind: NoActiveManager}
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
