package outcomes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/disclosure"
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
	// Cell keys of the counts: a placement's record key is its case's, summed per
	// placement (modulo 2^31), so the same placements get the same key.
	CountKey     int64
	ContractKeys map[string]int64
	SectorKeys   map[string]int64
}

// PublishedPlacements are the placements of the live report: their counts, and the
// mean hours and median wage when there is a placement to give them of.
type PublishedPlacements struct {
	Count           int
	ByContract      map[string]int
	BySector        map[string]int
	MeanHours       *float64
	MedianWageCents *float64
}

func publishPlacements(p Placements) PublishedPlacements {
	out := PublishedPlacements{
		Count:      p.Count,
		ByContract: map[string]int{},
		BySector:   map[string]int{},
	}
	for _, c := range ContractTypes {
		out.ByContract[c] = p.ByContract[c]
	}
	for _, s := range placements.Sectors {
		out.BySector[s] = p.BySector[s]
	}
	if p.Count > 0 {
		out.MeanHours, out.MedianWageCents = ptr(p.MeanHours), ptr(p.MedianWageCents)
	}
	return out
}

// placementFigures counts the placements of the population per municipality and group,
// in one pass over the accepted offers.
func placementFigures(
	ctx context.Context,
	db *gorm.DB,
	pop Population,
	reference time.Time,
) (map[GroupKey]Placements, error) {
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
	keyedOffers := func(cond string) string {
		return fmt.Sprintf("count(*) FILTER (WHERE %[1]s), COALESCE(sum(pop.cell_key::bigint) FILTER (WHERE %[1]s), 0) %% %[2]d",
			cond, disclosure.RecordKeyRange)
	}
	var cols []string
	for _, c := range ContractTypes {
		cols = append(cols, keyedOffers(fmt.Sprintf("o.contract_type = '%s'", c)))
	}
	for _, s := range placements.Sectors {
		cols = append(cols, keyedOffers(fmt.Sprintf("o.sector = '%s'", s)))
	}
	query := `WITH pop AS MATERIALIZED (SELECT k.id, k.municipality_id, k.cell_key, ` + groupExpr + ` AS grp_key
			FROM ` + pop.from() + ` WHERE ` + where + `)
		SELECT COALESCE(pop.municipality_id, 0), pop.grp_key,
			` + keyedOffers("true") + `, COALESCE(avg(o.hours_per_week), 0)::float8,
			COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY o.hourly_wage_cents), 0), ` + strings.Join(cols, ", ") + `
		FROM job_offers o JOIN pop ON pop.id = o.case_id AND pop.municipality_id = o.municipality_id
		WHERE ` + pop.offerCondition() + ` AND ` + offerScope + `
		GROUP BY GROUPING SETS ((pop.municipality_id, pop.grp_key), (pop.grp_key))`
	rows, err := db.WithContext(ctx).Raw(query, append(whereArgs, offerArgs...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("placements: %w", err)
	}
	defer rows.Close()
	out := map[GroupKey]Placements{}
	for rows.Next() {
		var k GroupKey
		p := Placements{
			ByContract:   map[string]int{},
			BySector:     map[string]int{},
			ContractKeys: map[string]int64{},
			SectorKeys:   map[string]int64{},
		}
		counts := make([]int, len(ContractTypes)+len(placements.Sectors))
		keys := make([]int64, len(counts))
		dest := []any{
			&k.MunicipalityID,
			&k.Group,
			&p.Count,
			&p.CountKey,
			&p.MeanHours,
			&p.MedianWageCents,
		}
		for i := range counts {
			dest = append(dest, &counts[i], &keys[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("placements: %w", err)
		}
		for i, c := range ContractTypes {
			p.ByContract[c], p.ContractKeys[c] = counts[i], keys[i]
		}
		for i, s := range placements.Sectors {
			p.BySector[s], p.SectorKeys[s] = counts[len(ContractTypes)+i], keys[len(ContractTypes)+i]
		}
		out[k] = p
	}
	return out, rows.Err()
}

// PlacementFigures counts the placements of the population per municipality and group
// with their cell keys, for the cells of a release (see placementFigures).
func PlacementFigures(
	ctx context.Context,
	db *gorm.DB,
	pop Population,
	reference time.Time,
) (map[GroupKey]Placements, error) {
	return placementFigures(ctx, db, pop, reference)
}
