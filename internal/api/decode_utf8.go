package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// invalidUTF8 names the member of a JSON body whose text is not UTF-8, such as
// "name" or "address.street"; "body" when it is no single member. encoding/json would
// quietly turn such bytes into U+FFFD, storing something the client never sent.
func invalidUTF8(body []byte) string {
	type level struct {
		object    bool
		key       string
		expectKey bool
	}
	var stack []*level
	path := func(last string) string {
		var parts []string
		for _, l := range stack {
			if l.object && l.key != "" && !l.expectKey {
				parts = append(parts, l.key)
			}
		}
		if last != "" {
			parts = append(parts, last)
		}
		if len(parts) == 0 {
			return "body"
		}
		return strings.Join(parts, ".")
	}
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var prev int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		raw := body[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		top := (*level)(nil)
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, &level{object: t == '{', expectKey: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if top != nil && top.object && top.expectKey {
				if !utf8.Valid(raw) {
					return path("")
				}
				top.key, top.expectKey = t, false
				continue
			}
			if !utf8.Valid(raw) {
				return path("")
			}
			valueDone()
		default:
			valueDone()
		}
	}
}
