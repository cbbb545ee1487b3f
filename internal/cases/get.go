package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

type caseRow struct {
	ID                       uuid.UUID
	MunicipalityID           int32
	MunicipalityCode         string
	PilotID                  *int32
	PilotCode                *string
	ClientManagerID          *uuid.UUID
	ClientManagerName        *string
	Stage                    string
	StageEnteredOn           time.Time
	Version                  int
	ReentryCount             int
	CloseReason              *string
	RegisteredOn             time.Time
	SettledOn                *time.Time
	BenefitAppliedOn         *time.Time
	JobOfferedOn             *time.Time
	WorkStartedOn            *time.Time
	LeftBenefitOn            *time.Time
	ClosedOn                 *time.Time
	BrpRegisteredOn          *time.Time
	BenefitGrantedOn         *time.Time
	BenefitKind              *string
	BenefitEndedOn           *time.Time
	BenefitEndReason         *string
	OntzorgenStartedOn       *time.Time
	BredeIntakeStartedOn     *time.Time
	BredeIntakeCompletedOn   *time.Time
	IntegrationRoute         *string
	CreatedAt                time.Time
	UpdatedAt                time.Time
	ClientID                 uuid.UUID
	ClientName               string
	BirthDate                time.Time
	Gender                   string
	CountryOfBirth           string
	ResidencePermitDate      time.Time
	HouseholdType            string
	LanguageLevelIntake      string
	AllowsPreSettlementOffer bool
	MaxDaysToOffer           *int32
	Pips                     []byte
	Results                  []byte
	Contact                  []byte // one JSON object (contact.go)
	CaseNumber               string
}

// Get reads one case and records the read in the audit log, in one statement: the
// data is returned only with its audit row. A case outside the actor's scope is
// reported as not found. It is the most frequent query, so it runs on pgx directly:
// GORM's reflection and database/sql's conversions cost about a quarter of the
// request time here.
func (s *Service) Get(ctx context.Context, actor access.Actor, id uuid.UUID) (Case, error) {
	actor = actor.For("cases", "read")
	logged, logArgs, err := audit.ReadCTE(actor, audit.ObjectCase, "found k")
	if err != nil {
		return Case{}, err
	}
	scope := actor.Scope("k.municipality_id")
	query := loggedCaseQuery(scope.SQL, logged)
	c, err := s.read(ctx, actor, query, append(append([]any{id}, scope.Args...), logArgs...))
	if err == nil {
		audit.Counted(1)
	}
	return c, err
}

func (s *Service) read(
	ctx context.Context,
	actor access.Actor,
	query string,
	args []any,
) (Case, error) {
	var r caseRow
	err := s.pool.QueryRow(ctx, access.Numbered(query), args...).Scan(r.fields()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return Case{}, errs.NotFound("Dossier")
	}
	if err != nil {
		return Case{}, fmt.Errorf("get case: %w", err)
	}
	// the query is scoped; this holds even if that scope is ever lost
	if !actor.Allows(r.MunicipalityID) {
		return Case{}, errs.NotFound("Dossier")
	}
	return r.toCase()
}

// getIn reads a case within a transaction, on the transaction's own connection: a
// second connection from the pool while the transaction holds one can exhaust the
// pool under load and deadlock. Writes return the case read here, before the commit:
// after it nothing may fail, or a stored change would be answered with an error.
func (s *Service) getIn(tx *gorm.DB, actor access.Actor, id uuid.UUID) (Case, error) {
	scope := actor.Scope("k.municipality_id")
	var rows []caseRow
	if err := tx.Raw(
		caseQuery+scope.SQL,
		append([]any{id}, scope.Args...)...,
	).Scan(&rows).Error; err != nil {
		return Case{}, fmt.Errorf("get case: %w", err)
	}
	if len(rows) == 0 {
		return Case{}, errs.NotFound("Dossier")
	}
	return rows[0].toCase()
}

// fields lists the scan targets in the order of caseQuery's columns.
func (r *caseRow) fields() []any {
	return []any{&r.ID, &r.MunicipalityID, &r.MunicipalityCode, &r.PilotID, &r.PilotCode,
		&r.ClientManagerID,
		&r.ClientManagerName, &r.Stage, &r.StageEnteredOn, &r.Version, &r.ReentryCount, &r.CloseReason,
		&r.RegisteredOn, &r.SettledOn, &r.BenefitAppliedOn, &r.JobOfferedOn, &r.WorkStartedOn, &r.LeftBenefitOn,
		&r.ClosedOn, &r.BrpRegisteredOn, &r.BenefitGrantedOn, &r.BenefitKind, &r.BenefitEndedOn, &r.BenefitEndReason,
		&r.OntzorgenStartedOn, &r.BredeIntakeStartedOn, &r.BredeIntakeCompletedOn, &r.IntegrationRoute,
		&r.CreatedAt, &r.UpdatedAt, &r.ClientID, &r.ClientName, &r.BirthDate, &r.Gender, &r.CountryOfBirth,
		&r.ResidencePermitDate, &r.HouseholdType, &r.LanguageLevelIntake, &r.AllowsPreSettlementOffer, &r.MaxDaysToOffer, &r.Pips, &r.Results,
		&r.Contact, &r.CaseNumber}
}

