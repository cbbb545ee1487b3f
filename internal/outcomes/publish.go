// Package outcomes computes the figures municipalities compare and the ministry
// aggregates (docs/domain.md, "Outcome measures"): the live report of a reader's own
// municipality, whole, and the passes a release is built from. Only releases leave a
// municipality, protected by internal/disclosure (docs/outcomes.md, "Who sees what").
package outcomes

// Published are one municipality's figures as the live report shows them: whole, since
// the live report is only ever about the reader's own municipality (Build).
type Published struct {
	MunicipalityID int32
	Cases          int
	ByStage        map[string]int
	Flow           []FlowStep
	Offer          PublishedShare
	Shares         []PublishedNamedShare
	Durations      []PublishedDuration
	Placements     PublishedPlacements
}

// FlowStep is one step of the funnel's flow: the cases that reached it (or a later
// step) and, of those, the cases that moved on to the next one.
type FlowStep struct {
	Stage   string
	Reached int
	MovedOn int      // 0 for the last step, which has no next one
	Share   *float64 // MovedOn / Reached; none for the last step or when nobody reached it
}

// PublishedNamedShare is a named share of the live report.
type PublishedNamedShare struct {
	Name string
	PublishedShare
}

// PublishedShare is a share with its numerator and denominator; no share when the
// denominator is 0.
type PublishedShare struct {
	Numerator, Denominator int
	Share                  *float64
}

// PublishedDuration gives the quartiles of days when there is a case to give them of.
type PublishedDuration struct {
	Name          string
	Cases         int
	P25, P50, P75 *float64
}

// Publish lays out one municipality's figures (or a total's) for the live report.
func Publish(f Figures) Published {
	out := Published{MunicipalityID: f.MunicipalityID, Cases: f.Cases, ByStage: map[string]int{}}
	for _, s := range Stages {
		out.ByStage[s] = f.ByStage[s]
	}
	out.Flow = publishFlow(f)
	out.Offer = publishShare(f.Offer)
	for i, d := range shareDefs {
		var sh Share
		if i < len(f.Shares) {
			sh = f.Shares[i].Share
		}
		out.Shares = append(
			out.Shares,
			PublishedNamedShare{Name: d.name, PublishedShare: publishShare(sh)},
		)
	}
	for i, name := range durations {
		d := Duration{Name: name[0]} // no case in the cohort: no durations
		if i < len(f.Durations) {
			d = f.Durations[i]
		}
		pd := PublishedDuration{Name: d.Name, Cases: d.Cases}
		if d.Cases > 0 {
			pd.P25, pd.P50, pd.P75 = ptr(d.P25), ptr(d.P50), ptr(d.P75)
		}
		out.Durations = append(out.Durations, pd)
	}
	out.Placements = publishPlacements(f.Placements)
	return out
}

// publishFlow gives the cases that reached each step: the furthest counts from that
// step on.
func publishFlow(f Figures) []FlowStep {
	reached := func(k int) int {
		sum := 0
		for _, s := range Steps[k:] {
			sum += f.Furthest[s]
		}
		return sum
	}
	var out []FlowStep
	for k, s := range Steps {
		step := FlowStep{Stage: s, Reached: reached(k)}
		if k+1 < len(Steps) {
			step.MovedOn = reached(k + 1)
			if step.Reached > 0 {
				step.Share = ptr(float64(step.MovedOn) / float64(step.Reached))
			}
		}
		out = append(out, step)
	}
	return out
}

func publishShare(s Share) PublishedShare {
	p := PublishedShare{Numerator: s.Numerator, Denominator: s.Denominator}
	if s.Denominator > 0 {
		p.Share = ptr(float64(s.Numerator) / float64(s.Denominator))
	}
	return p
}

func ptr[T any](v T) *T { return &v }
