package releases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// DefinitionsVersion names the version of docs/outcomes.md the figures follow; a
// change of any definition there changes it.
const DefinitionsVersion = "uitkomsten-2026.1"

// The fixed table set of every release (docs/outcomes.md, "Releases"): populations
// are every municipality with cases, every pilot and NL.
var (
	CohortKeys   = []string{"benefitApplication", "settlement", "residencePermit"}
	CohortWidths = []string{"quarter", "year"}
	Splits       = []string{"", "gender", "ageBand", "route"}
)

// firstCohortDay bounds the key dates from below; every earlier date is implausible.
var firstCohortDay = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// blockColumns are the columns of release_blocks, in the order of blockRows.
var blockColumns = []string{"release_id", "population", "population_code", "cohort_key",
	"cohort_width", "cohort",
	"split", "split_value", "cells", "cell_count"}

// storedCell is a cell's value as a block row keeps it (migration 00017): short keys,
// nulls left out.
type storedCell struct {
	Value       *float64 `json:"v,omitempty"`
	Lower       *float64 `json:"l,omitempty"`
	Upper       *float64 `json:"u,omitempty"`
	Denominator *int     `json:"d,omitempty"`
	Status      string   `json:"s"`
}

// blockRows groups cells into the rows of release_blocks, one per block, in the order
// the blocks first appear.
func blockRows(id int, cells []Cell) ([][]any, error) {
	var rows [][]any
	index := map[CellName]int{}
	var blocks []map[string]storedCell
	for _, c := range cells {
		name := c.CellName
		name.Figure = ""
		i, ok := index[name]
		if !ok {
			i = len(rows)
			index[name] = i
			rows = append(rows, []any{id, name.Population, name.PopulationCode, name.CohortKey,
				name.CohortWidth,
				name.Cohort, name.Split, name.SplitValue, nil, 0})
			blocks = append(blocks, map[string]storedCell{})
		}
		blocks[i][c.Figure] = storedCell{c.Value, c.Lower, c.Upper, c.Denominator, c.Status}
	}
	for i, b := range blocks {
		js, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rows[i][8], rows[i][9] = json.RawMessage(js), len(b)
	}
	return rows, nil
}

// CheckReference refuses a reference date that is not the first of a month or lies
// after today.
func CheckReference(reference, today time.Time) error {
	if reference.Day() != 1 || reference.Hour() != 0 || reference.Minute() != 0 ||
		reference.Second() != 0 || reference.Nanosecond() != 0 {
		return errs.Invalid(errs.Field("referenceDate", "De peildatum is de eerste van een maand."))
	}
	if reference.After(today) {
		return errs.Invalid(errs.Field("referenceDate", "De peildatum ligt in de toekomst."))
	}
	return nil
}

// Build computes the release of reference (the first of a month, not after today)
// from the history as it stands now and stores it as voorlopig. errs.Conflict when the
// release of that date exists already. The cells stream from the computation into
// the table (COPY) pass by pass, so memory stays bounded by one pass.
func Build(ctx context.Context, db *database.DB, reference, today time.Time) (Release, error) {
	if err := CheckReference(reference, today); err != nil {
		return Release{}, err
	}
	var id int
	err := pgx.BeginFunc(ctx, db.Pool, func(store pgx.Tx) error {
		if _, err := store.Exec(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
		params, err := json.Marshal(disclosure.Parameters())
		if err != nil {
			return err
		}
		err = store.QueryRow(ctx, `INSERT INTO releases (reference_date, status, definitions_version, method, parameters)
			VALUES ($1, 'voorlopig', $2, $3, $4) RETURNING id`, reference, DefinitionsVersion, disclosure.Method, params).Scan(&id)
		if err != nil {
			return uniqueConflict(err)
		}
		return computeCells(ctx, db.Gorm, reference, func(cells []Cell) error {
			rows, err := blockRows(id, cells)
			if err != nil {
				return err
			}
			_, err = store.CopyFrom(
				ctx,
				pgx.Identifier{"release_blocks"},
				blockColumns,
				pgx.CopyFromRows(rows),
			)
			return err
		})
	})
	if err != nil {
		if _, ok := errs.As(err); ok {
			return Release{}, err
		}
		return Release{}, fmt.Errorf("build release %s: %w", reference.Format(time.DateOnly), err)
	}
	return Get(ctx, db.Gorm, id)
}

func uniqueConflict(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return errs.Conflict("Voor deze peildatum bestaat al een publicatie.")
	}
	return err
}

// pilotPopulation is one pilot of the table set.
type pilotPopulation struct {
	kind, code     string
	municipalities []int32
}

