package outcomes

import "fmt"

// NamedShare is one of the shares of the outcome list (docs/domain.md, "Outcome
// measures"), with its numerator and denominator.
type NamedShare struct {
	Name string
	Share
}

// shareDef defines a share in SQL over the population row k: a case with key_on and
// ref_on (the key and reference dates) and the facts kept on it by triggers
// (migrations/00011). See docs/outcomes.md.
type shareDef struct{ name, den, num string }

// onBenefit is true when the case received a benefit on day T: it had applied, and
// had not left, or had come back after leaving (the first return counts).
func onBenefit(t string) string {
	return fmt.Sprintf(`(k.benefit_applied_on <= %[1]s AND (k.left_benefit_on IS NULL OR k.left_benefit_on > %[1]s
		OR k.back_on_benefit_on <= %[1]s))`, t)
}

// followed is true when the case was followed for days after its key date without
// being closed for another reason before then (closed on that very day still counts, as
// a case censored on day t is still at risk on t).
func followed(days int) string {
	return fmt.Sprintf(
		`(k.key_on + %[1]d <= k.ref_on AND (k.closed_on IS NULL OR k.closed_on >= k.key_on + %[1]d))`,
		days,
	)
}

var shareDefs = func() []shareDef {
	var defs []shareDef
	for _, h := range []struct {
		name string
		days int
	}{
		{"onBenefitAfter6Months", 183},
		{"onBenefitAfter12Months", 365},
		{"onBenefitAfter24Months", 730},
	} {
		defs = append(
			defs,
			shareDef{
				h.name,
				followed(h.days),
				followed(h.days) + " AND " + onBenefit(fmt.Sprintf("k.key_on + %d", h.days)),
			},
		)
	}
	for _, h := range []struct {
		name string
		days int
	}{{"returnWithin6Months", 183}, {"returnWithin12Months", 365}} {
		den := fmt.Sprintf(
			"(k.left_benefit_on IS NOT NULL AND k.left_benefit_on + %d <= k.ref_on)",
			h.days,
		)
		defs = append(
			defs,
			shareDef{
				h.name,
				den,
				den + fmt.Sprintf(" AND k.back_on_benefit_on <= k.left_benefit_on + %d", h.days),
			},
		)
	}
	defs = append(defs,
		shareDef{"fullBenefit", "k.benefit_kind IS NOT NULL", "k.benefit_kind = 'volledig'"},
		shareDef{"firstPipWithin10Weeks", "(k.settled_on IS NOT NULL AND k.settled_on + 70 <= k.ref_on)",
			"(k.settled_on IS NOT NULL AND k.settled_on + 70 <= k.ref_on) AND k.first_pip_on <= k.settled_on + 70"},
		shareDef{"mapCompleted", "true", "k.map_done"},
		shareDef{"pvtCompleted", "true", "k.pvt_done"},
		shareDef{"placementMeetsBar", "k.has_placement", "k.placement_meets_bar"},
		shareDef{"sowisRequested", "k.has_placement", "k.sowis_requested"},
		shareDef{"sowisGranted", "k.has_placement", "k.sowis_granted"},
	)
	return defs
}()

// ShareNames lists the shares in the order they are reported.
func ShareNames() []string {
	out := make([]string, len(shareDefs))
	for i, d := range shareDefs {
		out[i] = d.name
	}
	return out
}
