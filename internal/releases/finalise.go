package releases

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/errs"
)

// Revision reasons: the kinds of late change to the history, dated on or before the
// reference date but recorded after the voorlopig build, that a revision note counts.
var lateChanges = []struct{ name, sql string }{
	{"lateCases", `SELECT count(*) FROM cases WHERE created_at > $1 AND registered_on <= $2`},
	{
		"lateTransitions",
		`SELECT count(*) FROM case_events WHERE kind = 'overgang' AND recorded_at > $1 AND occurred_on <= $2`,
	},
	{"dateCorrections", `SELECT count(*) FROM case_events WHERE kind = 'datumcorrectie' AND recorded_at > $1
		AND (CASE WHEN old_value ~ '^\d{4}-\d{2}-\d{2}$' THEN old_value::date <= $2 ELSE false END
			OR CASE WHEN new_value ~ '^\d{4}-\d{2}-\d{2}$' THEN new_value::date <= $2 ELSE false END)`},
	{"otherChanges", `SELECT count(*) FROM case_events e JOIN cases k ON k.id = e.case_id
		WHERE e.kind = 'wijziging' AND e.recorded_at > $1 AND k.registered_on <= $2`},
	{"latePips", `SELECT count(*) FROM case_pips WHERE recorded_at > $1 AND drawn_up_on <= $2`},
	{
		"lateResults",
		`SELECT count(*) FROM case_integration_results WHERE recorded_at > $1 AND on_date <= $2`,
	},
	{"latePlacements", `SELECT count(*) FROM job_offers WHERE status = 'geaccepteerd' AND created_at > $1
		AND COALESCE(start_date, offered_on) <= $2`},
	{"lateHours", `SELECT count(*) FROM weekly_hours WHERE updated_at > $1 AND week_start + 7 <= $2`},
}

// Due reports whether a voorlopig release of reference may be finalised on today: one
// month after its reference date.
func Due(reference, today time.Time) bool {
	return !today.Before(reference.AddDate(0, 1, 0))
}

