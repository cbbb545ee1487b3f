package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormFuzzFindings replays, through the pages on PostgreSQL, the form input the
// fuzz tests found: a 500, a wage rounded without a word, a token that lived 30 days
// when 2^48+30 were asked.
func TestFormFuzzFindings(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	id := km.createCase(testBSN(31), "Nora Fuzz")
	km.move(id, "gevestigd", daysAgo(50), nil)
	_, page := km.get("/dossiers/" + id)
	employer := offerEmployerOption.FindStringSubmatch(page)
	if employer == nil {
		t.Fatal("no employer to choose in the offer form")
	}
	tests := []struct {
		name, field, value, want string
	}{
		{"hours NaN", "hoursPerWeek", "NaN", "Vul een getal in, bijvoorbeeld 7,5."},
		{"hours Inf", "hoursPerWeek", "Inf", "Vul een getal in, bijvoorbeeld 7,5."},
		{"wage with three decimals", "hourlyWage", "14,505", "hoogstens twee cijfers achter de komma"},
		{"wage 1e308", "hourlyWage", "1e308", "hoogstens twee cijfers achter de komma"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			offer := yearOffer()
			offer.Set("employerId", employer[1])
			offer.Set(tc.field, tc.value)
			status, body := km.post("/dossiers/"+id+"/baanaanbod", offer)
			if status != http.StatusBadRequest || !strings.Contains(body, tc.want) {
				t.Errorf("%s %q: %d, want 400 with %q", tc.field, tc.value, status, tc.want)
			}
		})
	}
	status, body := s.as("klantmanager.gm0772@demo.startbaan.nl").post("/account/tokens",
		url.Values{"name": {"rapportage"}, "expiresInDays": {"281474976710686"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-expiresInDays"`) {
		t.Errorf("token for 2^48+30 days: %d, want the error beside the days", status)
	}
}
