package outcomes

// PublishedHours are the combined-hours figures of a column as they may leave the
// server: mean actual work and integration hours per reported week, and the share of
// reported weeks that met the pilot's combined target.
type PublishedHours struct {
	Cases                Count // cases with at least one reported week
	Weeks                Count
	MeanWorkHours        *float64
	MeanIntegrationHours *float64
	WeeksOnTargetShare   *float64
}

// publishHours protects the hours figures of a comparison. The cases with reported
// weeks add up across columns to the total's, so they form a table of their own,
// suppressed like any other; a column whose count is hidden shows no hours figures.
// The week counts and hour sums are never shown for protected columns.
func publishHours(cols []Hours, detail []bool, total Hours, totalDetail bool) ([]PublishedHours, PublishedHours) {
	counts := make([]int, 0, len(cols)+1)
	for _, h := range cols {
		counts = append(counts, h.Cases)
	}
	fixed := append(append([]bool{}, detail...), totalDetail)
	hidden := suppressAcross(append(counts, total.Cases), fixed, make([]bool, len(fixed)))
	publish := func(h Hours, i int) PublishedHours {
		c := Cell{Count: h.Cases, Suppressed: hidden[i], Fixed: fixed[i]}
		p := PublishedHours{Cases: count(c), Weeks: count(Cell{Count: h.Weeks, Suppressed: !c.Fixed})}
		if !c.Suppressed && h.Weeks > 0 {
			w := float64(h.Weeks)
			p.MeanWorkHours, p.MeanIntegrationHours = ptr(h.WorkHours/w), ptr(h.IntegrationHours/w)
			p.WeeksOnTargetShare = ptr(float64(h.WeeksOnTarget) / w)
		}
		return p
	}
	out := make([]PublishedHours, len(cols))
	for i, h := range cols {
		out[i] = publish(h, i)
	}
	return out, publish(total, len(cols))
}
