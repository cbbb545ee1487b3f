package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// flush copies the batch into the database within tx, table by table, with binary COPY.
func (b *batch) flush(ctx context.Context, tx pgx.Tx, counts Summary) error {
	for _, table := range tableOrder {
		rows := b.rows[table]
		if len(rows) == 0 {
			continue
		}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns[table], pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		counts[table] += int(n)
	}
	b.rows = map[string][][]any{}
	return nil
}

// Summary counts the rows written per table.
type Summary map[string]int
