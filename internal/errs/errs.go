// Package errs holds the few kinds of error the domain packages return. The transport
// layers map each kind to an HTTP status in one place; the Detail and field reasons are
// Dutch text fit to show a user, never internal text and never personal data.
package errs

import (
	"gorm.io/gorm"

	"errors"
	"fmt"
)

// Kind classifies an error for the transport layer.
type Kind int

const (
	KindNotFound     Kind = iota + 1 // the record does not exist or is outside the actor's scope
	KindInvalid                      // the input breaks a rule; Fields says which
	KindConflict                     // the input clashes with the current state
	KindPrecondition                 // a stale version (If-Match) was given
	KindForbidden                    // the actor may not do this
)

// FieldProblem names one invalid input field (its API name) and what is wrong, in Dutch.
type FieldProblem struct {
	Name   string
	Reason string
}

// Error is a domain error with a user-facing Dutch detail.
type Error struct {
	Kind   Kind
	Detail string
	Fields []FieldProblem
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Detail
	}
	return fmt.Sprintf("%s (%d velden)", e.Detail, len(e.Fields))
}

// NotFound says the named record does not exist for this actor.
func NotFound(what string) error {
	return &Error{Kind: KindNotFound, Detail: what + " bestaat niet of is niet toegankelijk."}
}

// Invalid reports one or more invalid fields.
func Invalid(fields ...FieldProblem) error {
	return &Error{Kind: KindInvalid, Detail: "De invoer bevat fouten.", Fields: fields}
}

// Field is shorthand for a FieldProblem.
func Field(name, reason string) FieldProblem { return FieldProblem{Name: name, Reason: reason} }

// Conflict reports a clash with the current state.
func Conflict(detail string) error { return &Error{Kind: KindConflict, Detail: detail} }

// Stale reports that the caller's version is not the current one.
func Stale() error {
	return &Error{
		Kind:   KindPrecondition,
		Detail: "Het dossier is intussen door iemand anders gewijzigd. Laad het opnieuw en probeer het nog eens.",
	}
}

// Forbidden reports an action the actor may not take.
func Forbidden(detail string) error { return &Error{Kind: KindForbidden, Detail: detail} }

// As returns the domain error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err is a domain error of kind k.
func Is(err error, k Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == k
}

// Problems collects field problems while validating input.
type Problems []FieldProblem

// Add records a problem.
func (p *Problems) Add(name, reason string) { *p = append(*p, FieldProblem{name, reason}) }

// Merge adds the problems of more whose field is not named yet: the first reason
// given for a field is the most precise one.
func (p *Problems) Merge(more Problems) {
	for _, m := range more {
		named := false
		for _, q := range *p {
			named = named || q.Name == m.Name
		}
		if !named {
			*p = append(*p, m)
		}
	}
}

// Err returns an Invalid error when problems were recorded, else nil.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return Invalid(p...)
}

// IsUniqueViolation reports whether err is GORM's translation of a unique-index clash.
func IsUniqueViolation(err error) bool { return errors.Is(err, gorm.ErrDuplicatedKey) }
