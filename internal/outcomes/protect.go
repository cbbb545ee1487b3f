package outcomes

// Count is a published count: its value, or suppressed ("< 10") without one.
type Count struct {
	Value      *int
	Suppressed bool
}

// Published are one municipality's figures as they may leave the server.
type Published struct {
	MunicipalityID int32
	Cases          Count
	ByStage        map[string]Count
	Offer          PublishedShare
	Durations      []PublishedDuration
}

// PublishedShare is a share with its numerator and denominator; no share is given
// when either is suppressed.
type PublishedShare struct {
	Numerator, Denominator Count
	Share                  *float64
}

// PublishedDuration gives quartiles only when they rest on at least MinCases cases.
type PublishedDuration struct {
	Name          string
	Cases         Count
	P25, P50, P75 *float64
}

// Publish prepares figures for a reader. protect applies suppression (for roles that
// may not see case data, for other municipalities than the reader's own, and in every
// export); without it the figures go out whole, for a municipality's own case workers.
//
// The cells and the equations that tie them: the stage counts add up to the cohort;
// offered in time + not offered in time = the offer denominator. "Not offered in time"
// is not published but can be worked out, so it takes part in suppression like any
// cell: if it is small, the numerator is suppressed with it.
func Publish(f Figures, protect bool) Published {
	cells := []Cell{{Count: f.Cases}}
	stageAt := map[string]int{}
	var stageParts []int
	for _, s := range Stages {
		stageAt[s] = len(cells)
		stageParts = append(stageParts, len(cells))
		cells = append(cells, Cell{Count: f.ByStage[s]})
	}
	num, den, rest := len(cells), len(cells)+1, len(cells)+2
	cells = append(cells, Cell{Count: f.Offer.Numerator}, Cell{Count: f.Offer.Denominator},
		Cell{Count: f.Offer.Denominator - f.Offer.Numerator})
	lines := []Line{{Parts: stageParts, Total: 0}, {Parts: []int{num, rest}, Total: den}}
	if protect {
		Suppress(cells, lines)
	}
	out := Published{MunicipalityID: f.MunicipalityID, Cases: count(cells[0]), ByStage: map[string]Count{}}
	for s, i := range stageAt {
		out.ByStage[s] = count(cells[i])
	}
	out.Offer = PublishedShare{Numerator: count(cells[num]), Denominator: count(cells[den])}
	if !cells[num].Suppressed && !cells[den].Suppressed && f.Offer.Denominator > 0 {
		share := float64(f.Offer.Numerator) / float64(f.Offer.Denominator)
		out.Offer.Share = &share
	}
	for i, name := range durations {
		d := Duration{Name: name[0]} // no case in the cohort: no durations
		if i < len(f.Durations) {
			d = f.Durations[i]
		}
		pd := PublishedDuration{Name: d.Name, Cases: count(Cell{Count: d.Cases, Suppressed: protect && d.Cases < MinCases})}
		if !pd.Cases.Suppressed && d.Cases > 0 {
			pd.P25, pd.P50, pd.P75 = ptr(d.P25), ptr(d.P50), ptr(d.P75)
		}
		out.Durations = append(out.Durations, pd)
	}
	return out
}

func count(c Cell) Count {
	if c.Suppressed {
		return Count{Suppressed: true}
	}
	v := c.Count
	return Count{Value: &v}
}

func ptr[T any](v T) *T { return &v }
