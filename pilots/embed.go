// Package pilots embeds the pilot definitions: one YAML file per start-job pilot,
// reviewed like code and applied with `startbaan pilots sync`.
package pilots

import "embed"

// FS holds pilots/*.yaml.
//
//go:embed *.yaml
var FS embed.FS