// computeCells computes every cell of the release of reference and hands them to emit
// one pass at a time. The passes run in one REPEATABLE READ transaction on the as-of
// snapshot it materialises, so that they all see the same history.
func computeCells(
	ctx context.Context,
	db *gorm.DB,
	reference time.Time,
	emit func([]Cell) error,
) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// A build is a batch job, not a request: the server's statement timeout for
		// requests does not bound it.
		if err := tx.Exec(`SET LOCAL statement_timeout = 0`).Error; err != nil {
			return err
		}
		snap, err := outcomes.MaterialiseAsOf(ctx, tx, reference, "release_asof_cases")
		if err != nil {
			return err
		}
		munis, codes, pilots, err := tableSet(ctx, tx, snap)
		if err != nil || len(munis) == 0 {
			return err
		}
		for _, key := range CohortKeys {
			for _, width := range CohortWidths {
				for _, split := range Splits {
					pop := outcomes.Population{Municipalities: munis, Key: key, From: firstCohortDay,
						To:     reference.AddDate(0, 0, 1),
						Cohort: width, Split: split, Snapshot: snap}
					if err := combination(ctx, tx, pop, reference, codes, pilots, emit); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
}

// emitBatch is about how many cells a build hands on at once: a combination of the
// national volume has close to two million, which would hold several hundred MB.
const emitBatch = 50_000

// combination computes the cells of one key, width and split: the pass over all
// municipalities gives each of them and NL, one pass per pilot the pilot. The zeros are
// protected against NL's (ProtectZeros), so NL's cells come first; the rest goes on in
// batches of whole blocks as it is made.
func combination(ctx context.Context, tx *gorm.DB, pop outcomes.Population, reference time.Time,
	codes map[int32]string,
	pilots []pilotPopulation, emit func([]Cell) error) error {
	figures, curves, err := outcomes.ComputeWithCurves(ctx, tx, pop, reference)
	if err != nil {
		return err
	}
	var national []Cell
	for _, f := range figures {
		if f.MunicipalityID == 0 {
			national = append(national, blockCells(pop, PopulationNational, NationalCode, f, curves)...)
		}
	}
	nl := nationalValues(national)
	batch := national
	add := func(cells []Cell) error {
		protectAgainst(nl, cells)
		batch = append(batch, cells...)
		if len(batch) < emitBatch {
			return nil
		}
		err := emit(batch)
		batch = nil
		return err
	}
	for _, f := range figures {
		if f.MunicipalityID != 0 {
			if err := add(
				blockCells(pop, PopulationMunicipality, codes[f.MunicipalityID], f, curves),
			); err != nil {
				return err
			}
		}
	}
	for _, p := range pilots {
		pop.Municipalities = p.municipalities
		figures, curves, err := outcomes.ComputeWithCurves(ctx, tx, pop, reference)
		if err != nil {
			return err
		}
		for _, f := range figures {
			if f.MunicipalityID == 0 {
				if err := add(blockCells(pop, PopulationPilot, p.code, f, curves)); err != nil {
					return err
				}
			}
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return emit(batch)
}

// blockCells converts one row of a pass (a municipality, or the whole pass) into the
// cells of the block of population (kind, code).
func blockCells(
	pop outcomes.Population,
	kind,
	code string,
	f outcomes.Figures,
	curves map[outcomes.GroupKey][]outcomes.AtWork,
) []Cell {
	cohort, splitValue, _ := strings.Cut(f.Group, "|")
	b := CellName{Population: kind, PopulationCode: code, CohortKey: pop.Key, CohortWidth: pop.Cohort,
		Cohort: cohort,
		Split:  pop.Split, SplitValue: splitValue}
	return CellsOf(b, f, curves[outcomes.GroupKey{MunicipalityID: f.MunicipalityID, Group: f.Group}])
}

// tableSet returns the municipalities with cases as of the snapshot (ids and their
// CBS codes) and every pilot with municipalities among them.
func tableSet(
	ctx context.Context,
	tx *gorm.DB,
	snap *outcomes.Snapshot,
) ([]int32, map[int32]string, []pilotPopulation, error) {
	var rows []struct {
		ID   int32
		Code string
	}
	err := tx.WithContext(ctx).Raw(`SELECT m.id, m.code FROM municipalities m
		WHERE EXISTS (SELECT 1 FROM ` + outcomes.SnapshotTable(snap) + ` s WHERE s.municipality_id = m.id) ORDER BY m.code`).Scan(&rows).Error
	if err != nil {
		return nil, nil, nil, fmt.Errorf("release table set: %w", err)
	}
	ids, codes := make([]int32, len(rows)), map[int32]string{}
	for i, r := range rows {
		ids[i], codes[r.ID] = r.ID, r.Code
	}
	var pilotRows []struct {
		Code string
		ID   int32
	}
	err = tx.WithContext(ctx).Raw(`SELECT p.code, pm.municipality_id AS id FROM pilots p
		JOIN pilot_municipalities pm ON pm.pilot_id = p.id ORDER BY p.code, pm.municipality_id`).Scan(&pilotRows).Error
	if err != nil {
		return nil, nil, nil, fmt.Errorf("release pilots: %w", err)
	}
	var pilots []pilotPopulation
	for _, r := range pilotRows {
		if _, ok := codes[r.ID]; !ok {
			continue
		}
		if len(pilots) == 0 || pilots[len(pilots)-1].code != r.Code {
			pilots = append(pilots, pilotPopulation{kind: PopulationPilot, code: r.Code})
		}
		pilots[len(pilots)-1].municipalities = append(pilots[len(pilots)-1].municipalities, r.ID)
	}
	return ids, codes, pilots, nil
}
