package outcomes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/placements"
)

// ContractTypes are the contract types of a placement, as job_offers allows them.
var ContractTypes = []string{"bepaalde_tijd", "onbepaalde_tijd", "uitzend", "oproep", "leerwerk"}

// Placements describes the accepted job offers of a cohort's cases.
type Placements struct {
	Count           int
	ByContract      map[string]int
	BySector        map[string]int
	MeanHours       float64 // contract hours per week
	MedianWageCents float64
}

// PublishedPlacements are placements as they may leave the server: a protected
// column shows the mean hours and median wage only when they rest on at least
// MinCases placements.
type PublishedPlacements struct {
	Count           Count
	ByContract      map[string]Count
	BySector        map[string]Count
	MeanHours       *float64
	MedianWageCents *float64
}

// placementFigures counts the placements of the population per municipality and group
// (and over all groups as "*" when grouped), in one pass over the accepted offers.
func placementFigures(ctx context.Context, db *gorm.DB, pop Population, reference time.Time) (map[GroupKey]Placements, error) {
	where, whereArgs, err := pop.where(reference)
	if err != nil {
		return nil, err
	}
	groupExpr, err := pop.group()
	if err != nil {
		return nil, err
	}
	// For a few municipalities the offers' own municipality condition lets PostgreSQL
	// use their index; for many, one scan of all offers is cheaper.
	offerScope, offerArgs := "TRUE", []any(nil)
	if len(pop.Municipalities) <= 20 {
		offerScope, offerArgs = pop.scope("o.municipality_id")
	}
	sets := "(pop.municipality_id, pop.grp_key), (pop.grp_key)"
	if pop.Cohort != "" || pop.Split != "" {
		sets += ", (pop.municipality_id), ()"
	}
	var cols []string
	for _, c := range ContractTypes {
		cols = append(cols, fmt.Sprintf("count(*) FILTER (WHERE o.contract_type = '%s')", c))
	}
	for _, s := range placements.Sectors {
		cols = append(cols, fmt.Sprintf("count(*) FILTER (WHERE o.sector = '%s')", s))
	}
	query := `WITH pop AS MATERIALIZED (SELECT k.id, k.municipality_id, ` + groupExpr + ` AS grp_key
			FROM ` + pop.from() + ` WHERE ` + where + `)
		SELECT COALESCE(pop.municipality_id, 0), CASE WHEN GROUPING(pop.grp_key) = 1 THEN '*' ELSE pop.grp_key END,
			count(*), COALESCE(avg(o.hours_per_week), 0)::float8,
			COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY o.hourly_wage_cents), 0), ` + strings.Join(cols, ", ") + `
		FROM job_offers o JOIN pop ON pop.id = o.case_id AND pop.municipality_id = o.municipality_id
		WHERE o.status = 'geaccepteerd' AND ` + offerScope + `
		GROUP BY GROUPING SETS (` + sets + `)`
	rows, err := db.WithContext(ctx).Raw(query, append(whereArgs, offerArgs...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("placements: %w", err)
	}
	defer rows.Close()
	out := map[GroupKey]Placements{}
	for rows.Next() {
		var k GroupKey
		p := Placements{ByContract: map[string]int{}, BySector: map[string]int{}}
		counts := make([]int, len(ContractTypes)+len(placements.Sectors))
		dest := []any{&k.MunicipalityID, &k.Group, &p.Count, &p.MeanHours, &p.MedianWageCents}
		for i := range counts {
			dest = append(dest, &counts[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("placements: %w", err)
		}
		for i, c := range ContractTypes {
			p.ByContract[c] = counts[i]
		}
		for i, s := range placements.Sectors {
			p.BySector[s] = counts[len(ContractTypes)+i]
		}
		out[k] = p
	}
	return out, rows.Err()
}
