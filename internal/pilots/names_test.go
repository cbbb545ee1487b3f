package pilots_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/pilots"
	shipped "github.com/startbaan/startbaan/pilots"
)

// The pilot filter of the case list lists the pilots of the user's municipalities.
// Compared as sets: their order by name follows the database's collation.
func TestPilotNamesOfFollowScope(t *testing.T) {
	db := dbtest.Gorm(t)
	ctx := context.Background()
	if _, err := pilots.Sync(ctx, db, shipped.FS); err != nil {
		t.Fatal(err)
	}
	id := func(code string) int32 {
		m, err := pilots.MunicipalityByCode(ctx, db, code)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	tests := []struct {
		name  string
		actor access.Actor
		want  []string
	}{
		{"one municipality", access.Actor{Municipalities: []int32{id("GM0772")}}, []string{"eindhoven"}},
		{
			"two pilots",
			access.Actor{Municipalities: []int32{id("GM0772"), id("GM0363")}},
			[]string{"amsterdam", "eindhoven"},
		},
		{
			"two municipalities of one pilot",
			access.Actor{Municipalities: []int32{id("GM0743"), id("GM0762")}},
			[]string{"helmond-de-peel"},
		},
		{
			"national",
			access.System("test"),
			[]string{
				"amsterdam",
				"eindhoven",
				"helmond-de-peel",
				"meierijstad-vught-boxtel-nuenen",
				"rotterdam",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := pilots.PilotNamesOf(ctx, db, tt.actor)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, p := range list {
				if p.Name == "" {
					t.Errorf("pilot %s has no name", p.Code)
				}
				codes = append(codes, p.Code)
			}
			slices.Sort(codes)
			if diff := cmp.Diff(tt.want, codes); diff != "" {
				t.Errorf("pilots (-want +got):\n%s", diff)
			}
		})
	}
}
