package web

import (
	"testing"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/placements"
)

// TestEventTextsInDutch: the history shows labels and names, never codes or account ids.
func TestEventTextsInDutch(t *testing.T) {
	str := func(s string) *string { return &s }
	managers := map[string]string{"58c20bb8-0000-0000-0000-000000000000": "Karin de Vries"}
	for _, c := range []struct {
		e    cases.Event
		want string
	}{
		{
			cases.Event{
				Kind:     "wijziging",
				Field:    str("integrationRoute"),
				OldValue: str("b1"),
				NewValue: str("z"),
			},
			"Leerroute gewijzigd: B1-route → Z-route",
		},
		{
			cases.Event{
				Kind:     "wijziging",
				Field:    str("benefitKind"),
				OldValue: str("volledig"),
				NewValue: str("aanvullend"),
			},
			"Soort uitkering gewijzigd: Volledige uitkering → Aanvullende uitkering",
		},
		{
			cases.Event{Kind: "wijziging", Field: str("integrationResult"), NewValue: str("pvt: afgerond")},
			"Inburgeringsresultaat gewijzigd: (leeg) → PVT: afgerond",
		},
		{cases.Event{Kind: "wijziging", Field: str("clientManagerId"),
			OldValue: str("86a026f5-0000-0000-0000-000000000000"),
			NewValue: str(
				"58c20bb8-0000-0000-0000-000000000000",
			)}, "Klantmanager gewijzigd: een andere medewerker → Karin de Vries"},
		{
			cases.Event{
				Kind:     "datumcorrectie",
				Field:    str("settledOn"),
				OldValue: str("2026-01-02"),
				NewValue: str("2026-01-03"),
			},
			"Vestigingsdatum gecorrigeerd: 2 januari 2026 → 3 januari 2026",
		},
	} {
		if got := eventText(c.e, managers); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

// TestEmployersWithTheSameName: the offer form names the KvK number, which tells them
// apart.
func TestEmployersWithTheSameName(t *testing.T) {
	got := employerOptions([]placements.Employer{{Name: "Horeca Oost", Sector: "horeca"},
		{Name: "Horeca Oost", KvKNumber: "12345678"},
		{Name: "Bouw Noord", Sector: "bouw"}})
	if got[0].Label != "Horeca Oost (horeca)" || got[1].Label != "Horeca Oost (KvK 12345678)" ||
		got[2].Label != "Bouw Noord (bouw)" {
		t.Errorf("%+v", got)
	}
}
