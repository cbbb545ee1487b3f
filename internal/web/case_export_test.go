package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// getRaw fetches a file as it is.
func (v *visitor) getRaw(path string) (*http.Response, []byte) {
	v.s.t.Helper()
	resp, err := v.client.Get(v.s.url + path)
	if err != nil {
		v.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		v.s.t.Fatal(err)
	}
	return resp, b.Bytes()
}

// TestCaseloadExport: the client manager's own caseload as XLSX (read back) and CSV,
// with phone and e-mail but no BSN; the export is audited with the cases it holds.
func TestCaseloadExport(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	number := testBSN(41)
	id := km.createCase(number, "=Export Persoon")
	_, page := km.get("/dossiers/" + id)
	version := versionOf(t, page)
	if status, _ := km.post("/dossiers/"+id+"/gegevens", url.Values{"part": {"contact"}, "version": {version},
		"phone": {"0612345678"}, "email": {"export@example.nl"}}); status != http.StatusOK {
		t.Fatalf("contact: %d", status)
	}
	if _, list := km.get("/dossiers"); !strings.Contains(list, `href="/dossiers/export?format=xlsx"`) {
		t.Error("the case list has no export link")
	}

	resp, body := km.getRaw("/dossiers/export?format=xlsx")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: %d %v", resp.StatusCode, resp.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Dossiers")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][0] != "Dossier" || rows[0][10] != "Open signalen" {
		t.Fatalf("xlsx header %v", rows[0])
	}
	var found []string
	for _, r := range rows[1:] {
		if len(r) > 1 && r[1] == "=Export Persoon" {
			found = r
		}
	}
	if found == nil || found[2] != "1994" || found[7] != "06 12345678" || found[8] != "export@example.nl" ||
		!strings.EqualFold(found[0], id[:8]) {
		t.Fatalf("xlsx row of the new case: %v", found)
	}
	cell, _ := excelize.CoordinatesToCellName(2, 2)
	if formula, _ := f.GetCellFormula("Dossiers", cell); formula != "" {
		t.Errorf("a name became a formula: %q", formula)
	}
	if bytes.Contains(body, []byte(number)) {
		t.Error("the xlsx holds a BSN")
	}

	resp, body = km.getRaw("/dossiers/export?format=csv")
	text := string(body)
	if resp.StatusCode != 200 || !strings.HasPrefix(text, "\ufeffDossier;Naam;") ||
		!strings.Contains(text, ";'=Export Persoon;") || strings.Contains(text, number) {
		t.Errorf("csv: %d %q", resp.StatusCode, text[:min(len(text), 300)])
	}
	if resp, _ := km.getRaw("/dossiers/export?format=pdf"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("format pdf: %d, want 400", resp.StatusCode)
	}
	var n int
	if err := s.db.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE action = 'exporteren'
		AND object_type = 'case-export' AND ?::uuid = ANY(case_ids)`, id).Scan(&n).Error; err != nil || n != 2 {
		t.Errorf("audit rows of the exports holding the case: %d, %v; want 2", n, err)
	}
	analyst := s.as("analist.gm0772@demo.startbaan.nl")
	if resp, _ := analyst.getRaw("/dossiers/export?format=csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("analyst export: %d, want 403", resp.StatusCode)
	}
}

// TestEmployerContactOnThePage: the employers page takes a contact person, phone and
// address, shows them in the list, and refuses a bad phone number beside its field.
func TestEmployerContactOnThePage(t *testing.T) {
	s := newSite(t)
	km := s.as(kmEindhoven)
	km.get("/werkgevers")
	status, body := km.post("/werkgevers", url.Values{"municipality": {"GM0772"}, "name": {"Bakkerij Zuid"},
		"kvkNumber": {"87654321"}, "sector": {"productie"}, "phone": {"12345"}, "contactPerson": {"Els"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-phone"`) ||
		!strings.Contains(body, `value="Els"`) {
		t.Fatalf("bad phone: %d, want the form with an error at the phone", status)
	}
	status, body = km.post("/werkgevers", url.Values{"municipality": {"GM0772"}, "name": {"Bakkerij Zuid"},
		"kvkNumber": {"87654321"}, "sector": {"productie"}, "phone": {"040-1234567"},
		"contactPerson": {"Els Bakker"}, "street": {"Markt"}, "houseNumber": {"1"}, "postcode": {"5611eb"},
		"city": {"Eindhoven"}})
	if status != http.StatusOK || !strings.Contains(body, "Els Bakker · 0401234567 · Markt 1, 5611 EB Eindhoven") {
		t.Errorf("employer with contact: %d, want the contact in the list", status)
	}
}
