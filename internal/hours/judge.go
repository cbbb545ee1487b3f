package hours

import "math"

// Entry holds one week's hours of a case. An actual figure is nil until someone
// enters it: blank is not zero (docs/domain.md, weekly hours). Absence carries its
// reason (one of AbsenceReasons) whenever it is above zero.
type Entry struct {
	PlannedWork        float64
	ActualWork         *float64
	PlannedIntegration float64
	ActualIntegration  *float64
	Absence            float64
	AbsenceReason      string
}

// AbsenceReasons are the reasons absence can have, as stored and sent by the API.
var AbsenceReasons = []string{"ziek", "verlof", "ongeoorloofd", "overig"}

// H returns a pointer to an hour figure, for an entered actual.
func H(v float64) *float64 { return &v }

// Equal reports whether two entries hold the same hours (blank equals only blank).
func (e Entry) Equal(o Entry) bool {
	return e.PlannedWork == o.PlannedWork && e.PlannedIntegration == o.PlannedIntegration &&
		sameHours(e.ActualWork, o.ActualWork) && sameHours(e.ActualIntegration, o.ActualIntegration) &&
		e.Absence == o.Absence && e.AbsenceReason == o.AbsenceReason
}

func sameHours(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Logged reports whether the week has been logged: an actual figure entered (0
// included) or absence. A week that only holds a plan is not logged yet.
func (e Entry) Logged() bool {
	return e.ActualWork != nil || e.ActualIntegration != nil || e.Absence > 0
}

// Work and Integration return the actual hours, a blank one as 0 (for sums only).
func (e Entry) Work() float64        { return val(e.ActualWork) }
func (e Entry) Integration() float64 { return val(e.ActualIntegration) }

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// AuthorisedAbsence is the absence that lowers the week's targets: illness and leave
// the client was entitled to. Absence without permission (ongeoorloofd), other
// absence and absence recorded before reasons existed do not.
func (e Entry) AuthorisedAbsence() float64 {
	if e.AbsenceReason == "ziek" || e.AbsenceReason == "verlof" {
		return e.Absence
	}
	return 0
}

// Targets are the pilot's weekly targets for the combination of work and integration.
type Targets struct {
	Combined       float64
	MinWork        float64
	MinIntegration float64
}

// For returns the targets of a week with the entry's absence: the combined target
// less the authorised absence (never below zero), and each minimum scaled by the same
// share, so that a client ill for 8 of 32 hours owes 24, of which three quarters of
// each minimum. The same definition as the outcome facts (migrations/00020,
// week_on_target), which judge the combined target only.
func (t Targets) For(e Entry) Targets {
	a := e.AuthorisedAbsence()
	if a <= 0 || t.Combined <= 0 {
		return t
	}
	combined := math.Max(t.Combined-a, 0)
	share := combined / t.Combined
	return Targets{
		Combined:       combined,
		MinWork:        cents(t.MinWork * share),
		MinIntegration: cents(t.MinIntegration * share),
	}
}

func cents(v float64) float64 { return math.Round(v*100) / 100 }

// Warnings a week can carry.
const (
	WarnWorkCrowdsOutIntegration = "werk_verdringt_inburgering"
	WarnIntegrationCrowdsOutWork = "inburgering_verdringt_werk"
)

// Judgement says whether a week met the targets and what went out of balance.
type Judgement struct {
	MeetsTarget *bool // nil while the week has not ended or is not logged, or no targets apply
	Warnings    []string
}

// Judge evaluates a week that has ended and has been logged: a week whose actual
// hours are still blank is not judged (not yet logged is not below target). The
// combined target is met when the actual work and integration hours add up to it and
// each reaches its own minimum, all after authorised absence (Targets.For). A side
// is "crowded out" when it fell short of its plan or minimum while the other side met
// its own: the heart of a start job is that neither gives way to the other. A client
// with no work planned nor done is not at work yet: integration cannot crowd out work
// that is not there.
func Judge(e Entry, t *Targets, ended bool) Judgement {
	if !ended || !e.Logged() {
		return Judgement{}
	}
	var j Judgement
	var minWork, minIntegration float64
	work, integration := e.Work(), e.Integration()
	if t != nil {
		owed := t.For(e)
		ok := work+integration >= owed.Combined &&
			work >= owed.MinWork && integration >= owed.MinIntegration
		j.MeetsTarget = &ok
		minWork, minIntegration = owed.MinWork, owed.MinIntegration
	}
	// Authorised absence may have fallen on either side: it excuses it from both plans.
	workShort := work < max(e.PlannedWork-e.AuthorisedAbsence(), minWork)
	integrationShort := integration < max(e.PlannedIntegration-e.AuthorisedAbsence(), minIntegration)
	switch {
	case integrationShort && !workShort && work > 0:
		j.Warnings = append(j.Warnings, WarnWorkCrowdsOutIntegration)
	case workShort && !integrationShort && integration > 0 && e.PlannedWork+work > 0:
		j.Warnings = append(j.Warnings, WarnIntegrationCrowdsOutWork)
	}
	return j
}

// The sides of a week a shortfall can be on.
const (
	SideWork        = "werk"
	SideIntegration = "inburgering"
	SideCombined    = "samen"
)

// Shortfall is one target a logged week missed: the hours done against the hours
// owed after authorised absence.
type Shortfall struct {
	Side         string
	Actual, Owed float64
}

// Shortfalls lists what a logged week missed against t (after authorised absence):
// integration and work below their minimums, and, when neither is, the combined
// total below the combined target. Empty when the week met its targets.
func Shortfalls(e Entry, t Targets) []Shortfall {
	owed := t.For(e)
	var out []Shortfall
	if e.Integration() < owed.MinIntegration {
		out = append(out, Shortfall{SideIntegration, e.Integration(), owed.MinIntegration})
	}
	if e.Work() < owed.MinWork {
		out = append(out, Shortfall{SideWork, e.Work(), owed.MinWork})
	}
	if sum := e.Work() + e.Integration(); len(out) == 0 && sum < owed.Combined {
		out = append(out, Shortfall{SideCombined, sum, owed.Combined})
	}
	return out
}
