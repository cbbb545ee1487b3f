package demo

import (
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// simulateCase invents one client and case registered on registered and adds all
// their rows to the batch.
func simulateCase(r *rand.Rand, w *world, b *batch, src *bsnSource, registered time.Time) {
	p := newPerson(r, src, registered)
	j := &journey{
		r:      r,
		w:      w,
		out:    b,
		p:      p,
		caseID: uuid.New(),
		mgr:    pick(r, w.managers),
		women:  p.gender == "vrouw",
	}
	route := pick(r, []string{"b1", "b1", "b1", "b1", "b1", "b1", "z", "z", "onderwijs"})
	j.integrationHours = map[string]float64{"b1": 8, "z": 10, "onderwijs": 12}[route]
	j.run(registered)
	clientID := uuid.New()
	b.add("clients", clientID, w.municipalityID, b.sealer.Seal(p.bsn), b.sealer.Hash(p.bsn), p.name,
		p.birth,
		p.gender, p.country, p.permit, p.household, p.level)
	settled, hasSettled := j.first["gevestigd"]
	if hasSettled {
		j.integration(route, settled)
	}
	b.add("cases", caseRow(j, clientID, route, hasSettled)...)
}

// integration adds the brede intake, PIP versions, results and the integration-only
// weeks before work started.
func (j *journey) integration(route string, settled time.Time) {
	pip := days(settled, j.between(42, 98))
	if pip.After(j.w.today) {
		return
	}
	b := j.out
	b.add("case_pips", j.w.municipalityID, j.caseID, 1, pip, route)
	if v2 := days(pip, j.between(120, 300)); j.chance(0.15) && !v2.After(j.w.today) {
		b.add("case_pips", j.w.municipalityID, j.caseID, 2, v2, route)
	}
	results := []struct {
		kind, outcome string
		after, p      int
	}{{"pvt", "afgerond", 20, 60}, {"map", "afgerond", 200, 30}, {"knm", "behaald", 250, 20}}
	for _, res := range results {
		if on := days(pip, res.after+j.between(0, 60)); j.r.IntN(100) < res.p && !on.After(j.w.today) {
			b.add("case_integration_results", j.w.municipalityID, j.caseID, res.kind, res.outcome, on)
		}
	}
	end := j.w.today
	if j.working || !j.workFrom.IsZero() {
		end = days(j.workFrom, -1)
	}
	if closed, ok := j.first["afgesloten"]; ok && closed.Before(end) {
		end = closed
	}
	b.weeks(j, pip, end, false)
}

func caseRow(j *journey, clientID uuid.UUID, route string, settled bool) []any {
	f := func(stage string) any {
		if d, ok := j.first[stage]; ok {
			return d
		}
		return nil
	}
	var brp, granted, kind, intakeStart, intakeDone, routeV any
	if settled {
		s := j.first["gevestigd"]
		brp, intakeStart = days(s, j.between(0, 5)), days(s, j.between(7, 30))
		if d := days(intakeStart.(time.Time), j.between(14, 42)); !d.After(j.w.today) {
			intakeDone = d
		}
		routeV = route
		if intakeStart.(time.Time).After(j.w.today) {
			intakeStart, intakeDone = nil, nil
		}
		if brp.(time.Time).After(j.w.today) {
			brp = nil
		}
	}
	if a, ok := j.first["uitkering_aangevraagd"]; ok {
		if g := days(a, j.between(14, 56)); !g.After(j.w.today) {
			granted, kind = g, pick(
				j.r,
				[]string{"volledig", "volledig", "volledig", "volledig", "volledig", "aanvullend"},
			)
		}
	}
	var ended, endReason any
	if j.stage == "uitgestroomd" {
		ended, endReason = j.on, "werk"
	}
	return []any{j.caseID, j.w.municipalityID, clientID, j.w.pilotID, j.mgr.id, j.stage, j.on,
		j.first["aangemeld"], f("gevestigd"), f(
			"uitkering_aangevraagd",
		), f("baan_aangeboden"), f("aan_het_werk"),
		f("uitgestroomd"), f("afgesloten"), j.closeReason, j.reentries, brp, granted, kind, ended, endReason,
		granted, intakeStart, intakeDone, routeV, j.first["aangemeld"].Add(10 * time.Hour)}
}
