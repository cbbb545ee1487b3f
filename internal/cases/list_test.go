package cases_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// validBSNs returns n numbers that pass the 11-proef.
func bsnValid(s string) bool { return bsn.Valid(s) }

func validBSNs(n int) []string {
	var out []string
	for i := 100000000; len(out) < n; i++ {
		s := fmt.Sprint(i)
		if bsnValid(s) {
			out = append(out, s)
		}
	}
	return out
}

func TestListFiltersSortsAndPages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	numbers := validBSNs(7)
	names := []string{
		"Amina Haddad",
		"Yonas Tesfaye",
		"Farid Ahmadi",
		"Sara Haddad",
		"Omar Khalil",
		"Lina Haddad",
		"Ali Rahimi",
	}
	for i, n := range numbers {
		in := f.newCase("GM0363", n)
		if i >= 5 {
			in.MunicipalityCode = "GM0772"
		}
		in.Name = names[i]
		c, err := f.svc.Create(ctx, f.actor, in)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			f.move(t, c.ID, cases.StageGevestigd, "2026-02-01")
		}
	}
	tests := []struct {
		name      string
		filter    cases.Filter
		wantTotal int
		wantFirst string
		wantItems int
	}{
		{"everything", cases.Filter{Sort: "name"}, 7, "Ali Rahimi", 7},
		{"one municipality", cases.Filter{MunicipalityCode: "GM0772", Sort: "name"}, 2, "Ali Rahimi", 2},
		{"stage", cases.Filter{Stage: "gevestigd", Sort: "name"}, 4, "Ali Rahimi", 4},
		{"pilot", cases.Filter{PilotCode: "amsterdam", Sort: "-name"}, 5, "Yonas Tesfaye", 5},
		{
			"name search, case-insensitive",
			cases.Filter{Query: "hADDad", Sort: "name"},
			3,
			"Amina Haddad",
			3,
		},
		{"like wildcards are literal", cases.Filter{Query: "%"}, 0, "", 0},
		{"client manager", cases.Filter{ClientManagerID: &f.manager}, 7, "", 7},
		{"second page", cases.Filter{Sort: "name", Page: 2, PageSize: 3}, 7, "Lina Haddad", 3},
		{"past the end", cases.Filter{Page: 9, PageSize: 3}, 7, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := f.svc.List(ctx, f.actor, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != tt.wantTotal || len(p.Items) != tt.wantItems {
				t.Fatalf("total %d items %d, want %d and %d", p.Total, len(p.Items), tt.wantTotal, tt.wantItems)
			}
			if tt.wantFirst != "" && p.Items[0].ClientName != tt.wantFirst {
				t.Errorf("first = %s, want %s", p.Items[0].ClientName, tt.wantFirst)
			}
		})
	}
}

func TestListRejectsBadFilters(t *testing.T) {
	f := newFixture(t)
	for name, filter := range map[string]cases.Filter{
		"sort key":  {Sort: "bsn"},
		"page size": {PageSize: 1000},
		"page":      {Page: -1},
		"stage":     {Stage: "weg"},
	} {
		if _, err := f.svc.List(context.Background(), f.actor, filter); !errs.Is(err, errs.KindInvalid) {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
}

func TestFindByBSN(t *testing.T) {
	f := newFixture(t)
	c := f.create(t, "GM0363", "111222333")
	f.create(t, "GM0363", "123456782")
	found, err := f.svc.FindByBSN(context.Background(), f.actor, "111222333")
	if err != nil || len(found) != 1 || found[0].ID != c.ID {
		t.Fatalf("found %+v, %v", found, err)
	}
	if _, err := f.svc.FindByBSN(
		context.Background(),
		f.actor,
		"111222334",
	); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("invalid BSN: err = %v", err)
	}
}
