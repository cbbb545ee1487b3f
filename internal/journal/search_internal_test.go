package journal

import (
	"testing"
	"unicode/utf8"
)

// TestFoldTable: translate() pairs the characters of both strings one by one.
func TestFoldTable(t *testing.T) {
	if a, b := utf8.RuneCountInString(foldFrom), utf8.RuneCountInString(foldTo); a != b {
		t.Fatalf("foldFrom has %d characters, foldTo %d", a, b)
	}
	for in, want := range map[string]string{"Café Élan": "cafe elan", "Şükrü": "sukru", "50%_x": "50%_x"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := likePattern(`50%_\`); got != `50\%\_\\` {
		t.Errorf("likePattern escapes to %q", got)
	}
}
