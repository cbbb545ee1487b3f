package pilots_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/pilots"
	shipped "github.com/startbaan/startbaan/pilots"
)

const good = `code: %s
name: Pilot
variant: gemeente
start_date: 2024-01-29
end_date: 2025-12-31
description: x
municipalities:
  - {code: GM0363, name: Amsterdam, labour_market_region: Groot Amsterdam}
targets:
  combined_hours_per_week: 30
  min_work_hours_per_week: 20
  min_integration_hours_per_week: 8
  max_days_to_offer: 14
`

func file(code string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(strings.ReplaceAll(good, "%s", code))}
}

func TestShippedFilesSync(t *testing.T) {
	db := dbtest.Gorm(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ { // twice: the second run must change nothing
		res, err := pilots.Sync(ctx, db, shipped.FS)
		if err != nil {
			t.Fatal(err)
		}
		if res.Pilots != 5 || res.Municipalities != 14 || len(res.Orphans) != 0 {
			t.Fatalf("run %d: %+v", i, res)
		}
	}
	var n int64
	db.Table("pilot_municipalities").Count(&n)
	if n != 14 {
		t.Errorf("%d memberships, want 14", n)
	}
	list, err := pilots.ListPilots(ctx, db)
	if err != nil || len(list) != 5 {
		t.Fatalf("list: %d, %v", len(list), err)
	}
	p, err := pilots.GetPilot(ctx, db, "helmond-de-peel")
	if err != nil || len(p.Municipalities) != 7 || p.Targets.MaxDaysToOffer != 14 {
		t.Fatalf("helmond-de-peel: %+v, %v", p, err)
	}
	if _, err := pilots.GetPilot(ctx, db, "nergens"); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("unknown pilot: %v", err)
	}
	m, err := pilots.MunicipalityByCode(ctx, db, "GM0820")
	if err != nil || m.Name != "Nuenen, Gerwen en Nederwetten" {
		t.Errorf("GM0820: %+v, %v", m, err)
	}
}

func TestBadFilesNameFileAndFieldAndChangeNothing(t *testing.T) {
	tests := []struct {
		name, field string
		edit        func(string) string
	}{
		{
			"code differs from file name",
			"code",
			func(s string) string { return strings.Replace(s, "code: b", "code: c", 1) },
		},
		{
			"unknown variant",
			"variant",
			func(s string) string { return strings.Replace(s, "gemeente", "raket", 1) },
		},
		{
			"bad date",
			"start_date",
			func(s string) string { return strings.Replace(s, "2024-01-29", "29-01-2024", 1) },
		},
		{
			"end before start",
			"end_date",
			func(s string) string { return strings.Replace(s, "2025-12-31", "2023-01-01", 1) },
		},
		{
			"bad CBS code",
			"municipalities[0].code",
			func(s string) string { return strings.Replace(s, "GM0363", "363", 1) },
		},
		{
			"target out of range",
			"targets.max_days_to_offer",
			func(s string) string {
				return strings.Replace(
					s,
					"max_days_to_offer: 14",
					"max_days_to_offer: 0",
					1,
				)
			},
		},
		{"minimums above combined", "targets.combined_hours_per_week", func(s string) string {
			return strings.Replace(s, "combined_hours_per_week: 30", "combined_hours_per_week: 25", 1)
		}},
		{"target with three decimals", "targets.min_work_hours_per_week", func(s string) string {
			return strings.Replace(s, "min_work_hours_per_week: 20", "min_work_hours_per_week: 19.995", 1)
		}},
		{
			"missing target",
			"targets.min_work_hours_per_week",
			func(s string) string { return strings.Replace(s, "  min_work_hours_per_week: 20\n", "", 1) },
		},
		{"unknown key", "-", func(s string) string { return s + "colour: blue\n" }},
		{
			"municipality renamed in another file",
			"municipalities[0]",
			func(s string) string { return strings.Replace(s, "name: Amsterdam", "name: Mokum", 1) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := dbtest.Gorm(t)
			ctx := context.Background()
			if _, err := pilots.Sync(
				ctx,
				db,
				fstest.MapFS{"a.yaml": file("a"), "b.yaml": file("b")},
			); err != nil {
				t.Fatal(err)
			}
			changedGood := &fstest.MapFile{
				Data: []byte(strings.Replace(string(file("a").Data), "name: Pilot", "name: Renamed", 1)),
			}
			bad := &fstest.MapFile{Data: []byte(tt.edit(string(file("b").Data)))}
			_, err := pilots.Sync(ctx, db, fstest.MapFS{"a.yaml": changedGood, "b.yaml": bad})
			var ve *pilots.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			if !strings.Contains(err.Error(), "b.yaml: "+tt.field+":") {
				t.Errorf("error does not name b.yaml and %s:\n%v", tt.field, err)
			}
			var name string
			db.Raw(`SELECT name FROM pilots WHERE code = 'a'`).Scan(&name)
			if name != "Pilot" {
				t.Errorf("a valid file was applied although another was bad: name %q", name)
			}
		})
	}
}

func TestMembershipIsReplaced(t *testing.T) {
	db := dbtest.Gorm(t)
	ctx := context.Background()
	two := strings.Replace(
		string(file("a").Data),
		"municipalities:\n",
		"municipalities:\n  - {code: GM0772, name: Eindhoven, labour_market_region: Zuidoost-Brabant}\n",
		1,
	)
	if _, err := pilots.Sync(ctx, db, fstest.MapFS{"a.yaml": {Data: []byte(two)}}); err != nil {
		t.Fatal(err)
	}
	res, err := pilots.Sync(ctx, db, fstest.MapFS{"z.yaml": file("z")})
	if err != nil || len(res.Orphans) != 1 || res.Orphans[0] != "a" {
		t.Fatalf("orphans: %+v, %v", res, err)
	}
	p, _ := pilots.GetPilot(ctx, db, "a")
	if len(p.Municipalities) != 2 {
		t.Fatalf("a has %d municipalities", len(p.Municipalities))
	}
	if _, err := pilots.Sync(ctx, db, fstest.MapFS{"a.yaml": file("a")}); err != nil {
		t.Fatal(err)
	}
	p, _ = pilots.GetPilot(ctx, db, "a")
	if len(p.Municipalities) != 1 || p.Municipalities[0].Code != "GM0363" {
		t.Errorf("membership not replaced: %+v", p.Municipalities)
	}
}
