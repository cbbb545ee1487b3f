package access

import (
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Scope is the actor's municipality scope on one column: a WHERE fragment with "?"
// placeholders and its arguments. It is the one form of the scope for each of the
// three ways the code reaches PostgreSQL (docs/architecture.md, "Data access"):
//
//	GORM builder:      db.Scopes(actor.Scope("k.municipality_id").Apply)
//	raw SQL via GORM:  s := actor.Scope("k.municipality_id")
//	                   db.Raw(query+" AND "+s.SQL, append(args, s.Args...)...)
//	pgx (hot paths):   pool.Query(ctx, access.Numbered(query+" AND "+s.SQL), args...)
//
// The ids travel as separate scalar parameters, not as one array: with an array
// parameter PostgreSQL's plan for a prepared list query cannot use the municipality
// in the index as well (lists ran at a third of the speed). An actor without any
// municipality sees nothing; a national actor sees everything.
type Scope struct {
	SQL  string
	Args []any
}

// Scope is the actor's scope on column, the qualified municipality_id column such
// as "cases.municipality_id".
func (a Actor) Scope(column string) Scope {
	switch {
	case a.National:
		return Scope{SQL: "TRUE"}
	case len(a.Municipalities) == 0:
		return Scope{SQL: "FALSE"}
	case len(a.Municipalities) == 1:
		return Scope{SQL: column + " = ?", Args: []any{a.Municipalities[0]}}
	}
	args := make([]any, len(a.Municipalities))
	for i, m := range a.Municipalities {
		args[i] = m
	}
	return Scope{SQL: column + " IN (?" + strings.Repeat(", ?", len(args)-1) + ")", Args: args}
}

// Apply adds the scope to a GORM query; pass it to db.Scopes.
func (s Scope) Apply(db *gorm.DB) *gorm.DB { return db.Where(s.SQL, s.Args...) }

// Numbered rewrites the "?" placeholders of a query, scope included, into pgx's $1,
// $2, … in order, so that the hot paths on the pgx pool compose their SQL the same
// way as the GORM code. Every "?" is a placeholder: the queries it numbers hold no
// question mark in a literal and no jsonb "?" operator.
func Numbered(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
