package web

import (
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/cases"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptrTo[T any](v T) *T { return &v }

// The history reads as the client's story, with the real dates in the sentences.
func TestStorySentences(t *testing.T) {
	today := day("2026-12-08")
	tests := []struct {
		name string
		line cases.StoryLine
		want string
	}{
		{"registered", cases.StoryLine{Source: cases.StoryEvent, Kind: "aangemaakt", On: day("2026-10-01")},
			"Aangemeld op 1 oktober 2026"},
		{"settled", cases.StoryLine{Source: cases.StoryEvent, Kind: "overgang", On: day("2026-10-20"),
			FromStage: ptrTo("aangemeld"), ToStage: ptrTo("gevestigd")},
			"Gevestigd in de gemeente op 20 oktober 2026"},
		{"at work", cases.StoryLine{Source: cases.StoryEvent, Kind: "overgang", On: day("2027-01-05"),
			FromStage: ptrTo("baan_aangeboden"), ToStage: ptrTo("aan_het_werk")},
			"Aan het werk sinds 5 januari 2027"},
		{"back to the benefit", cases.StoryLine{Source: cases.StoryEvent, Kind: "overgang",
			On: day("2026-11-02"), FromStage: ptrTo("uitgestroomd"), ToStage: ptrTo("uitkering_aangevraagd"),
			Reentry: true}, "Opnieuw een uitkering aangevraagd op 2 november 2026 (herinstroom)"},
		{"a move back", cases.StoryLine{Source: cases.StoryEvent, Kind: "overgang", On: day("2026-11-03"),
			FromStage: ptrTo("baan_aangeboden"), ToStage: ptrTo("uitkering_aangevraagd")},
			"Terug naar de fase Uitkering aangevraagd op 3 november 2026"},
		{"a date corrected", cases.StoryLine{Source: cases.StoryEvent, Kind: "datumcorrectie",
			On: day("2026-10-19"), Field: ptrTo("settledOn"), OldValue: ptrTo("2026-10-20"),
			NewValue: ptrTo("2026-10-19")},
			"Vestigingsdatum gecorrigeerd: 20 oktober 2026 → 19 oktober 2026"},
		{"first PIP", cases.StoryLine{Source: cases.StoryPIP, Kind: "b1", On: day("2026-11-20"),
			Version: ptrTo(1)}, "PIP opgesteld op 20 november 2026, B1-route"},
		{"second PIP", cases.StoryLine{Source: cases.StoryPIP, Kind: "z", On: day("2027-02-01"),
			Version: ptrTo(2)}, "Nieuwe versie van het PIP (versie 2) opgesteld op 1 februari 2027, Z-route"},
		{"offer", cases.StoryLine{Source: cases.StoryOffer, Kind: "bepaalde_tijd", On: day("2026-12-03"),
			Employer: ptrTo("Bakkerij X"), HoursPerWeek: ptrTo(24.0)},
			"Baan aangeboden bij Bakkerij X op 3 december 2026 (24 uur per week), bepaalde tijd"},
		{"accepted, starts later", cases.StoryLine{Source: cases.StoryOutcome, Kind: "geaccepteerd",
			On: day("2027-01-05"), Employer: ptrTo("Bakkerij X")},
			"Aanbod van Bakkerij X aangenomen; begint op 5 januari 2027"},
		{"accepted, started", cases.StoryLine{Source: cases.StoryOutcome, Kind: "geaccepteerd",
			On: day("2026-12-01"), Employer: ptrTo("Bakkerij X")},
			"Aanbod van Bakkerij X aangenomen; begonnen op 1 december 2026"},
		{"declined", cases.StoryLine{Source: cases.StoryOutcome, Kind: "afgewezen", On: day("2026-12-04"),
			Employer: ptrTo("Bakkerij X"), Detail: ptrTo("reistijd te lang")},
			"Aanbod van Bakkerij X afgewezen: reistijd te lang (vastgelegd op 4 december 2026)"},
		{"placement ended", cases.StoryLine{Source: cases.StoryEnd, On: day("2026-11-30"),
			Employer: ptrTo("Bakkerij X")}, "Plaatsing bij Bakkerij X geëindigd op 30 november 2026"},
		{"placement runs until", cases.StoryLine{Source: cases.StoryEnd, On: day("2027-11-30"),
			Employer: ptrTo("Bakkerij X")}, "Plaatsing bij Bakkerij X loopt tot 30 november 2027"},
		{"exam", cases.StoryLine{Source: cases.StoryResult, Kind: "examen_lezen", On: day("2027-03-04"),
			Detail: ptrTo("behaald")}, "Examen lezen behaald op 4 maart 2027"},
		{"exemption", cases.StoryLine{Source: cases.StoryResult, Kind: "ontheffing", On: day("2027-03-04"),
			Detail: ptrTo("verleend")}, "Ontheffing verleend op 4 maart 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storySentence(tt.line, today, nil); got != tt.want {
				t.Errorf("sentence = %q\n want %q", got, tt.want)
			}
		})
	}
}

