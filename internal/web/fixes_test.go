package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// bsnCheck asks the live BSN check as htmx does and returns the fragment.
func (v *visitor) bsnCheck(number string) string {
	v.s.t.Helper()
	v.get("/dossiers/nieuw")
	req, _ := http.NewRequest(http.MethodPost, v.s.url+"/dossiers/bsn-controle",
		strings.NewReader(url.Values{"bsn": {number}, "csrf": {v.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "bsn-controle")
	status, body := v.do(req)
	if status != http.StatusOK {
		v.s.t.Fatalf("bsn check: %d", status)
	}
	return body
}

// TestBSNCheckFindsTheExistingCase: the live check names and links the case kept for
// the BSN where the user may read it, and says nothing of another municipality's.
func TestBSNCheckFindsTheExistingCase(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	number := testBSN(41)
	id := km.createCase(number, "Dina Dubbel")
	if body := km.bsnCheck(number); !strings.Contains(body,
		`Voor dit BSN is al een actief dossier: <a class="utrecht-link" href="/dossiers/`+id+`">Dina Dubbel (Aangemeld)</a>`) {
		t.Errorf("same municipality: want the link to the case, got %q", body)
	}
	other := s.as("klantmanager.gm0363@demo.startbaan.nl")
	if body := other.bsnCheck(number); strings.Contains(body, "dossier") ||
		!strings.Contains(body, "Dit BSN voldoet aan de elfproef.") {
		t.Errorf("another municipality: want nothing about the case, got %q", body)
	}
	if body := km.bsnCheck(testBSN(42)); strings.Contains(body, "dossier") {
		t.Errorf("an unknown BSN: %q", body)
	}
}

// TestCountryPicker: the new-case form offers Dutch names, the common countries of
// birth first, and stores the ISO code.
func TestCountryPicker(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	_, body := km.get("/dossiers/nieuw")
	common := strings.Index(body, `<optgroup label="Veel voorkomend"><option value="SY">Syrië</option>`+
		`<option value="ER">Eritrea</option><option value="AF">Afghanistan</option>`)
	all := strings.Index(body, `<optgroup label="Alle landen">`)
	if common < 0 || all < common || !strings.Contains(body[all:], `<option value="UA">Oekraïne</option>`) {
		t.Error("want the common countries first, then all by their Dutch names")
	}
	if o, n := strings.Index(body[all:], ">Oekraïne<"), strings.Index(body[all:], ">Oeganda<"); n > o {
		t.Error("Oekraïne sorts after Oeganda")
	}
	form := newCaseForm(testBSN(43), "Lina Land")
	form.Set("countryOfBirth", "ER")
	km.get("/dossiers/nieuw")
	status, page := km.post("/dossiers/nieuw", form)
	if status != http.StatusOK || !strings.Contains(page, "Eritrea (ER)") {
		t.Errorf("create with ER: %d, want the case page to say Eritrea (ER)", status)
	}
}

// TestOfferAndResultFixes: results only with the outcomes of their kind; a fixed-term
// contract needs an end date; a wage below the statutory minimum is recorded with a
// warning; the employer choice names the KvK number.
func TestOfferAndResultFixes(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(44), "Rami Regel")
	km.move(id, "gevestigd", daysAgo(50), nil)
	_, page := km.get("/dossiers/" + id)
	if !strings.Contains(page, `<optgroup label="PVT en MAP"><option value="afgerond">Afgerond</option></optgroup>`) {
		t.Error("the outcome select groups the outcomes by kind")
	}
	if !strings.Contains(page, " (KvK ") {
		t.Error("the employer choice names the KvK number")
	}
	status, body := km.post("/dossiers/"+id+"/resultaat",
		url.Values{"kind": {"pvt"}, "outcome": {"behaald"}, "onDate": {daysAgo(5)}})
	if status != http.StatusBadRequest || !strings.Contains(body, "Een PVT of MAP kan alleen afgerond zijn.") {
		t.Errorf("PVT behaald: %d, want the rule beside the outcome", status)
	}

	employer := employerChoice(t, page)
	offer := url.Values{"employerId": {employer}, "offeredOn": {daysAgo(10)},
		"contractType": {"bepaalde_tijd"}, "hoursPerWeek": {"24"}, "hourlyWage": {"12,00"},
		"startDate": {daysAgo(5)}}
	status, body = km.post("/dossiers/"+id+"/baanaanbod", offer)
	if status != http.StatusBadRequest ||
		!strings.Contains(body, "Een contract voor bepaalde tijd heeft een einddatum: vul die in.") {
		t.Errorf("fixed term with a start and no end: %d, want the end date asked for", status)
	}
	offer.Set("endDate", daysAgo(-360))
	status, body = km.post("/dossiers/"+id+"/baanaanbod", offer)
	if status != http.StatusOK || !strings.Contains(body, "Let op: het uurloon ligt onder het wettelijk minimumloon") ||
		!strings.Contains(body, "Het uurloon van € 12,00 ligt onder het wettelijk minimumloon van € 14,71") {
		i := strings.Index(body, "utrecht-form-field-error-message")
		t.Errorf("wage below the minimum: %d, want it recorded with the warning: %s", status,
			body[max(i, 0):max(i, 0)+300])
	}

	// An open fixed-term offer without dates, accepted with a start but no end.
	offer.Del("startDate")
	offer.Del("endDate")
	offer.Set("hourlyWage", "15,00")
	km.post("/dossiers/"+id+"/baanaanbod", offer)
	_, page = km.get("/dossiers/" + id)
	ids := offerIDs.FindAllStringSubmatch(page, -1)
	if len(ids) == 0 {
		t.Fatal("no open offer")
	}
	accept := with(formOn(t, page, "/baanaanbod/uitkomst", ids[len(ids)-1][1]),
		"status", "geaccepteerd", "startDate", daysAgo(3))
	status, body = km.post("/dossiers/"+id+"/baanaanbod/uitkomst", accept)
	if status != http.StatusBadRequest ||
		!strings.Contains(body, "Een contract voor bepaalde tijd heeft een einddatum: vul die in.") {
		t.Errorf("fixed term accepted without an end: %d, want the end date asked for", status)
	}
}

// employerChoice is the first employer the offer form offers.
func employerChoice(t *testing.T, page string) string {
	t.Helper()
	m := offerEmployerOption.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no employer to choose in the offer form")
	}
	return m[1]
}
