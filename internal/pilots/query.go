package pilots

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Municipality is a Dutch municipality, identified by its CBS code.
type Municipality struct {
	ID                 int32
	Code               string
	Name               string
	LabourMarketRegion string
}

// Targets are a pilot's weekly and timing targets.
type Targets struct {
	CombinedHoursPerWeek       float64
	MinWorkHoursPerWeek        float64
	MinIntegrationHoursPerWeek float64
	MaxDaysToOffer             int
}

// Pilot is a start-job pilot with its municipalities.
type Pilot struct {
	ID                       int32
	Code                     string
	Name                     string
	Variant                  string
	Description              string
	StartDate                time.Time
	EndDate                  *time.Time
	AllowsPreSettlementOffer bool
	Targets                  Targets
	Municipalities           []Municipality
}

// ListMunicipalities returns every municipality, by code.
func ListMunicipalities(ctx context.Context, db *gorm.DB) ([]Municipality, error) {
	out, err := municipalities(db.WithContext(ctx).Order("code"))
	if err != nil {
		return nil, fmt.Errorf("list municipalities: %w", err)
	}
	return out, nil
}

// municipalities runs a query of municipalities built on q.
func municipalities(q *gorm.DB) ([]Municipality, error) {
	var rows []municipalityRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Municipality, len(rows))
	for i, r := range rows {
		out[i] = r.municipality()
	}
	return out, nil
}

// MunicipalityByCode finds one municipality.
func MunicipalityByCode(ctx context.Context, db *gorm.DB, code string) (Municipality, error) {
	out, err := municipalities(db.WithContext(ctx).Where("code = ?", code))
	if err != nil {
		return Municipality{}, fmt.Errorf("municipality: %w", err)
	}
	if len(out) == 0 {
		return Municipality{}, errs.NotFound("Gemeente")
	}
	return out[0], nil
}

type memberRow struct {
	PilotID int32
	Municipality
}

// ListPilots returns every pilot with its municipalities, in two queries.
func ListPilots(ctx context.Context, db *gorm.DB) ([]Pilot, error) {
	return pilots(ctx, db, "TRUE")
}

// GetPilot returns one pilot by code.
func GetPilot(ctx context.Context, db *gorm.DB, code string) (Pilot, error) {
	list, err := pilots(ctx, db, "code = ?", code)
	if err != nil {
		return Pilot{}, err
	}
	if len(list) == 0 {
		return Pilot{}, errs.NotFound("Pilot")
	}
	return list[0], nil
}

func pilots(ctx context.Context, db *gorm.DB, where string, args ...any) ([]Pilot, error) {
	db = db.WithContext(ctx)
	var rows []pilotRow
	err := db.Where(where, args...).Order("code").Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, wrap(err)
	}
	ids := make(access.IDList, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var members []memberRow
	err = db.Raw(membersSelect, ids).Scan(&members).Error
	if err != nil {
		return nil, wrap(err)
	}
	return assemble(rows, members), nil
}

func assemble(rows []pilotRow, members []memberRow) []Pilot {
	byPilot := map[int32][]Municipality{}
	for _, m := range members {
		byPilot[m.PilotID] = append(byPilot[m.PilotID], m.Municipality)
	}
	out := make([]Pilot, len(rows))
	for i, r := range rows {
		out[i] = Pilot{ID: r.ID, Code: r.Code, Name: r.Name, Variant: r.Variant,
			Description: r.Description,
			StartDate:   r.StartDate, EndDate: r.EndDate, AllowsPreSettlementOffer: r.AllowsPreSettlementOffer,
			Targets: Targets{CombinedHoursPerWeek: r.TargetCombinedHoursPerWeek,
				MinWorkHoursPerWeek:        r.TargetMinWorkHoursPerWeek,
				MinIntegrationHoursPerWeek: r.TargetMinIntegrationHoursPerWeek, MaxDaysToOffer: r.TargetMaxDaysToOffer},
			Municipalities: byPilot[r.ID]}
	}
	return out
}

func wrap(err error) error {
	if err != nil {
		return fmt.Errorf("pilots: %w", err)
	}
	return nil
}

// textArray passes a list of text as one PostgreSQL array parameter.
type textArray []string

// Value quotes each element, so codes with any characters stay one element each.
func (a textArray) Value() (driver.Value, error) {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
	}
	return "{" + strings.Join(parts, ",") + "}", nil
}

// Names returns the name of a municipality and of a pilot (empty without one), in one
// query: what a case page shows instead of their codes.
func Names(
	ctx context.Context,
	db *gorm.DB,
	municipalityID int32,
	pilotID *int32,
) (municipality, pilot string, err error) {
	var row struct{ Municipality, Pilot string }
	err = db.WithContext(ctx).Raw(namesSQL, pilotID, municipalityID).Scan(&row).Error
	if err != nil {
		return "", "", fmt.Errorf("names: %w", err)
	}
	return row.Municipality, row.Pilot, nil
}

// MunicipalitiesOf returns the municipalities in the actor's scope, by name.
func MunicipalitiesOf(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
) ([]Municipality, error) {
	out, err := municipalities(db.WithContext(ctx).Scopes(actor.Scope("id").Apply).Order("name"))
	if err != nil {
		return nil, fmt.Errorf("municipalities: %w", err)
	}
	return out, nil
}

// PilotName is a pilot's code and name: what a filter offers.
type PilotName struct{ Code, Name string }

// PilotNamesOf returns the code and name of every pilot with a municipality in the
// actor's scope, by name. It scans into PilotName, not Pilot: GORM cannot map a
// row onto Pilot's nested Targets and fails the whole query.
func PilotNamesOf(ctx context.Context, db *gorm.DB, actor access.Actor) ([]PilotName, error) {
	scope := actor.Scope("pm.municipality_id")
	var out []PilotName
	err := db.WithContext(ctx).Raw(
		pilotNamesSelect+scope.SQL+pilotNamesOrder,
		scope.Args...,
	).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("pilots: %w", err)
	}
	return out, nil
}