// The next step follows the stage and what is recorded.
func TestNextStep(t *testing.T) {
	today := day("2026-12-09") // a Wednesday of ISO week 50
	due := day("2026-12-20")
	tests := []struct {
		name string
		v    caseView
		want nextStep
	}{
		{"registered", caseView{Case: cases.Case{Stage: cases.StageAangemeld}},
			nextStep{"Vestiging in de gemeente vastleggen", "?deel=overzicht#overzicht"}},
		{"settled without a PIP", caseView{Case: cases.Case{Stage: cases.StageGevestigd,
			Dates: cases.StageDates{SettledOn: ptrTo(day("2026-10-01"))}}},
			nextStep{"Eerste PIP opstellen vóór 10 december 2026", "?deel=inburgering#inburgering"}},
		{"benefit applied", caseView{Case: cases.Case{Stage: cases.StageUitkeringAangevraagd, OfferDueOn: &due}},
			nextStep{"Baanaanbod doen vóór 20 december 2026", "?deel=werk#werk"}},
		{"offer late", caseView{Case: cases.Case{Stage: cases.StageUitkeringAangevraagd, OfferDueOn: &due},
			OfferOverdue: true},
			nextStep{"Baanaanbod doen: de termijn verliep op 20 december 2026", "?deel=werk#werk"}},
		{"offer open", caseView{Case: cases.Case{Stage: cases.StageBaanAangeboden},
			Offers: []offerView{{Open: true, Employer: "Bakkerij X"}}},
			nextStep{"Uitkomst van het aanbod van Bakkerij X vastleggen", "?deel=werk#werk"}},
		{"at work", caseView{Case: cases.Case{Stage: cases.StageAanHetWerk}},
			nextStep{"Uren van week 49 vastleggen", "?deel=uren#uren"}},
		{"closed", caseView{Case: cases.Case{Stage: cases.StageAfgesloten}},
			nextStep{Text: "Geen: het dossier is afgesloten"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextStepOf(&tt.v, today); got != tt.want {
				t.Errorf("next step = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// The summary lists what the page shows, linked to the field each error is about,
// named by its label; a message no field points to is linked to itself.
func TestErrorSummary(t *testing.T) {
	page := []byte(`<form>
	<label class="utrecht-form-label" for="werkgever-naam">Naam van de werkgever</label>
	<p class="utrecht-form-field-error-message" id="fout-name">Vul een naam in.</p>
	<input id="werkgever-naam" name="name" aria-invalid="true" aria-describedby="uitleg fout-name">
	<fieldset id="keuze" aria-describedby="fout-keuze"><legend>Keuze</legend>
	<p class="utrecht-form-field-error-message" id="fout-keuze">Kies &eacute;&eacute;n.</p></fieldset>
	<p class="utrecht-form-field-error-message" id="fout-naar-gevestigd">Die fase kan niet.</p>
	<p class="utrecht-form-field-error-message">Zonder id: niet te linken.</p>
	</form>`)
	got := errorSummary(page)
	want := []summaryItem{
		{Target: "werkgever-naam", Label: "Naam van de werkgever", Message: "Vul een naam in."},
		{Target: "keuze", Message: "Kies één."},
		{Target: "fout-naar-gevestigd", Message: "Die fase kan niet."},
	}
	if len(got) != len(want) {
		t.Fatalf("summary = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
