// Package access describes who acts (the actor) and which municipalities' records the
// actor may touch (the scope). Every domain query that reads tenant data applies the
// scope, so that a forgotten route check alone still leaks nothing.
package access

import (
	"database/sql/driver"
	"strconv"

	"github.com/google/uuid"
)

// Actor is the person or program on whose behalf a use case runs.
type Actor struct {
	UserID *uuid.UUID // nil for the system (command-line tools, seeding)
	Name   string     // recorded in case events; never logged
	// Municipalities are the ids the actor may read and change case data in.
	Municipalities []int32
	// National lifts the scope to every municipality: system tasks, and national
	// roles for the objects they hold in the NL domain (never case data).
	National bool
	// Roles names, per municipality id, the roles the actor holds there; NationalRoles
	// those held in NL. The audit log records them.
	Roles         map[int32]string
	NationalRoles string
	// Permits answers a further question about one municipality, such as whether
	// the actor may close a case there. Nil only for the system actor.
	Permits func(municipalityID int32, object, action string) bool
	// TraceID and ClientAddress tie what the actor does to the request, for the
	// audit log; empty for command-line tasks.
	TraceID       string
	ClientAddress string
	// ClientRequestID is the caller's own request id, kept beside the server's
	// trace id when it is short and plain; empty otherwise.
	ClientRequestID string

	// scopedFor is the "object/action" the scope was computed for, which For need
	// not check again.
	scopedFor string
}

// System is the actor of command-line tasks such as seeding and pilot sync.
func System(name string) Actor {
	return Actor{Name: name, National: true, NationalRoles: "systeem"}
}

// May reports whether the actor may do action on object in the municipality.
func (a Actor) May(municipalityID int32, object, action string) bool {
	if a.Permits == nil {
		return a.National && a.UserID == nil // the system actor
	}
	return a.Permits(municipalityID, object, action)
}

// RoleIn is the role text the audit log records for an act in the municipality.
func (a Actor) RoleIn(municipalityID int32) string {
	if r, ok := a.Roles[municipalityID]; ok {
		return r
	}
	return a.NationalRoles
}

// Allows reports whether the actor's scope covers the municipality.
func (a Actor) Allows(municipalityID int32) bool {
	if a.National {
		return true
	}
	for _, id := range a.Municipalities {
		if id == municipalityID {
			return true
		}
	}
	return false
}

// SQL is the actor's scope on column as two values, the WHERE fragment and its
// arguments: Scope(column) spelled for callers that destructure it.
func (a Actor) SQL(column string) (string, []any) {
	s := a.Scope(column)
	return s.SQL, s.Args
}

// IDList passes a list of ids as one PostgreSQL array parameter; GORM would
// otherwise expand a slice into a comma-separated list.
type IDList []int32

// Value renders the list as an array literal such as {1,2,3}.
func (l IDList) Value() (driver.Value, error) {
	b := make([]byte, 0, 2+len(l)*5)
	b = append(b, '{')
	for i, id := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(id), 10)
	}
	return string(append(b, '}')), nil
}

// For narrows the actor's scope to the municipalities where it may do action on
// object. Domain services call it on entry, so that their queries stay within what the
// data itself requires even if a route declared a wrong permission: the route check
// and the query scope each hold on their own.
func (a Actor) For(object, action string) Actor {
	if a.scopedFor != "" && a.scopedFor == object+"/"+action {
		return a
	}
	if a.Permits == nil {
		if a.UserID != nil {
			a.National, a.Municipalities = false, nil // a person without rules reaches nothing
		}
		return a
	}
	if a.National && !a.Permits(0, object, action) {
		a.National = false
	}
	kept := make([]int32, 0, len(a.Municipalities))
	for _, m := range a.Municipalities {
		if a.Permits(m, object, action) {
			kept = append(kept, m)
		}
	}
	a.Municipalities, a.scopedFor = kept, object+"/"+action
	return a
}
