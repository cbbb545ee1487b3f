package dbtest_test

import (
	"testing"

	"github.com/startbaan/startbaan/internal/dbtest"
)

func TestMigratedDatabase(t *testing.T) {
	db := dbtest.Gorm(t)
	var n int
	if err := db.Raw(
		"SELECT count(*) FROM information_schema.tables WHERE table_name IN ('cases','weekly_hours','clients')",
	).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("found %d of 3 core tables", n)
	}
}
