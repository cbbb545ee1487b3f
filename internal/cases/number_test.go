package cases_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
)

func TestCaseNumberOf(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2026-0147", "2026-0147", true},
		{" 2026-147 ", "2026-0147", true},
		{"2026 0147", "2026-0147", true},
		{"2026-12345", "2026-12345", true},
		{"2026-0000", "", false},
		{"Amina", "", false},
		{"20260147", "", false},
		{"2026-", "", false},
		{"0147", "", false},
	}
	for _, tt := range tests {
		got, ok := cases.CaseNumberOf(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CaseNumberOf(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// validBSN returns the first number from n on that passes the 11-proef.
func validBSN(n int) string {
	for ; ; n++ {
		if s := fmt.Sprintf("%09d", n); bsn.Valid(s) {
			return s
		}
	}
}

// Twenty cases registered at the same moment in one municipality get twenty
// different numbers, 0001 to 0020 of the year of registration; another
// municipality counts on its own.
func TestCaseNumbersUnderParallelCreates(t *testing.T) {
	f := newFixture(t)
	const n = 20
	numbers := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.svc.Create(context.Background(), f.actor,
				f.newCase("GM0363", validBSN(100_000_000+20*i)))
			numbers[i], errs[i] = c.CaseNumber, err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	sort.Strings(numbers)
	for i, got := range numbers {
		if want := fmt.Sprintf("2026-%04d", i+1); got != want {
			t.Fatalf("numbers = %v, want 2026-0001 … 2026-0020 without gaps or doubles", numbers)
		}
	}
	other := f.create(t, "GM0772", "111222333")
	if other.CaseNumber != "2026-0001" {
		t.Errorf("first case of Eindhoven = %q, want 2026-0001", other.CaseNumber)
	}
	in := f.newCase("GM0363", validBSN(300_000_000))
	in.RegisteredOn = day("2025-12-30")
	earlier, err := f.svc.Create(context.Background(), f.actor, in)
	if err != nil || earlier.CaseNumber != "2025-0001" {
		t.Errorf("registered in 2025: %q, %v; want 2025-0001", earlier.CaseNumber, err)
	}
	// The number is found by the list's search, exactly, and never changes.
	page, err := f.svc.List(context.Background(), f.actor,
		cases.Filter{MunicipalityCode: "GM0363", Query: "2026-7"})
	if err != nil || page.Total != 1 || page.Items[0].CaseNumber != "2026-0007" {
		t.Errorf("search 2026-7: %+v, %v", page, err)
	}
	err = f.db.Exec(`UPDATE cases SET case_number = '2026-9999' WHERE id = ?`, other.ID).Error
	if err == nil {
		t.Error("a case number could be changed")
	}
}
