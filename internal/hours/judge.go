package hours

// Entry holds one week's hours of a case.
type Entry struct {
	PlannedWork        float64
	ActualWork         float64
	PlannedIntegration float64
	ActualIntegration  float64
	Absence            float64
}

// Targets are the pilot's weekly targets for the combination of work and integration.
type Targets struct {
	Combined       float64
	MinWork        float64
	MinIntegration float64
}

// Warnings a week can carry.
const (
	WarnWorkCrowdsOutIntegration = "werk_verdringt_inburgering"
	WarnIntegrationCrowdsOutWork = "inburgering_verdringt_werk"
)

// Judgement says whether a week met the targets and what went out of balance.
type Judgement struct {
	MeetsTarget *bool // nil while the week has not ended or no pilot targets apply
	Warnings    []string
}

// Judge evaluates a week that has ended. The combined target is met when the actual
// work and integration hours add up to it and each reaches its own minimum. A side is
// "crowded out" when it fell short of its plan or minimum while the other side met
// its own: the heart of a start job is that neither gives way to the other. A client
// with no work planned nor done is not at work yet: integration cannot crowd out work
// that is not there.
func Judge(e Entry, t *Targets, ended bool) Judgement {
	if !ended {
		return Judgement{}
	}
	var j Judgement
	if t != nil {
		ok := e.ActualWork+e.ActualIntegration >= t.Combined &&
			e.ActualWork >= t.MinWork && e.ActualIntegration >= t.MinIntegration
		j.MeetsTarget = &ok
	}
	var minWork, minIntegration float64
	if t != nil {
		minWork, minIntegration = t.MinWork, t.MinIntegration
	}
	workShort := e.ActualWork < max(e.PlannedWork, minWork)
	integrationShort := e.ActualIntegration < max(e.PlannedIntegration, minIntegration)
	switch {
	case integrationShort && !workShort && e.ActualWork > 0:
		j.Warnings = append(j.Warnings, WarnWorkCrowdsOutIntegration)
	case workShort && !integrationShort && e.ActualIntegration > 0 && e.PlannedWork+e.ActualWork > 0:
		j.Warnings = append(j.Warnings, WarnIntegrationCrowdsOutWork)
	}
	return j
}
