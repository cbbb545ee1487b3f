package demo

import (
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/bsn"
)

// batch collects rows per table in COPY column order.
type batch struct {
	sealer   *bsn.Sealer
	maxWeeks int // 0: no limit; the benchmark caps weeks per case to reach its volume
	rows     map[string][][]any
}

func newBatch(sealer *bsn.Sealer, maxWeeks int) *batch {
	return &batch{sealer: sealer, maxWeeks: maxWeeks, rows: map[string][][]any{}}
}

func (b *batch) add(table string, row ...any) { b.rows[table] = append(b.rows[table], row) }

// columns are the COPY columns of each table the generator fills.
var columns = map[string][]string{
	"users":     {"id", "email", "name"},
	"employers": {"id", "municipality_id", "name", "kvk_number", "sector"},
	"clients": {"id", "municipality_id", "bsn_ciphertext", "bsn_hash", "name", "birth_date", "gender",
		"country_of_birth", "residence_permit_date", "household_type", "language_level_intake"},
	"cases": {"id", "municipality_id", "client_id", "pilot_id", "client_manager_id", "stage",
		"stage_entered_on",
		"registered_on", "settled_on", "benefit_applied_on", "job_offered_on", "work_started_on", "left_benefit_on",
		"closed_on", "close_reason", "reentry_count", "brp_registered_on", "benefit_granted_on", "benefit_kind",
		"benefit_ended_on", "benefit_end_reason", "ontzorgen_started_on", "brede_intake_started_on",
		"brede_intake_completed_on", "integration_route", "created_at"},
	"case_events": {"municipality_id", "case_id", "kind", "from_stage", "to_stage", "occurred_on",
		"reentry",
		"note", "actor_id", "actor_name", "recorded_at"},
	"case_pips":                {"municipality_id", "case_id", "version", "drawn_up_on", "route"},
	"case_integration_results": {"municipality_id", "case_id", "kind", "outcome", "on_date"},
	"job_offers": {"id", "municipality_id", "case_id", "employer_id", "offered_on", "status",
		"decline_reason",
		"start_date", "end_date", "contract_type", "hours_per_week", "hourly_wage_cents", "sector",
		"sowis_requested", "sowis_granted"},
	"weekly_hours": {"municipality_id", "case_id", "week_start", "planned_work_hours",
		"actual_work_hours",
		"planned_integration_hours", "actual_integration_hours", "absence_hours", "absence_reason"},
}

// tableOrder respects the foreign keys.
var tableOrder = []string{"users", "employers", "clients", "cases", "case_events", "case_pips",
	"case_integration_results", "job_offers", "weekly_hours"}

func (b *batch) event(j *journey, from, to string, on time.Time, reentry bool) {
	kind, fromV := "overgang", any(from)
	if from == "" {
		kind, fromV = "aangemaakt", nil
	}
	b.add("case_events", j.w.municipalityID, j.caseID, kind, fromV, to, on, reentry, "", j.mgr.id,
		j.mgr.name,
		on.Add(9*time.Hour))
}

// offer records a job offer; contract terms are drawn around the SOWIS bar.
func (b *batch) offer(j *journey, on time.Time, status string, start, end *time.Time) {
	e := pick(j.r, j.w.employers)
	hours := float64(pick(j.r, []int{12, 16, 20, 20, 24, 24, 28, 32, 32, 36, 38}))
	contract := "bepaalde_tijd"
	switch {
	case start != nil && end == nil:
		contract = "onbepaalde_tijd"
	case j.chance(0.15):
		contract = pick(j.r, []string{"uitzend", "oproep", "leerwerk"})
	}
	var reason any
	if status == "afgewezen" {
		reason = pick(
			j.r,
			[]string{
				"reistijd te lang",
				"combinatie met taalles lukt niet",
				"zorg voor kinderen",
				"werk past niet bij gezondheid",
			},
		)
	}
	long := start != nil && (end == nil || !end.Before(start.AddDate(1, 0, -1)))
	requested := hours >= 20 && long && j.chance(0.5)
	granted := requested && j.chance(0.75)
	b.add("job_offers", uuid.New(), j.w.municipalityID, j.caseID, e.id, on, status, reason, start, end,
		contract,
		hours, 1400+j.r.IntN(500), e.sector, requested, granted)
	j.contractHours = hours
}

// weeks records planned and actual hours for every ISO week from..to, up to last week.
func (b *batch) weeks(j *journey, from, to time.Time, working bool) {
	monday := mondayOf(from)
	last := mondayOf(j.w.today).AddDate(0, 0, -7)
	if to.After(last) {
		to = last
	}
	var list []time.Time
	for w := monday; !w.After(to); w = w.AddDate(0, 0, 7) {
		if !j.weekSeen[w] { // a work period and an integration period can share a week
			list = append(list, w)
		}
	}
	if b.maxWeeks > 0 && len(list) > b.maxWeeks-j.weeksWritten {
		list = list[len(list)-max(0, b.maxWeeks-j.weeksWritten):]
	}
	if j.weekSeen == nil {
		j.weekSeen = map[time.Time]bool{}
	}
	for _, w := range list {
		j.weekSeen[w] = true
		b.week(j, w, working)
	}
	j.weeksWritten += len(list)
}

func (b *batch) week(j *journey, monday time.Time, working bool) {
	// Blank is not zero (migrations/00020): no actual work outside a work period, and
	// a week outside work without lessons is not logged at all.
	var plannedWork, absence float64
	var actualWork, actualInt, reason any
	if working {
		plannedWork = j.contractHours
		work := j.contractHours
		if j.chance(0.08) {
			absence = float64(j.between(4, int(j.contractHours)))
			work -= absence
			// from the hours, not the generator: the data of a seed stays as it was
			reason = []string{"ziek", "ziek", "verlof", "ziek", "ongeoorloofd", "overig"}[int(absence)%6]
		}
		actualWork = work
	}
	plannedInt := j.integrationHours
	done := plannedInt
	if j.chance(0.3) {
		done = max(0, plannedInt-float64(j.between(1, 6)))
		if working && j.women && j.chance(0.3) {
			done = 0 // childcare and work leave no room for lessons this week
		}
	}
	if working || done > 0 {
		actualInt = done
	}
	b.add(
		"weekly_hours",
		j.w.municipalityID,
		j.caseID,
		monday,
		plannedWork,
		actualWork,
		plannedInt,
		actualInt,
		absence,
		reason,
	)
}

func mondayOf(t time.Time) time.Time {
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}
