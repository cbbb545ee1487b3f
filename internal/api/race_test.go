package api_test

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentWrites: of two writers with the same If-Match exactly one wins, and of
// two creates for one BSN exactly one succeeds; the loser is told why, nothing is lost
// silently and nothing fails with a 500.
func TestConcurrentWrites(t *testing.T) {
	s := newServer(t)
	id, tag := s.createCase()
	statuses := func(n int, do func(i int) response) []int {
		var mu sync.Mutex
		var out []int
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := do(i)
				mu.Lock()
				out = append(out, r.status)
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		sort.Ints(out)
		return out
	}
	got := statuses(8, func(i int) response {
		return s.do(
			"PATCH",
			"/api/v1/cases/"+id,
			`{"integrationRoute":"`+[]string{"b1", "z"}[i%2]+`"}`,
			"If-Match",
			tag,
		)
	})
	if got[0] != http.StatusOK || got[1] != http.StatusPreconditionFailed ||
		got[len(got)-1] != http.StatusPreconditionFailed {
		t.Errorf("eight writers with one version: %v, want one 200 and seven 412", got)
	}
	body := strings.Replace(newCaseBody, "111222333", "123456782", 1)
	body = strings.Replace(body, `"GM0363"`, `"GM0363"`, 1)
	got = statuses(6, func(int) response { return s.do("POST", "/api/v1/cases", body) })
	if got[0] != http.StatusCreated || got[1] != http.StatusConflict ||
		got[len(got)-1] != http.StatusConflict {
		t.Errorf("six creates for one BSN: %v, want one 201 and five 409", got)
	}
	if r := s.do("GET", "/api/v1/cases/"+id+"/events", ""); len(r.json(t)["events"].([]any)) != 2 {
		t.Errorf("history after the race: %s", r.body)
	}
}
