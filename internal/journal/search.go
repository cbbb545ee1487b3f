package journal

import (
	"strings"
	"unicode/utf8"
)

// foldFrom and foldTo fold the accented letters of the languages a note is likely
// to hold names in (Dutch, French, Turkish, Polish, Czech …) to their plain letter,
// after lower(): "Café" and "cafe" find each other. Both have the same number of
// characters, as translate() requires (TestFoldTable).
const (
	foldFrom = "àáâãäåāăąçćčďèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿžźż"
	foldTo   = "aaaaaaaaacccdeeeeeeeegiiiiiiilnnnoooooooorrssstuuuuuuuuyyzzz"
)

var folder = func() *strings.Replacer {
	var pairs []string
	to := []rune(foldTo)
	i := 0
	for _, r := range foldFrom {
		pairs = append(pairs, string(r), string(to[i]))
		i++
	}
	return strings.NewReplacer(pairs...)
}()

// fold is the Go side of noteSearch's translate(lower(…)).
func fold(s string) string { return folder.Replace(strings.ToLower(s)) }

// likePattern escapes the wildcards of LIKE in a folded search text, so that "50%"
// looks for "50%" and not for "50" followed by anything.
func likePattern(q string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(fold(q))
}

// MaxQuery caps a search text.
const MaxQuery = 200

// searchText trims and caps the search text of a list.
func searchText(q string) string {
	q = strings.TrimSpace(q)
	for len(q) > MaxQuery || !utf8.ValidString(q) {
		q = q[:len(q)-1]
	}
	return q
}
