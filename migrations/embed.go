// Package migrations embeds the SQL migrations, applied with goose.
package migrations

import "embed"

// FS holds the numbered goose migrations.
//
//go:embed *.sql
var FS embed.FS
