package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/startbaan/startbaan/internal/outcomes"
)

// errDrift makes `facts check` exit non-zero when facts drifted.
var errDrift = errors.New(
	"derived facts differ from their source rows; run `startbaan facts repair`",
)

// factsCmd checks or repairs the derived facts that the outcome figures read from the
// cases (migrations 00011-00013): check lists the cases whose facts differ from a
// recomputation; repair recomputes those and says how many changed.
func factsCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) != 1 || (args[0] != "check" && args[0] != "repair") {
		return fmt.Errorf("usage: startbaan facts check|repair")
	}
	_, db, _, err := open(ctx, getenv, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "repair" {
		ids, err := outcomes.Repair(ctx, db.Gorm)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "facts repaired: %d cases changed\n", len(ids))
		return nil
	}
	ids, err := outcomes.Drift(ctx, db.Gorm)
	if err != nil {
		return err
	}
	for _, id := range ids {
		fmt.Fprintf(out, "drift: case %s\n", id)
	}
	fmt.Fprintf(out, "facts checked: %d cases differ\n", len(ids))
	if len(ids) > 0 {
		return errDrift
	}
	return nil
}
