package cases

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/decimal"
	"github.com/startbaan/startbaan/internal/errs"
)

// NewPIP records a new version of the PIP. The first version starts the
// inburgeringstermijn; a later version may switch the learning route, which is then
// recorded as a route change.
type NewPIP struct {
	DrawnUpOn *time.Time
	Route     string
	// PlannedIntegrationHours per week: optional, 0–40 with two decimals (the
	// pilots' integration minimum is at most 40).
	PlannedIntegrationHours *float64
}

// ResultKinds and ResultOutcomes are the accepted integration results.
var (
	ResultKinds = []string{"pvt", "map", "knm", "examen_lezen", "examen_luisteren", "examen_schrijven",
		"examen_spreken", "ontheffing", "vrijstelling"}
	ResultOutcomes = []string{"behaald", "niet_behaald", "afgerond", "verleend"}
)

// OutcomesOf lists the outcomes a kind of result can have (docs/domain.md, "Integration
// results"): a PVT and the MAP are completed, the KNM and each exam passed or not, an
// exemption granted. Migration 00022 repeats the rule as a CHECK.
func OutcomesOf(kind string) []string {
	switch kind {
	case "pvt", "map":
		return []string{"afgerond"}
	case "ontheffing", "vrijstelling":
		return []string{"verleend"}
	case "knm", "examen_lezen", "examen_luisteren", "examen_schrijven", "examen_spreken":
		return []string{"behaald", "niet_behaald"}
	}
	return nil
}

// outcomeProblem says in Dutch which outcomes a kind can have.
var outcomeProblem = map[string]string{
	"afgerond":     "Een PVT of MAP kan alleen afgerond zijn.",
	"verleend":     "Een ontheffing of vrijstelling kan alleen verleend zijn.",
	"behaald":      "De KNM en een examen zijn behaald of niet behaald.",
	"niet_behaald": "De KNM en een examen zijn behaald of niet behaald.",
}

// NewResult records a PVT, MAP, KNM or exam result, or an exemption.
type NewResult struct {
	Kind    string
	Outcome string
	OnDate  *time.Time
}

// AddPIP appends a PIP version and sets the case's route to the PIP's route. The case
// returned is read within the transaction, so that nothing can fail after the commit.
func (s *Service) AddPIP(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	in NewPIP,
) (Case, error) {
	actor = actor.For("cases", "write")
	var p errs.Problems
	validateEventDate(&p, "drawnUpOn", in.DrawnUpOn, s.today())
	if !oneOf(in.Route, Routes) {
		p.Add("route", "Kies de B1-route (b1), de onderwijsroute (onderwijs) of de Z-route (z).")
	}
	if h := in.PlannedIntegrationHours; h != nil {
		if n, exact := decimal.Cents(*h); math.IsNaN(*h) || *h < 0 || !exact || n > 40*100 {
			p.Add("plannedIntegrationHours", "Geef 0 tot 40 uur per week, met hoogstens twee decimalen.")
		}
	}
	if err := p.Err(); err != nil {
		return Case{}, err
	}
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := lockCase(tx, actor, id)
		if err != nil {
			return err
		}
		if err := refuseClosed(cur); err != nil {
			return err
		}
		full, err := s.getIn(tx, actor, id)
		if err != nil {
			return err
		}
		if err := checkPIPDate(full, *in.DrawnUpOn); err != nil {
			return err
		}
		var version int
		if err := tx.Raw(nextPIPVersionSQL, cur.MunicipalityID, id).Scan(&version).Error; err != nil {
			return fmt.Errorf("pip version: %w", err)
		}
		err = tx.Create(&pipRow{MunicipalityID: cur.MunicipalityID, CaseID: id, Version: version,
			DrawnUpOn: *in.DrawnUpOn, Route: in.Route,
			PlannedIntegrationHours: in.PlannedIntegrationHours}).Error
		if err != nil {
			return fmt.Errorf("insert pip: %w", err)
		}
		changes := []change{
			{api: "pipVersion", table: "cases", column: "", old: len(full.Integration.PIPs), new: version},
		}
		if full.Integration.Route == nil || *full.Integration.Route != in.Route {
			changes = append(
				changes,
				change{
					api:    "integrationRoute",
					table:  "cases",
					column: "integration_route",
					old:    full.Integration.Route,
					new:    in.Route,
				},
			)
		}
		if err := applyChanges(tx, actor, cur, full.Client.ID, changes, ""); err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

// changedCase records the change of a case in the audit log and reads the case as it
// now is into out, both within the transaction tx.
func changedCase(
	ctx context.Context,
	tx *gorm.DB,
	s *Service,
	actor access.Actor,
	id uuid.UUID,
	out *Case,
) error {
	if err := audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectCase, "", id); err != nil {
		return err
	}
	c, err := s.getIn(tx, actor, id)
	*out = c
	return err
}

func checkPIPDate(c Case, on time.Time) error {
	if on.Before(c.Dates.RegisteredOn) {
		return errs.Invalid(errs.Field("drawnUpOn", "Het PIP ligt voor de aanmelding."))
	}
	if n := len(c.Integration.PIPs); n > 0 && on.Before(c.Integration.PIPs[n-1].DrawnUpOn) {
		return errs.Invalid(
			errs.Field("drawnUpOn", "Een nieuwe versie van het PIP kan niet eerder zijn dan de vorige."),
		)
	}
	return nil
}

// AddResult records an integration result on a case.
func (s *Service) AddResult(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	in NewResult,
) (Case, error) {
	actor = actor.For("cases", "write")
	var p errs.Problems
	validateEventDate(&p, "onDate", in.OnDate, s.today())
	if !oneOf(in.Kind, ResultKinds) {
		p.Add("kind", "Onbekende soort resultaat.")
	}
	switch valid := OutcomesOf(in.Kind); {
	case !oneOf(in.Outcome, ResultOutcomes):
		p.Add("outcome", "Kies behaald, niet_behaald, afgerond of verleend.")
	case valid != nil && !oneOf(in.Outcome, valid):
		p.Add("outcome", outcomeProblem[valid[0]])
	}
	if err := p.Err(); err != nil {
		return Case{}, err
	}
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := lockCase(tx, actor, id)
		if err != nil {
			return err
		}
		if err := refuseClosed(cur); err != nil {
			return err
		}
		if in.OnDate.Before(cur.RegisteredOn) {
			return errs.Invalid(errs.Field("onDate", "Het resultaat ligt voor de aanmelding."))
		}
		err = tx.Create(&resultRow{MunicipalityID: cur.MunicipalityID, CaseID: id, Kind: in.Kind,
			Outcome: in.Outcome,
			OnDate:  *in.OnDate}).Error
		if err != nil {
			return fmt.Errorf("insert result: %w", err)
		}
		err = applyChanges(
			tx,
			actor,
			cur,
			uuid.Nil,
			[]change{{api: "integrationResult", table: "cases", old: nil, new: in.Kind + ": " + in.Outcome}},
			"",
		)
		if err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}
