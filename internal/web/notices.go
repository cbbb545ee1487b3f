package web

// noticeCookie carries a short confirmation across a redirect after a POST
// ("Dossier aangemaakt"); its value is a key of notices, never free text.
const noticeCookie = "startbaan_notice"

// notices are the confirmations a page can show after a redirect, by key.
var notices = map[string]string{
	// account
	"logged-out":       "U bent uitgelogd.",
	"token-made":       "Het API-token is gemaakt.",
	"token-gone":       "Het API-token is ingetrokken.",
	"password-changed": "Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd; deze blijft actief.",
	"password-set":     "Het nieuwe wachtwoord is ingesteld; de sessies van het account zijn beëindigd.",

	// case work
	"case-created":    "Het dossier is aangemaakt.",
	"moved":           "De fase is bijgewerkt.",
	"hours-saved":     "De uren zijn opgeslagen.",
	"hours-unchanged": "Er waren geen gewijzigde uren om op te slaan.",
	"week-saved":      "De uren van de week zijn opgeslagen.",
	"pip-added":       "Het PIP is vastgelegd.",
	"offer-added":     "Het baanaanbod is vastgelegd.",
	// the offer's wage lies below the statutory minimum: recorded, with a warning
	"offer-added-below-minimum": "Het baanaanbod is vastgelegd. Let op: het uurloon ligt onder " +
		"het wettelijk minimumloon op de datum van het aanbod (21 jaar en ouder). Klopt dat?",
	"offer-decided":   "De uitkomst van het baanaanbod is vastgelegd.",
	"placement-ended": "Het einde van de plaatsing is vastgelegd.",
	"case-updated":    "De gegevens van het dossier zijn bijgewerkt.",
	"case-unchanged":  "Er was niets gewijzigd; het dossier is gelijk gebleven.",
	"result-added":    "Het resultaat is vastgelegd.",
	"case-assigned":   "Het dossier is toegewezen.",
	"case-closed":     "Het dossier is afgesloten.",
	"employer-added":  "De werkgever is toegevoegd.",
	// journal (case_journal.go)
	"note-added":     "De notitie is vastgelegd in het journaal.",
	"follow-up-done": "De opvolging is afgerond.",
	"note-withdrawn": "De notitie is ingetrokken.",

	// corrections
	"move-undone":      "De laatste faseovergang is ongedaan gemaakt.",
	"case-reopened":    "Het dossier is heropend.",
	"offer-withdrawn":  "Het baanaanbod is ingetrokken.",
	"offer-corrected":  "Het baanaanbod is gecorrigeerd.",
	"pip-withdrawn":    "De PIP-versie is ingetrokken.",
	"result-corrected": "Het resultaat is gecorrigeerd.",
	"result-withdrawn": "Het resultaat is ingetrokken.",

	// lessons
	"lesson-saved":     "De les is opgeslagen als concept.",
	"lesson-published": "De les is gepubliceerd. Alle gemeenten en het ministerie kunnen haar nu lezen.",
	"lesson-assessed":  "De beoordeling is opgeslagen.",

	// administration
	"user-created":  "Het account is aangemaakt.",
	"role-granted":  "De rol is toegekend.",
	"role-revoked":  "De rol is ingetrokken.",
	"user-disabled": "Het account is uitgeschakeld; de sessies en API-tokens ervan zijn beëindigd.",
	"user-enabled":  "Het account is weer ingeschakeld.",
}
