package demo

import (
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// world is what a simulated case can refer to.
type world struct {
	municipalityID int32
	pilotID        *int32
	preSettlement  bool // the pilot allows offers before settlement
	managers       []actor
	employers      []employer
	today          time.Time
}

type actor struct {
	id   uuid.UUID
	name string
}

type employer struct {
	id     uuid.UUID
	sector string
}

// journey walks one case through the stage machine with plausible, consistent dates.
// Women are offered jobs later and start work less often than men, as the national
// figures show; most people are still on benefit a year after applying.
type journey struct {
	r                *rand.Rand
	w                *world
	out              *batch
	p                person
	caseID           uuid.UUID
	mgr              actor
	stage            string
	on               time.Time // date the current stage was entered
	first            map[string]time.Time
	reentries        int
	closeReason      any
	offerAt          time.Time
	workFrom         time.Time
	working          bool
	women            bool
	contractHours    float64
	integrationHours float64
	weeksWritten     int
	weekSeen         map[time.Time]bool
}

func days(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// move records a transition when its date has come; false means the case stops here.
func (j *journey) move(to string, on time.Time) bool {
	if on.After(j.w.today) {
		return false
	}
	j.out.event(j, j.stage, to, on, to == "uitkering_aangevraagd" && j.stage == "uitgestroomd")
	if _, ok := j.first[to]; !ok {
		j.first[to] = on
	}
	j.stage, j.on = to, on
	return true
}

func (j *journey) chance(p float64) bool { return j.r.Float64() < p }

func (j *journey) between(lo, hi int) int { return lo + j.r.IntN(hi-lo+1) }

// run simulates the case from registration to today.
func (j *journey) run(registered time.Time) {
	j.stage, j.on, j.first = "aangemeld", registered, map[string]time.Time{"aangemeld": registered}
	j.out.event(j, "", "aangemeld", registered, false)
	if j.w.preSettlement && j.chance(0.15) {
		if !j.offer(days(registered, j.between(5, 30))) {
			return
		}
		// The settlement date of a pre-settlement offer is filled in afterwards.
		if settled := days(j.offerAt, j.between(0, 20)); !settled.After(j.w.today) {
			j.first["gevestigd"] = settled
		}
		j.work()
		return
	}
	if j.closeEarly(registered) || !j.move("gevestigd", days(registered, j.between(14, 90))) ||
		!j.move("uitkering_aangevraagd", days(j.on, j.between(0, 10))) || !j.firstOffer() {
		return
	}
	j.work()
}

func (j *journey) closeEarly(on time.Time) bool {
	closed := days(on, j.between(10, 120))
	if !j.chance(0.04) || closed.After(j.w.today) {
		return false
	}
	j.closeReason = pick(j.r, []string{"verhuisd", "uitgevallen", "geen_recht_op_uitkering"})
	return j.move("afgesloten", closed)
}

func (j *journey) firstOffer() bool {
	lo, hi, p := 3, 25, 0.88
	if j.women {
		lo, hi, p = 7, 70, 0.72
	}
	if !j.chance(p) {
		return false
	}
	return j.offer(days(j.on, j.between(lo, hi)))
}

// offer makes an offer; some are declined and followed by a new one.
func (j *journey) offer(on time.Time) bool {
	if !j.move("baan_aangeboden", on) {
		return false
	}
	j.offerAt = on
	if j.chance(0.2) {
		next := days(on, j.between(7, 35))
		j.out.offer(j, on, "afgewezen", nil, nil)
		return j.offer(next)
	}
	return true
}

// work starts the job, maybe ends it, maybe leaves the benefit, maybe returns.
func (j *journey) work() {
	lo, hi, p := 7, 30, 0.8
	if j.women {
		lo, hi, p = 14, 80, 0.62
	}
	if !j.chance(p) {
		j.out.offer(j, j.offerAt, "open", nil, nil)
		return
	}
	start := days(j.offerAt, j.between(lo, hi))
	if !j.move("aan_het_werk", start) {
		j.out.offer(j, j.offerAt, "open", nil, nil)
		return
	}
	end := j.contractEnd(start)
	j.out.offer(j, j.offerAt, "geaccepteerd", &start, end)
	j.working, j.workFrom = true, start
	switch x := j.r.Float64(); {
	case x < 0.2: // the placement ends early; back to looking for a job
		stop := days(start, j.between(40, 200))
		if j.move("baan_aangeboden", stop) {
			j.out.weeks(j, start, stop, true)
			j.working = false
			j.offerAt = stop
			j.out.offer(j, stop, "open", nil, nil)
			return
		}
	case x < 0.55:
		j.leave(start)
		return
	}
	j.out.weeks(j, start, j.w.today, true)
}

func (j *journey) leave(start time.Time) {
	left := days(start, j.between(90, 420))
	if !j.move("uitgestroomd", left) {
		j.out.weeks(j, start, j.w.today, true)
		return
	}
	j.out.weeks(j, start, left, true)
	if j.chance(0.15) {
		if j.move("uitkering_aangevraagd", days(left, j.between(30, 240))) {
			j.reentries++
		}
	}
}

func (j *journey) contractEnd(start time.Time) *time.Time {
	if j.chance(0.3) {
		return nil // a permanent contract
	}
	months := pick(j.r, []int{6, 12, 12, 12, 24})
	end := start.AddDate(0, months, -1)
	return &end
}