func (r caseRow) toCase() (Case, error) {
	c := Case{
		ID: r.ID, MunicipalityID: r.MunicipalityID, MunicipalityCode: r.MunicipalityCode,
		PilotID: r.PilotID, PilotCode: r.PilotCode, ClientManagerID: r.ClientManagerID,
		ClientManagerName: r.ClientManagerName, Stage: Stage(r.Stage), StageEnteredOn: r.StageEnteredOn,
		Version: r.Version, ReentryCount: r.ReentryCount, CloseReason: r.CloseReason,
		Dates: StageDates{RegisteredOn: r.RegisteredOn, SettledOn: r.SettledOn,
			BenefitAppliedOn: r.BenefitAppliedOn,
			JobOfferedOn:     r.JobOfferedOn, WorkStartedOn: r.WorkStartedOn, LeftBenefitOn: r.LeftBenefitOn, ClosedOn: r.ClosedOn},
		Client: Client{ID: r.ClientID, Name: r.ClientName, BirthDate: r.BirthDate, Gender: r.Gender,
			CountryOfBirth: r.CountryOfBirth, ResidencePermitDate: r.ResidencePermitDate,
			HouseholdType: r.HouseholdType, LanguageLevelIntake: r.LanguageLevelIntake},
		Benefit: Benefit{
			GrantedOn: r.BenefitGrantedOn,
			Kind:      r.BenefitKind,
			EndedOn:   r.BenefitEndedOn,
			EndReason: r.BenefitEndReason,
		},
		Integration: Integration{BRPRegisteredOn: r.BrpRegisteredOn,
			OntzorgenStartedOn:   r.OntzorgenStartedOn,
			BredeIntakeStartedOn: r.BredeIntakeStartedOn, BredeIntakeCompletedOn: r.BredeIntakeCompletedOn,
			Route: r.IntegrationRoute},
		NextStages: nextStages(Stage(r.Stage), r.AllowsPreSettlementOffer),
		CreatedAt:  r.CreatedAt, UpdatedAt: r.UpdatedAt, CaseNumber: r.CaseNumber,
	}
	var err error
	if c.Integration.PIPs, err = decodePIPs(r.Pips); err != nil {
		return Case{}, err
	}
	if c.Integration.Results, err = decodeResults(r.Results); err != nil {
		return Case{}, err
	}
	if c.Contact, err = decodeContact(r.Contact); err != nil {
		return Case{}, err
	}
	if r.MaxDaysToOffer != nil && c.Dates.BenefitAppliedOn != nil {
		// The start-job promise: an offer within the pilot's number of days of applying.
		c.OfferDueOn = ptr(c.Dates.BenefitAppliedOn.AddDate(0, 0, int(*r.MaxDaysToOffer)))
	}
	if len(c.Integration.PIPs) > 0 {
		first := c.Integration.PIPs[0].DrawnUpOn
		c.Integration.FirstPIPOn = &first
		c.Integration.InburgeringstermijnEnds = ptr(first.AddDate(3, 0, 0))
	}
	return c, nil
}

// The json_agg columns carry dates as "YYYY-MM-DD", which encoding/json cannot put
// into a time.Time directly.
type pipJSON struct {
	Version    int       `json:"version"`
	DrawnUpOn  string    `json:"drawnUpOn"`
	Route      string    `json:"route"`
	RecordedAt time.Time `json:"recordedAt"`
	// PlannedIntegrationHours is null when the PIP recorded none.
	PlannedIntegrationHours *float64 `json:"plannedIntegrationHours"`
}

type resultJSON struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Outcome string `json:"outcome"`
	OnDate  string `json:"onDate"`
}

func decodePIPs(b []byte) ([]PIP, error) {
	var raw []pipJSON
	if err := unmarshalList(b, &raw); err != nil {
		return nil, err
	}
	out := make([]PIP, len(raw))
	for i, r := range raw {
		d, err := time.Parse(time.DateOnly, r.DrawnUpOn)
		if err != nil {
			return nil, fmt.Errorf("decode pip date: %w", err)
		}
		out[i] = PIP{Version: r.Version, DrawnUpOn: d, Route: r.Route, RecordedAt: r.RecordedAt,
			PlannedIntegrationHours: r.PlannedIntegrationHours}
	}
	return out, nil
}

func decodeResults(b []byte) ([]IntegrationResult, error) {
	var raw []resultJSON
	if err := unmarshalList(b, &raw); err != nil {
		return nil, err
	}
	out := make([]IntegrationResult, len(raw))
	for i, r := range raw {
		d, err := time.Parse(time.DateOnly, r.OnDate)
		if err != nil {
			return nil, fmt.Errorf("decode result date: %w", err)
		}
		out[i] = IntegrationResult{ID: r.ID, Kind: r.Kind, Outcome: r.Outcome, OnDate: d}
	}
	return out, nil
}

func unmarshalList(b []byte, dst any) error {
	if len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("decode case detail: %w", err)
	}
	return nil
}

// ReadSQL is the query Get runs for an actor with national scope, with $1 for the
// case id. The benchmark runs it from a bare net/http + pgx handler to measure what
// the layers above SQL cost.
func ReadSQL() string { return access.Numbered(caseQuery + "TRUE") }
