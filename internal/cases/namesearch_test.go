package cases_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/startbaan/startbaan/internal/cases"
)

// TestListNameSearch searches the names of this population as client managers type
// them (docs/domain.md, "Finding a client by name"): without diacritics, hyphens or
// capitals, in another transliteration; the best matches first.
func TestListNameSearch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	names := []string{"Ahmad Al-Khatib", "Ayşe Öztürk", "Mohammed Ali", "Ali Mohamed",
		"Muhammad Nasser", "Yousef Haddad", "Youssef Karimi", "Yusuf Demir", "Johan van der Berg",
		"Sean O'Brien", "Hasan Omar", "Mahmoud Nasser"}
	for i, n := range validBSNs(len(names) + 1) {
		if i == len(names) { // another municipality's namesake is never found
			in := f.newCase("GM0772", n)
			in.Name = "Ahmad Al-Khatib"
			if _, err := f.svc.Create(ctx, f.actor, in); err != nil {
				t.Fatal(err)
			}
			continue
		}
		in := f.newCase("GM0363", n)
		in.Name = names[i]
		if _, err := f.svc.Create(ctx, f.actor, in); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query string
		want  []string // in this order; the rest of the matches after them in any order
		n     int      // the number of matches
	}{
		{"al khatib", []string{"Ahmad Al-Khatib"}, 1},
		{"AL-KHATIB", []string{"Ahmad Al-Khatib"}, 1},
		{"alkhatib", []string{"Ahmad Al-Khatib"}, 1},
		{"Ozturk", []string{"Ayşe Öztürk"}, 1},
		{"ayse öztürk", []string{"Ayşe Öztürk"}, 1},
		{"Mohamed", []string{"Ali Mohamed"}, 3}, // not Mahmoud
		{"Mohammed", []string{"Mohammed Ali"}, 3},
		{"Yousef", []string{"Yousef Haddad"}, 3},
		{"Yusuf", []string{"Yusuf Demir"}, 3},
		{"van der berg", []string{"Johan van der Berg"}, 1},
		{"vanderberg", []string{"Johan van der Berg"}, 1},
		{"obrien", []string{"Sean O'Brien"}, 1},
		{"o'brien", []string{"Sean O'Brien"}, 1},
		{"Hassan", []string{"Hasan Omar"}, 1},
		{"na", []string{"Mahmoud Nasser", "Muhammad Nasser"}, 2}, // a word's start
		{"Z", nil, 0},
		{"%", nil, 0},
		{"Ali", []string{"Ali Mohamed", "Mohammed Ali"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p, err := f.svc.List(ctx, f.actor, cases.Filter{Query: tt.query, MunicipalityCode: "GM0363"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range p.Items {
				got = append(got, it.ClientName)
				if it.BirthDate.IsZero() {
					t.Errorf("%s: no birth date", it.ClientName)
				}
			}
			if p.Total != tt.n || len(got) < len(tt.want) {
				t.Fatalf("found %v (total %d), want %d starting with %v", got, p.Total, tt.n, tt.want)
			}
			if diff := cmp.Diff(tt.want, got[:len(tt.want)]); len(tt.want) > 0 && diff != "" {
				t.Errorf("best matches (-want +got):\n%s\nall: %v", diff, got)
			}
		})
	}
	// Without the municipality filter the search still stays within the actor's scope.
	p, err := f.svc.List(ctx, f.actor, cases.Filter{Query: "al khatib"})
	if err != nil || p.Total != 2 {
		t.Fatalf("actor of both municipalities: %d found, %v", p.Total, err)
	}
}
