package users_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

// TestFind: the administration's list searches name and address (typed wildcards
// match literally), filters by a role in the actor's scope, and pages in SQL with the
// total of all matches.
func TestFind(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	for i := 1; i <= 5; i++ {
		f.add(
			t,
			fmt.Sprintf("km%d@eindhoven.example", i),
			users.Grant{Role: "klantmanager", Domain: "GM0772"},
		)
	}
	f.add(
		t,
		"tl_1@eindhoven.example",
		users.Grant{Role: "teamleider", Domain: "GM0772"},
		users.Grant{Role: "klantmanager", Domain: "GM0363"},
	)
	f.add(t, "km@amsterdam.example", users.Grant{Role: "klantmanager", Domain: "GM0363"})

	tests := []struct {
		name  string
		q     users.Search
		want  []string
		total int
	}{
		{"everything in the scope, first page", users.Search{PageSize: 3},
			[]string{"beheerder@eindhoven.example", "km1@eindhoven.example", "km2@eindhoven.example"}, 7},
		{"second page", users.Search{Page: 2, PageSize: 3},
			[]string{"km3@eindhoven.example", "km4@eindhoven.example", "km5@eindhoven.example"}, 7},
		{"past the end", users.Search{Page: 9, PageSize: 3}, nil, 7},
		{"a page whose offset overflows", users.Search{Page: math.MaxInt, PageSize: 2}, nil, 7},
		{"text, any case", users.Search{Text: "KM4"}, []string{"km4@eindhoven.example"}, 1},
		{
			"a typed underscore is no wildcard",
			users.Search{Text: "tl_"},
			[]string{"tl_1@eindhoven.example"},
			1,
		},
		{"a typed percent sign is no wildcard", users.Search{Text: "%"}, nil, 0},
		{"role in the scope", users.Search{Role: "teamleider"}, []string{"tl_1@eindhoven.example"}, 1},
		{"role held only outside the scope", users.Search{Role: "klantmanager", Text: "tl_"}, nil, 0},
		{"text and role", users.Search{Text: "km", Role: "klantmanager", PageSize: 2},
			[]string{"km1@eindhoven.example", "km2@eindhoven.example"}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := f.s.Find(ctx, f.admin, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range list {
				got = append(got, u.Email)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || total != tt.total {
				t.Errorf("got %v of %d, want %v of %d", got, total, tt.want, tt.total)
			}
		})
	}
	list, _, _ := f.s.Find(ctx, f.admin, users.Search{Text: "tl_1"})
	if len(list) != 1 || len(list[0].Grants) != 2 {
		t.Errorf("a found account comes with all its roles: %+v", list)
	}
}
