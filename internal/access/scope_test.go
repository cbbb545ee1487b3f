package access

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScope(t *testing.T) {
	tests := []struct {
		name  string
		actor Actor
		want  Scope
	}{
		{"national sees all", Actor{National: true, Municipalities: []int32{3}}, Scope{SQL: "TRUE"}},
		{"no municipality sees nothing", Actor{}, Scope{SQL: "FALSE"}},
		{
			"one municipality",
			Actor{Municipalities: []int32{7}},
			Scope{SQL: "k.municipality_id = ?", Args: []any{int32(7)}},
		},
		{"several as scalars", Actor{Municipalities: []int32{7, 9, 11}},
			Scope{SQL: "k.municipality_id IN (?, ?, ?)", Args: []any{int32(7), int32(9), int32(11)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.actor.Scope("k.municipality_id")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scope (-want +got):\n%s", diff)
			}
			where, args := tt.actor.SQL("k.municipality_id")
			if where != got.SQL || !cmp.Equal(args, got.Args) {
				t.Errorf("SQL = %q %v, Scope = %+v", where, args, got)
			}
		})
	}
}

func TestNumbered(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"k.id = ? AND k.municipality_id IN (?, ?)", "k.id = $1 AND k.municipality_id IN ($2, $3)"},
		{"naam = ? -- één", "naam = $1 -- één"},
	}
	for _, tt := range tests {
		if got := Numbered(tt.in); got != tt.want {
			t.Errorf("Numbered(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
