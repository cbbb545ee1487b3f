package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// storyView is one line of the Geschiedenis section: a plain Dutch sentence with the
// real date in it, who recorded it and when, and the note typed with it.
type storyView struct {
	On       time.Time
	Sentence string
	Actor    string
	Logged   time.Time
	Note     string
}

func storyViews(lines []cases.StoryLine, today time.Time, managers map[string]string) []storyView {
	out := make([]storyView, len(lines))
	for i, l := range lines {
		out[i] = storyView{On: l.On, Sentence: storySentence(l, today, managers), Actor: l.Actor,
			Logged: l.RecordedAt, Note: l.Note}
	}
	return out
}

// storySentence says what happened, as one would tell it: "PIP opgesteld op 20
// november 2026, B1-route", "Baan aangeboden bij Bakkerij X op 3 december 2026 (24
// uur per week)".
func storySentence(l cases.StoryLine, today time.Time, managers map[string]string) string {
	on := dutch.Date(l.On)
	employer := textOf(l.Employer)
	switch l.Source {
	case cases.StoryOffer:
		return "Baan aangeboden bij " + employer + " op " + on + hoursNote(l.HoursPerWeek) +
			contractNote(l.Kind)
	case cases.StoryOutcome:
		if l.Kind == "afgewezen" {
			t := "Aanbod van " + employer + " afgewezen"
			if r := strings.TrimSpace(textOf(l.Detail)); r != "" {
				t += ": " + r
			}
			return t + " (vastgelegd op " + on + ")"
		}
		if l.On.After(today) {
			return "Aanbod van " + employer + " aangenomen; begint op " + on
		}
		return "Aanbod van " + employer + " aangenomen; begonnen op " + on
	case cases.StoryEnd:
		if l.On.After(today) {
			return "Plaatsing bij " + employer + " loopt tot " + on
		}
		return "Plaatsing bij " + employer + " geëindigd op " + on
	case cases.StoryPIP:
		what := "PIP opgesteld"
		if l.Version != nil && *l.Version > 1 {
			what = "Nieuwe versie van het PIP (versie " + strconv.Itoa(*l.Version) + ") opgesteld"
		}
		return what + " op " + on + ", " + labelOr(routeLabels, l.Kind)
	case cases.StoryResult:
		return labelOr(resultLabels, l.Kind) + " " + labelOr(outcomeLabels, textOf(l.Detail)) +
			" op " + on
	}
	return eventSentence(l, on, managers)
}

// eventSentence tells a case event: a stage move by what it means for the client,
// a change or correction by what changed.
func eventSentence(l cases.StoryLine, on string, managers map[string]string) string {
	to := textOf(l.ToStage)
	switch l.Kind {
	case "aangemaakt":
		return "Aangemeld op " + on
	case "overgang":
		if l.Reentry {
			return "Opnieuw een uitkering aangevraagd op " + on + " (herinstroom)"
		}
		if movedBack(textOf(l.FromStage), to) {
			return "Terug naar de fase " + dutch.Stage(to) + " op " + on
		}
		switch cases.Stage(to) {
		case cases.StageGevestigd:
			return "Gevestigd in de gemeente op " + on
		case cases.StageUitkeringAangevraagd:
			return "Uitkering aangevraagd op " + on
		case cases.StageBaanAangeboden:
			return "In de fase Baan aangeboden sinds " + on
		case cases.StageAanHetWerk:
			return "Aan het werk sinds " + on
		case cases.StageUitgestroomd:
			return "Uitgestroomd uit de uitkering op " + on
		case cases.StageAfgesloten:
			return "Dossier afgesloten op " + on
		}
		return "Naar de fase " + dutch.Stage(to) + " op " + on
	}
	e := cases.Event{Kind: l.Kind, FromStage: l.FromStage, ToStage: l.ToStage, Field: l.Field,
		OldValue: l.OldValue, NewValue: l.NewValue, Reentry: l.Reentry}
	// A change says its dates itself; when it was made is in the line's small print.
	return eventText(e, managers)
}

// movedBack tells a move to an earlier stage (a correction) from one forward.
func movedBack(from, to string) bool {
	rank := map[string]int{}
	for i, s := range cases.Stages {
		rank[string(s)] = i
	}
	f, okF := rank[from]
	t, okT := rank[to]
	return okF && okT && t < f
}

func hoursNote(h *float64) string {
	if h == nil {
		return ""
	}
	return " (" + hoursText(*h) + " uur per week)"
}

func contractNote(kind string) string {
	if kind == "" {
		return ""
	}
	return ", " + strings.ToLower(labelOr(contractLabels, kind))
}
