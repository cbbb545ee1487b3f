package api

import "testing"

func TestNeutraliseFormulas(t *testing.T) {
	in := []string{"=HYPERLINK(\"x\")", "+1", "-1+1", "@SUM(A1)", "\tx", "Amsterdam (GM0363)", "< 10", "0,4286", ""}
	want := []string{"'=HYPERLINK(\"x\")", "'+1", "'-1+1", "'@SUM(A1)", "'\tx", "Amsterdam (GM0363)", "< 10", "0,4286", ""}
	for i, got := range neutralise(in) {
		if got != want[i] {
			t.Errorf("%q → %q, want %q", in[i], got, want[i])
		}
	}
}