// Finalise rebuilds a voorlopig release from the history as it stands now and makes
// it definitief: cells that changed are revised, cells that are new are added, and a
// cell whose block no longer has cases becomes afgeschermd. The revision note lists every changed
// cell (old and new) and
// counts the late changes to the history that explain them. errs.Conflict when the
// release is not voorlopig or not due yet.
func Finalise(ctx context.Context, db *database.DB, id int, today time.Time) (Release, error) {
	err := pgx.BeginFunc(ctx, db.Pool, func(store pgx.Tx) error {
		if _, err := store.Exec(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
		var status string
		var reference, builtAt time.Time
		err := store.QueryRow(
			ctx,
			`SELECT status, reference_date, built_at FROM releases WHERE id = $1 FOR UPDATE`,
			id,
		).
			Scan(&status, &reference, &builtAt)
		switch {
		case err == pgx.ErrNoRows:
			return errs.NotFound("De publicatie")
		case err != nil:
			return err
		case status != StatusVoorlopig:
			return errs.Conflict("Alleen een voorlopige publicatie wordt definitief.")
		case !Due(reference, today):
			return errs.Conflict("Een publicatie wordt pas een maand na de peildatum definitief.")
		}
		if _, err := store.Exec(
			ctx,
			`CREATE TEMPORARY TABLE revised_blocks (LIKE release_blocks) ON COMMIT DROP`,
		); err != nil {
			return err
		}
		err = computeCells(ctx, db.Gorm, reference, func(cells []Cell) error {
			rows, err := blockRows(id, cells)
			if err != nil {
				return err
			}
			_, err = store.CopyFrom(
				ctx,
				pgx.Identifier{"revised_blocks"},
				blockColumns,
				pgx.CopyFromRows(rows),
			)
			return err
		})
		if err != nil {
			return err
		}
		if err := changedCells(ctx, store, id); err != nil {
			return err
		}
		note := RevisionNote{BuiltAt: builtAt, Reasons: map[string]int{}}
		for _, c := range lateChanges {
			var n int
			if err := store.QueryRow(ctx, c.sql, builtAt, reference).Scan(&n); err != nil {
				return fmt.Errorf("revision reason %s: %w", c.name, err)
			}
			note.Reasons[c.name] = n
		}
		if note.Changes, err = changes(ctx, store, id); err != nil {
			return err
		}
		return revise(ctx, store, id, note)
	})
	if err != nil {
		if _, ok := errs.As(err); ok {
			return Release{}, err
		}
		return Release{}, fmt.Errorf("finalise release %d: %w", id, err)
	}
	return Get(ctx, db.Gorm, id)
}

// changedCells lays out, cell by cell, only the blocks whose cells differ between the
// voorlopig release and the rebuild (a release of the national volume has some 24
// million cells, of which a revision touches few): old_cells and revised_cells. A cell
// of the voorlopig release that the rebuild no longer has (its block lost its cases)
// stays, as afgeschermd: no published cell vanishes silently, and an empty block tells
// no more than a small one (see ProtectZeros).
func changedCells(ctx context.Context, store pgx.Tx, id int) error {
	for _, q := range []string{
		`CREATE TEMPORARY TABLE changed_blocks ON COMMIT DROP AS
			SELECT population, population_code, cohort_key, cohort_width, cohort, split, split_value
			FROM (SELECT * FROM release_blocks WHERE release_id = $1) o
			FULL JOIN revised_blocks n USING (population, population_code, cohort_key, cohort_width, cohort, split, split_value)
			WHERE o.cells IS DISTINCT FROM n.cells`,
		`CREATE TEMPORARY TABLE old_cells ON COMMIT DROP AS
			SELECT c.* FROM release_cells c JOIN changed_blocks USING (population, population_code, cohort_key, cohort_width,
				cohort, split, split_value)
			WHERE c.release_id = $1`,
		`CREATE TEMPORARY TABLE revised_cells ON COMMIT DROP AS
			SELECT b.release_id, b.population, b.population_code, b.cohort_key, b.cohort_width, b.cohort, b.split, b.split_value,
				c.key AS figure, (c.value ->> 'v')::numeric AS value, (c.value ->> 'l')::numeric AS lower,
				(c.value ->> 'u')::numeric AS upper, (c.value ->> 'd')::integer AS denominator, c.value ->> 's' AS status
			FROM revised_blocks b JOIN changed_blocks USING (population, population_code, cohort_key, cohort_width, cohort, split,
				split_value) CROSS JOIN LATERAL jsonb_each(b.cells) c`,
		`INSERT INTO revised_cells (release_id, population, population_code, cohort_key, cohort_width, cohort, split,
				split_value, figure, status)
			SELECT release_id, population, population_code, cohort_key, cohort_width, cohort, split, split_value, figure, 'afgeschermd'
			FROM old_cells
			EXCEPT SELECT release_id, population, population_code, cohort_key, cohort_width, cohort, split, split_value, figure,
				'afgeschermd' FROM revised_cells`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = append(args, id)
		}
		if _, err := store.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// cellDiff pairs the voorlopig and the revised cells that differ (a missing side is
// NULL), in the order of the primary key.
const cellDiff = `SELECT COALESCE(o.population, n.population), COALESCE(o.population_code, n.population_code),
		COALESCE(o.cohort_key, n.cohort_key), COALESCE(o.cohort_width, n.cohort_width), COALESCE(o.cohort, n.cohort),
		COALESCE(o.split, n.split), COALESCE(o.split_value, n.split_value), COALESCE(o.figure, n.figure),
		o.figure IS NOT NULL, o.value::float8, o.lower::float8, o.upper::float8, o.denominator, o.status,
		n.figure IS NOT NULL, n.value::float8, n.lower::float8, n.upper::float8, n.denominator, n.status
	FROM old_cells o
	FULL JOIN revised_cells n USING (population, population_code, cohort_key, cohort_width, cohort, split, split_value, figure)
	WHERE ROW(o.value, o.lower, o.upper, o.denominator, o.status) IS DISTINCT FROM ROW(n.value, n.lower, n.upper, n.denominator, n.status)
	ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`

func changes(ctx context.Context, store pgx.Tx, id int) ([]CellChange, error) {
	rows, err := store.Query(ctx, cellDiff)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (CellChange, error) {
		var c CellChange
		var hasOld, hasNew bool
		var o, n CellValue
		var oStatus, nStatus *string
		err := r.Scan(&c.Name.Population, &c.Name.PopulationCode, &c.Name.CohortKey, &c.Name.CohortWidth,
			&c.Name.Cohort,
			&c.Name.Split, &c.Name.SplitValue, &c.Name.Figure,
			&hasOld, &o.Value, &o.Lower, &o.Upper, &o.Denominator, &oStatus,
			&hasNew, &n.Value, &n.Lower, &n.Upper, &n.Denominator, &nStatus)
		if hasOld {
			o.Status, c.Old = *oStatus, &o
		}
		if hasNew {
			n.Status, c.New = *nStatus, &n
		}
		return c, err
	})
}

// revise writes the changed and new cells and makes the release definitief, in that
// order: the cells are writable only while it is voorlopig.
func revise(ctx context.Context, store pgx.Tx, id int, note RevisionNote) error {
	// Through the view: each changed or new cell lands in its block (release_cell_write).
	if _, err := store.Exec(ctx, `INSERT INTO release_cells SELECT n.* FROM revised_cells n
		LEFT JOIN old_cells o USING (population, population_code, cohort_key, cohort_width, cohort, split, split_value, figure)
		WHERE ROW(o.value, o.lower, o.upper, o.denominator, o.status) IS DISTINCT FROM
			ROW(n.value, n.lower, n.upper, n.denominator, n.status)`); err != nil {
		return err
	}
	b, err := json.Marshal(note)
	if err != nil {
		return err
	}
	_, err = store.Exec(
		ctx,
		`UPDATE releases SET status = 'definitief', finalised_at = now(), revision_note = $2 WHERE id = $1`,
		id,
		b,
	)
	return err
}
