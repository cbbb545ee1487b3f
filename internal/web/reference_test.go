package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPilots: everyone with reference/read sees the five pilots of pilots/ with
// their targets, and one pilot's page; an unknown pilot is not found.
func TestPilots(t *testing.T) {
	s := newSite(t)
	v := s.as("analist.gm0772@demo.startbaan.nl")
	status, body := v.get("/pilots")
	if status != http.StatusOK {
		t.Fatalf("pilots: %d", status)
	}
	for _, name := range []string{"Startbaan Amsterdam", "Startbaan Eindhoven",
		"Startbaan arbeidsmarktregio Helmond-De Peel",
		"Startbaan Meierijstad, Vught, Boxtel en Nuenen", "Startbaan Rotterdam"} {
		if !strings.Contains(body, name) {
			t.Errorf("pilot %q not listed", name)
		}
	}
	if n := strings.Count(body, `<a class="utrecht-link" href="/pilots/`); n != 5 {
		t.Errorf("%d pilots listed, want 5", n)
	}
	status, body = v.get("/pilots/eindhoven")
	if status != http.StatusOK ||
		!strings.Contains(body, "<h1 class=\"utrecht-heading-1\">Startbaan Eindhoven</h1>") ||
		!strings.Contains(body, "GM0772") || !strings.Contains(body, "Private werkgever") ||
		!strings.Contains(body, "29 januari 2024") {
		t.Errorf("pilot page: %d, want name, municipality, variant and start date", status)
	}
	if status, _ := v.get("/pilots/bestaat-niet"); status != http.StatusNotFound {
		t.Errorf("unknown pilot: %d, want 404", status)
	}
}

// TestEmployers: a client manager lists and adds employers of their municipality;
// an empty name is refused beside the field with the rest kept; another
// municipality is refused; an analyst (no employers/read) gets 403.
func TestEmployers(t *testing.T) {
	s := newSite(t)
	v := s.as("klantmanager.gm0772@demo.startbaan.nl")
	status, body := v.get("/werkgevers")
	if status != http.StatusOK || !strings.Contains(body, "Werkgever toevoegen") ||
		!strings.Contains(body, `aria-current="page">Werkgevers`) {
		t.Fatalf("employers: %d, want the list with the form", status)
	}
	form := url.Values{
		"municipality": {"GM0772"},
		"name":         {""},
		"kvkNumber":    {"81234567"},
		"sector":       {"zorg"},
	}
	status, body = v.post("/werkgevers", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-name"`) ||
		!strings.Contains(body, `aria-describedby="fout-name"`) ||
		!strings.Contains(body, `value="81234567"`) ||
		!strings.Contains(body, `<option value="zorg" selected>`) {
		t.Errorf(
			"employer without a name: %d, want the error beside the field and the input kept",
			status,
		)
	}
	form.Set("name", "Zorggroep De Kempen")
	status, body = v.post("/werkgevers", form)
	if status != http.StatusOK || !strings.Contains(body, "De werkgever is toegevoegd.") ||
		!strings.Contains(body, "Zorggroep De Kempen") {
		t.Errorf("add employer: %d, want it listed", status)
	}
	if status, body := v.get("/werkgevers?q=kempen"); status != http.StatusOK ||
		!strings.Contains(body, "Zorggroep De Kempen") {
		t.Errorf("search employers: %d", status)
	}
	form.Set("municipality", "GM0363")
	form.Set("kvkNumber", "81234568")
	if status, body := v.post("/werkgevers", form); status != http.StatusBadRequest ||
		!strings.Contains(body, `id="fout-municipality"`) {
		t.Errorf("employer in another municipality: %d, want the error beside the municipality", status)
	}
	if status, _ := s.as(
		"analist.gm0772@demo.startbaan.nl",
	).get("/werkgevers"); status != http.StatusForbidden {
		t.Errorf("analyst on employers: %d, want 403", status)
	}
}
