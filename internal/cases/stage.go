package cases

// Stage is where a case stands in the start-job trajectory.
type Stage string

const (
	StageAangemeld            Stage = "aangemeld"             // linked to the municipality by COA
	StageGevestigd            Stage = "gevestigd"             // housed in the municipality
	StageUitkeringAangevraagd Stage = "uitkering_aangevraagd" // applied for bijstand
	StageBaanAangeboden       Stage = "baan_aangeboden"       // offered a start job
	StageAanHetWerk           Stage = "aan_het_werk"          // started the job
	StageUitgestroomd         Stage = "uitgestroomd"          // left the benefit through work
	StageAfgesloten           Stage = "afgesloten"            // closed for another reason
)

// Stages lists every stage in trajectory order.
var Stages = []Stage{StageAangemeld, StageGevestigd, StageUitkeringAangevraagd, StageBaanAangeboden,
	StageAanHetWerk, StageUitgestroomd, StageAfgesloten}

// transitions are the allowed moves. A declined offer followed by a new one is
// baan_aangeboden → baan_aangeboden; an ended placement returns to baan_aangeboden;
// herinstroom (return to benefit after leaving it) is uitgestroomd → uitkering_aangevraagd.
// aangemeld → baan_aangeboden exists only for pilots that allow pre-settlement offers.
var transitions = map[Stage][]Stage{
	StageAangemeld:            {StageGevestigd, StageBaanAangeboden, StageAfgesloten},
	StageGevestigd:            {StageUitkeringAangevraagd, StageBaanAangeboden, StageAfgesloten},
	StageUitkeringAangevraagd: {StageBaanAangeboden, StageAfgesloten},
	StageBaanAangeboden:       {StageAanHetWerk, StageBaanAangeboden, StageAfgesloten},
	StageAanHetWerk:           {StageUitgestroomd, StageBaanAangeboden, StageAfgesloten},
	StageUitgestroomd:         {StageUitkeringAangevraagd, StageAfgesloten},
	StageAfgesloten:           nil,
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// Next lists the stages the case may move to from s.
func (s Stage) Next() []Stage { return transitions[s] }

// nextStages lists the moves open to a case in its pilot: an offer before
// settlement only where the pilot allows it.
func nextStages(s Stage, allowsPreSettlementOffer bool) []Stage {
	var out []Stage
	for _, t := range s.Next() {
		if s == StageAangemeld && t == StageBaanAangeboden && !allowsPreSettlementOffer {
			continue
		}
		out = append(out, t)
	}
	return out
}

// CanMoveTo reports whether the stage machine allows s → to (pilot rules aside).
func (s Stage) CanMoveTo(to Stage) bool {
	for _, t := range transitions[s] {
		if t == to {
			return true
		}
	}
	return false
}

// Active reports whether a case in this stage counts as the client's active case.
func (s Stage) Active() bool { return s != StageAfgesloten }

// CloseReasons are the reasons a case can be closed without leaving through work.
var CloseReasons = []string{
	"verhuisd",
	"uitgevallen",
	"overleden",
	"geen_recht_op_uitkering",
	"anders",
}

// BenefitEndReasons are the reasons a benefit ends.
var BenefitEndReasons = []string{
	"werk",
	"verhuisd",
	"inkomen_partner",
	"studie",
	"overleden",
	"anders",
}

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if a == v {
			return true
		}
	}
	return false
}
