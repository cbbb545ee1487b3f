package main

import (
	"context"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestReleasesCommand builds, lists and withdraws a release from the command line (on
// an empty database: the release has no cells, the commands are what is tested).
func TestReleasesCommand(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t)}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	out := &syncBuffer{}
	for _, args := range [][]string{
		{"releases", "build", "--reference-date", "2026-01-01"},
		{"releases", "withdraw", "1", "--reason", "proef"},
		{"releases", "list"},
	} {
		if err := run(ctx, args, getenv, out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	for _, want := range []string{
		"release 1 built: reference date 2026-01-01, voorlopig",
		"release 1 withdrawn",
		"1\t2026-01-01\tingetrokken",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, args := range [][]string{
		{"releases", "build", "--reference-date", "2026-01-15"},
		{"releases", "build", "--reference-date", "2026-01-01"},
		{"releases", "withdraw", "1"},
		{"releases", "finalise", "1"},
		{"releases", "frobnicate"},
	} {
		if err := run(ctx, args, getenv, out); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
