package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/lessons"
)

// TestLessonsByTag: the list filters on one of the ministry's labels.
func TestLessonsByTag(t *testing.T) {
	s := newServer(t)
	svc := lessons.NewService(s.db)
	system := access.System("test")
	l, err := svc.Create(t.Context(), system, lessons.Text{MunicipalityCode: "GM0363", Theme: "taal",
		Title: "Taalmaatje op de werkvloer", Tried: "Een collega als taalmaatje.", Worked: "Meer spreken.",
		DidNotWork: "Drukke weken.", Evidence: "Tien deelnemers."})
	if err == nil {
		_, err = svc.Publish(t.Context(), system, l.ID)
	}
	if err == nil {
		_, err = svc.Assess(t.Context(), system, l.ID, []string{"maatje"}, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[string]bool{"maatje": true, "werkgever": false} {
		r := s.do(http.MethodGet, "/api/v1/lessons?tag="+tag, "")
		if r.status != http.StatusOK ||
			strings.Contains(string(r.body), "Taalmaatje op de werkvloer") != want {
			t.Errorf("tag %s: %d, lesson listed %v, want %v", tag, r.status, !want, want)
		}
	}
}
