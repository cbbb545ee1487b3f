package outcomes

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Caseload is the workload of a municipality's client managers today: their active
// cases (not yet left the benefit through work, not closed), whatever the cohort.
type Caseload struct {
	Managers    int
	ActiveCases int
	Mean        float64
	Median      float64
	Max         int
}

// PublishedCaseload is a caseload of the live report; all nil without client managers.
type PublishedCaseload struct {
	Managers     *int
	Mean, Median *float64
	Max          *int
}

// Caseloads computes the caseload per municipality and over all of them (key 0).
func Caseloads(
	ctx context.Context,
	db *gorm.DB,
	municipalities []int32,
) (map[int32]Caseload, error) {
	scope, args := Population{Municipalities: municipalities}.scope("k.municipality_id")
	var rows []struct {
		Grp              int32
		Managers, Active int
		Mean, Median     float64
		Max              int
	}
	err := db.WithContext(ctx).Raw(`WITH load AS (
			SELECT k.municipality_id, k.client_manager_id, count(*) AS n FROM cases k
			WHERE `+scope+` AND k.client_manager_id IS NOT NULL AND k.stage NOT IN ('uitgestroomd', 'afgesloten')
			GROUP BY 1, 2)
		SELECT COALESCE(municipality_id, 0) AS grp, count(*) AS managers, sum(n) AS active, avg(n) AS mean,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median, max(n) AS max
		FROM load GROUP BY GROUPING SETS ((municipality_id), ())`, args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("caseloads: %w", err)
	}
	out := map[int32]Caseload{}
	for _, r := range rows {
		out[r.Grp] = Caseload{
			Managers:    r.Managers,
			ActiveCases: r.Active,
			Mean:        r.Mean,
			Median:      r.Median,
			Max:         r.Max,
		}
	}
	return out, nil
}

func publishCaseload(c Caseload) PublishedCaseload {
	if c.Managers == 0 {
		return PublishedCaseload{}
	}
	return PublishedCaseload{
		Managers: ptr(c.Managers),
		Mean:     ptr(c.Mean),
		Median:   ptr(c.Median),
		Max:      ptr(c.Max),
	}
}
