package api

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// Optional is a field of a merge-patch body. It keeps the raw JSON, so that absent
// (not Set), null (clear) and a value can be told apart, and a wrong type can be
// reported with the field's name when the body is converted.
type Optional[T any] struct {
	Set bool
	raw json.RawMessage
}

// UnmarshalJSON only records the raw value; conversion happens in optField.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set, o.raw = true, append(json.RawMessage(nil), b...)
	return nil
}

func (o Optional[T]) isNull() bool { return bytes.Equal(o.raw, []byte("null")) }

// optField converts an Optional into the domain's Opt, recording a type problem.
func optField[T any](p *errs.Problems, name string, o Optional[T]) cases.Opt[T] {
	if !o.Set {
		return cases.Opt[T]{}
	}
	if o.isNull() {
		return cases.Opt[T]{Set: true}
	}
	var v T
	if err := json.Unmarshal(o.raw, &v); err != nil {
		var zero T
		p.Add(name, "Verwacht "+typeName(kindOf(zero))+".")
		return cases.Opt[T]{}
	}
	return cases.Opt[T]{Set: true, Value: &v}
}

// optDate converts an Optional date string ("2026-01-31").
func optDate(p *errs.Problems, name string, o Optional[string]) cases.Opt[time.Time] {
	s := optField(p, name, o)
	if !s.Set || s.Value == nil {
		return cases.Opt[time.Time]{Set: s.Set}
	}
	d := parseDate(p, name, s.Value)
	if d == nil {
		return cases.Opt[time.Time]{}
	}
	return cases.Opt[time.Time]{Set: true, Value: d}
}

// optUUID converts an Optional id.
func optUUID(p *errs.Problems, name string, o Optional[string]) cases.Opt[uuid.UUID] {
	s := optField(p, name, o)
	if !s.Set || s.Value == nil {
		return cases.Opt[uuid.UUID]{Set: s.Set}
	}
	id := parseUUID(p, name, s.Value)
	if id == nil {
		return cases.Opt[uuid.UUID]{}
	}
	return cases.Opt[uuid.UUID]{Set: true, Value: id}
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "bool"
	default:
		return "number"
	}
}

// parseDate reads an optional "YYYY-MM-DD" date between 1900 and 2100 (the domain
// narrows the range per field); nil in, nil out.
func parseDate(p *errs.Problems, name string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	d, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		p.Add(name, "Geef een datum als JJJJ-MM-DD, bijvoorbeeld 2026-01-31.")
		return nil
	}
	if !calendar.Plausible(d) {
		p.Add(name, calendar.Implausible)
		return nil
	}
	return &d
}

// parseUUID reads an optional id; nil in, nil out.
func parseUUID(p *errs.Problems, name string, s *string) *uuid.UUID {
	if s == nil {
		return nil
	}
	id, err := uuid.Parse(*s)
	if err != nil {
		p.Add(name, "Ongeldige id.")
		return nil
	}
	return &id
}

// Date is a calendar date in JSON ("2026-01-31").
type Date time.Time

// MarshalJSON writes the date without a time.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(d).Format(time.DateOnly) + `"`), nil
}

func date(t time.Time) Date { return Date(t) }

func datePtr(t *time.Time) *Date {
	if t == nil {
		return nil
	}
	d := Date(*t)
	return &d
}
