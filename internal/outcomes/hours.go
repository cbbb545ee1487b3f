package outcomes

// PublishedHours are the combined-hours figures of a column of the live report: mean
// actual work and integration hours per reported week, and the share of reported weeks
// that met the pilot's combined target.
type PublishedHours struct {
	Cases                int // cases with at least one reported week
	Weeks                int
	MeanWorkHours        *float64
	MeanIntegrationHours *float64
	WeeksOnTargetShare   *float64
}

func publishHours(h Hours) PublishedHours {
	p := PublishedHours{Cases: h.Cases, Weeks: h.Weeks}
	if h.Weeks > 0 {
		w := float64(h.Weeks)
		p.MeanWorkHours, p.MeanIntegrationHours = ptr(h.WorkHours/w), ptr(h.IntegrationHours/w)
		p.WeeksOnTargetShare = ptr(float64(h.WeeksOnTarget) / w)
	}
	return p
}
