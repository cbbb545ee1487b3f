package web_test

import (
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

// A user who works in municipalities of two pilots can filter the case list on
// pilot; a user in one pilot gets no filter that could only ever offer one choice.
func TestCaseListPilotFilter(t *testing.T) {
	s := newSite(t)
	if _, body := s.as(kmEindhoven).get("/dossiers"); strings.Contains(body, `id="pilot"`) {
		t.Error("a user of one pilot should see no pilot filter")
	}
	_, err := users.NewService(s.db.Gorm).Grant(
		t.Context(),
		kmEindhoven,
		users.Grant{Role: "klantmanager", Domain: "GM0363"},
		nil,
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.enforcer.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	status, body := s.as(kmEindhoven).get("/dossiers")
	if status != 200 || !strings.Contains(body, `id="pilot"`) {
		t.Fatalf("a user of two pilots: status %d, want the pilot filter", status)
	}
	for _, name := range []string{"Startbaan Amsterdam", "Startbaan Eindhoven"} {
		if !strings.Contains(body, ">"+name+"</option>") {
			t.Errorf("the pilot filter should offer %s", name)
		}
	}
	if status, body := s.as(kmEindhoven).get("/dossiers?pilot=amsterdam"); status != 200 ||
		!strings.Contains(body, `<option value="amsterdam" selected>`) {
		t.Errorf("filter on pilot: status %d, want the chosen pilot selected", status)
	}
}
