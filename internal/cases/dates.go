package cases

import (
	"time"

	"github.com/startbaan/startbaan/internal/errs"
)

// StageDates are the first dates a case entered each stage.
type StageDates struct {
	RegisteredOn     time.Time
	SettledOn        *time.Time
	BenefitAppliedOn *time.Time
	JobOfferedOn     *time.Time
	WorkStartedOn    *time.Time
	LeftBenefitOn    *time.Time
	ClosedOn         *time.Time
}

// stageDateField links a stage after aangemeld to its date; the date's name and
// column are those of the stage's field in Fields.
type stageDateField struct {
	stage Stage
	get   func(*StageDates) **time.Time
}

var stageDateFields = []stageDateField{
	{StageGevestigd, func(d *StageDates) **time.Time { return &d.SettledOn }},
	{StageUitkeringAangevraagd, func(d *StageDates) **time.Time { return &d.BenefitAppliedOn }},
	{StageBaanAangeboden, func(d *StageDates) **time.Time { return &d.JobOfferedOn }},
	{StageAanHetWerk, func(d *StageDates) **time.Time { return &d.WorkStartedOn }},
	{StageUitgestroomd, func(d *StageDates) **time.Time { return &d.LeftBenefitOn }},
	{StageAfgesloten, func(d *StageDates) **time.Time { return &d.ClosedOn }},
}

func dateFieldFor(s Stage) (stageDateField, bool) {
	for _, f := range stageDateFields {
		if f.stage == s {
			return f, true
		}
	}
	return stageDateField{}, false
}

// checkOrder reports dates out of order: registered ≤ settled ≤ benefit applied,
// settled ≤ job offer (unless the pilot allows pre-settlement offers), job offer ≤
// start of work ≤ leaving the benefit, and nothing after today.
func (d StageDates) checkOrder(today time.Time, allowPreSettlement bool) errs.Problems {
	var p errs.Problems
	before := func(earlier *time.Time, later *time.Time, field, reason string) {
		if earlier != nil && later != nil && later.Before(*earlier) {
			p.Add(field, reason)
		}
	}
	reg := &d.RegisteredOn
	before(reg, d.SettledOn, "settledOn", "De vestigingsdatum ligt voor de aanmelding.")
	before(
		d.SettledOn,
		d.BenefitAppliedOn,
		"benefitAppliedOn",
		"De aanvraag van de uitkering ligt voor de vestigingsdatum.",
	)
	before(
		reg,
		d.BenefitAppliedOn,
		"benefitAppliedOn",
		"De aanvraag van de uitkering ligt voor de aanmelding.",
	)
	before(reg, d.JobOfferedOn, "jobOfferedOn", "Het baanaanbod ligt voor de aanmelding.")
	if !allowPreSettlement {
		before(
			d.SettledOn,
			d.JobOfferedOn,
			"jobOfferedOn",
			"Het baanaanbod ligt voor de vestigingsdatum; deze pilot staat aanbod voor vestiging niet toe.",
		)
	}
	before(
		d.JobOfferedOn,
		d.WorkStartedOn,
		"workStartedOn",
		"De startdatum van het werk ligt voor het baanaanbod.",
	)
	before(
		d.WorkStartedOn,
		d.LeftBenefitOn,
		"leftBenefitOn",
		"De uitstroomdatum ligt voor de start van het werk.",
	)
	before(reg, d.ClosedOn, "closedOn", "De sluitingsdatum ligt voor de aanmelding.")
	if d.RegisteredOn.After(today) {
		p.Add("registeredOn", "De datum ligt in de toekomst.")
	}
	for _, f := range stageDateFields {
		if v := *f.get(&d); v != nil && v.After(today) {
			p.Add(stageField(f.stage).Name, "De datum ligt in de toekomst.")
		}
	}
	return p
}
