package api

import "testing"

func TestInvalidUTF8NamesTheMember(t *testing.T) {
	tests := map[string]string{
		`{"name":"a` + "\xff" + `b"}`:                                "name",
		`{"a":1,"b":"ok","c":"` + "\xc3" + `"}`:                      "c",
		`{"address":{"street":"` + "\xff" + `","city":"x"}}`:         "address.street",
		`{"list":["ok","` + "\xfe" + `"]}`:                           "list",
		`{"after":{"x":1},"name":"` + "\xff" + `"}`:                  "name",
		`{"` + "\xff" + `":"x"}`:                                     "body",
		`{"a":"\u00e9","weeks":[{"note":"` + "\xed\xa0\x80" + `"}]}`: "weeks.note",
	}
	for body, want := range tests {
		if got := invalidUTF8([]byte(body)); got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
}
