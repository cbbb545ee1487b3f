// Package releases builds, keeps and reads the statistical releases of the outcome
// figures (docs/outcomes.md, "Releases"): numbered, frozen sets of protected tables as
// of a reference date. A release is built voorlopig, rebuilt once as definitief a month
// later with a note of every cell that changed, and may be withdrawn with a reason; it
// is never edited or deleted (migrations/00017_releases.sql guards that too).
package releases

import (
	"context"
	"encoding/json"

	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Statuses of a release and of a cell, as the tables' CHECK constraints allow them.
const (
	StatusVoorlopig   = "voorlopig"
	StatusDefinitief  = "definitief"
	StatusIngetrokken = "ingetrokken"

	CellPublished  = "gepubliceerd"
	CellSuppressed = "afgeschermd"
	CellNotYet     = "nog_niet_bekend"
)

// Populations of a cell: one municipality (CBS code), one pilot (its code) or the
// country (NL).
const (
	PopulationMunicipality = "gemeente"
	PopulationPilot        = "pilot"
	PopulationNational     = "nationaal"
	NationalCode           = "NL"
)

// Release is one release's metadata.
type Release struct {
	ID                 int
	ReferenceDate      time.Time // the first of a month
	Status             string    // voorlopig, definitief or ingetrokken
	BuiltAt            time.Time
	FinalisedAt        *time.Time
	RevisionNote       *RevisionNote // set once definitief
	WithdrawnAt        *time.Time
	WithdrawnReason    string
	WithdrawnBy        *uuid.UUID
	DefinitionsVersion string
	Method             string          // the protection method, e.g. "cell-key"
	Parameters         json.RawMessage // the protection's parameters (internal/disclosure)
}

// RevisionNote says what changed between the voorlopig and the definitief cells of a
// release, and why.
type RevisionNote struct {
	BuiltAt time.Time `json:"builtAt"` // of the voorlopig cells
	// Reasons counts the changes to the history dated on or before the reference date
	// that were recorded after the first build, per kind (see docs/outcomes.md).
	Reasons map[string]int `json:"reasons"`
	Changes []CellChange   `json:"changes"`
}

// CellChange is one cell whose value or status changed at finalisation. Old is nil
// for a cell that did not exist in the voorlopig release, New nil for one that no
// longer exists (it is kept as nog_niet_bekend, see Finalise).
type CellChange struct {
	Name CellName   `json:"cell"`
	Old  *CellValue `json:"old"`
	New  *CellValue `json:"new"`
}

// CellName identifies a cell within a release.
type CellName struct {
	Population     string `json:"population"`
	PopulationCode string `json:"populationCode"`
	CohortKey      string `json:"cohortKey"`
	CohortWidth    string `json:"cohortWidth"`
	Cohort         string `json:"cohort"`
	Split          string `json:"split"`
	SplitValue     string `json:"splitValue"`
	Figure         string `json:"figure"`
}

// CellValue is what a cell publishes. Value, Lower and Upper are nil unless the
// status is gepubliceerd (Lower and Upper only for shares and estimates); Denominator
// is the published (perturbed) denominator of a share.
type CellValue struct {
	Value       *float64 `json:"value"`
	Lower       *float64 `json:"lower"`
	Upper       *float64 `json:"upper"`
	Denominator *int     `json:"denominator"`
	Status      string   `json:"status"`
}

// Cell is one cell of a release: its name and what it publishes (see CellValue).
type Cell struct {
	ReleaseID int
	CellName
	CellValue
}

// Name returns the cell's name within its release.
func (c Cell) Name() CellName {
	return c.CellName
}

// Published returns what the cell publishes.
func (c Cell) Published() CellValue {
	return c.CellValue
}

// CellFilter selects cells of one release. Empty fields select everything; Codes,
// Cohorts and Figures select any of their values. Split and SplitValue are pointers
// because "" is a value of its own (no split): nil selects every split.
type CellFilter struct {
	Population   string   // gemeente, pilot or nationaal
	Codes        []string // population codes: CBS codes, pilot codes, NL
	CohortKey    string
	CohortWidth  string
	Cohorts      []string
	Split        *string
	SplitValue   *string
	Figures      []string // exact figure names
	FigurePrefix string   // e.g. "stage." for every stage count
	Limit        int      // 0: no limit
	Offset       int
}

const releaseColumns = `id, reference_date, status, built_at, finalised_at, revision_note, withdrawn_at,
	COALESCE(withdrawn_reason, ''), withdrawn_by, definitions_version, method, parameters`

// List returns every release, newest reference date first (withdrawn ones too).
func List(ctx context.Context, db *gorm.DB) ([]Release, error) {
	rows, err := db.WithContext(ctx).Raw(
		`SELECT ` + releaseColumns + ` FROM releases ORDER BY reference_date DESC`,
	).Rows()
	if err != nil {
		return nil, fmt.Errorf("list releases: %w", err)
	}
	defer rows.Close()
	var out []Release
	for rows.Next() {
		r, err := scanRelease(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("list releases: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Get returns one release, or errs.NotFound.
func Get(ctx context.Context, db *gorm.DB, id int) (Release, error) {
	return getWhere(ctx, db, `id = ?`, id)
}

// Newest returns the release readers see by default: the one with the latest
// reference date that is not withdrawn. errs.NotFound when there is none.
func Newest(ctx context.Context, db *gorm.DB) (Release, error) {
	return getWhere(ctx, db, `status <> 'ingetrokken' ORDER BY reference_date DESC LIMIT 1`)
}

// ByReferenceDate returns the release of a reference date, or errs.NotFound.
func ByReferenceDate(ctx context.Context, db *gorm.DB, reference time.Time) (Release, error) {
	return getWhere(ctx, db, `reference_date = ?::date`, reference.Format(time.DateOnly))
}

func getWhere(ctx context.Context, db *gorm.DB, where string, args ...any) (Release, error) {
	rows, err := db.WithContext(ctx).Raw(
		`SELECT `+releaseColumns+` FROM releases WHERE `+where,
		args...,
	).Rows()
	if err != nil {
		return Release{}, fmt.Errorf("get release: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Release{}, fmt.Errorf("get release: %w", err)
		}
		return Release{}, errs.NotFound("De publicatie")
	}
	r, err := scanRelease(rows.Scan)
	if err != nil {
		return Release{}, fmt.Errorf("get release: %w", err)
	}
	return r, nil
}

func scanRelease(scan func(...any) error) (Release, error) {
	var r Release
	var note, params []byte
	if err := scan(&r.ID, &r.ReferenceDate, &r.Status, &r.BuiltAt, &r.FinalisedAt, &note,
		&r.WithdrawnAt,
		&r.WithdrawnReason, &r.WithdrawnBy, &r.DefinitionsVersion, &r.Method, &params); err != nil {
		return r, err
	}
	r.ReferenceDate = time.Date(
		r.ReferenceDate.Year(),
		r.ReferenceDate.Month(),
		r.ReferenceDate.Day(),
		0,
		0,
		0,
		0,
		time.UTC,
	)
	r.Parameters = json.RawMessage(params)
	if note != nil {
		r.RevisionNote = &RevisionNote{}
		if err := json.Unmarshal(note, r.RevisionNote); err != nil {
			return r, fmt.Errorf("revision note of release %d: %w", r.ID, err)
		}
	}
	return r, nil
}

// Cells returns the cells of a release that match f, in the order of the primary key.
// errs.NotFound when the release does not exist.
func Cells(ctx context.Context, db *gorm.DB, id int, f CellFilter) ([]Cell, error) {
	if _, err := Get(ctx, db, id); err != nil {
		return nil, err
	}
	where, args := f.sql(id)
	query := `SELECT population, population_code, cohort_key, cohort_width, cohort, split, split_value, figure,
			value::float8, lower::float8, upper::float8, denominator, status
		FROM release_cells WHERE ` + where + `
		ORDER BY population, population_code, cohort_key, cohort_width, cohort, split, split_value, figure`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	if f.Offset > 0 {
		query += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	rows, err := db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("release cells: %w", err)
	}
	defer rows.Close()
	var out []Cell
	for rows.Next() {
		c := Cell{ReleaseID: id}
		if err := rows.Scan(&c.Population, &c.PopulationCode, &c.CohortKey, &c.CohortWidth, &c.Cohort,
			&c.Split, &c.SplitValue,
			&c.Figure, &c.Value, &c.Lower, &c.Upper, &c.Denominator, &c.Status); err != nil {
			return nil, fmt.Errorf("release cells: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountCells counts the cells of a release that match f (Limit and Offset aside),
// for paging.
func CountCells(ctx context.Context, db *gorm.DB, id int, f CellFilter) (int64, error) {
	where, args := f.sql(id)
	var n int64
	if err := db.WithContext(ctx).Raw(
		`SELECT count(*) FROM release_cells WHERE `+where,
		args...,
	).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count release cells: %w", err)
	}
	return n, nil
}

func (f CellFilter) sql(id int) (string, []any) {
	conds, args := []string{"release_id = ?"}, []any{id}
	eq := func(col, v string) {
		if v != "" {
			conds, args = append(conds, col+" = ?"), append(args, v)
		}
	}
	in := func(col string, vs []string) {
		if len(vs) > 0 {
			conds, args = append(conds, col+" IN ?"), append(args, vs)
		}
	}
	eq("population", f.Population)
	in("population_code", f.Codes)
	eq("cohort_key", f.CohortKey)
	eq("cohort_width", f.CohortWidth)
	in("cohort", f.Cohorts)
	if f.Split != nil {
		conds, args = append(conds, "split = ?"), append(args, *f.Split)
	}
	if f.SplitValue != nil {
		conds, args = append(conds, "split_value = ?"), append(args, *f.SplitValue)
	}
	in("figure", f.Figures)
	if f.FigurePrefix != "" {
		// starts_with keeps % and _ in a prefix literal.
		conds, args = append(conds, "starts_with(figure, ?)"), append(args, f.FigurePrefix)
	}
	return strings.Join(conds, " AND "), args
}

// Withdraw withdraws a release with a reason (the ministry or platformbeheer; the
// caller checks the permission). The release and its cells stay, marked ingetrokken;
// readers no longer get it by default. errs.Invalid without a reason, errs.NotFound
// for an unknown release, errs.Conflict when it is withdrawn already.
func Withdraw(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	id int,
	reason string,
) (Release, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Release{}, errs.Invalid(errs.Field("reason", "Geef een reden voor het intrekken."))
	case len([]rune(reason)) > MaxReasonLength:
		return Release{}, errs.Invalid(
			errs.Field("reason", fmt.Sprintf("De reden is te lang (hoogstens %d tekens).", MaxReasonLength)),
		)
	}
	var out Release
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var status string
		res := tx.Raw(`SELECT status FROM releases WHERE id = ? FOR UPDATE`, id).Scan(&status)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.NotFound("De publicatie")
		}
		if status == StatusIngetrokken {
			return errs.Conflict("Deze publicatie is al ingetrokken.")
		}
		if err := tx.Exec(`UPDATE releases SET status = 'ingetrokken', withdrawn_at = now(), withdrawn_reason = ?, withdrawn_by = ?
			WHERE id = ?`, reason, actor.UserID, id).Error; err != nil {
			return err
		}
		var err error
		out, err = Get(ctx, tx, id)
		return err
	})
	if err != nil {
		if _, ok := errs.As(err); ok {
			return Release{}, err
		}
		return Release{}, fmt.Errorf("withdraw release %d: %w", id, err)
	}
	return out, nil
}

// MaxReasonLength bounds a withdrawal's reason (the table's CHECK holds the same).
const MaxReasonLength = 2000
