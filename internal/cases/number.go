package cases

import (
	"regexp"
	"strings"
)

// caseNumberPattern is a case number as people write it: the year, a dash (or a
// space, as it is often typed after hearing it) and the sequence ("2026-0147").
var caseNumberPattern = regexp.MustCompile(`^([12][0-9]{3})[-\s]+([0-9]{1,6})$`)

// CaseNumberOf reads a search term as a case number in its stored form, padded to
// four digits ("2026-147" is "2026-0147"); ok is false for anything else, such as a
// name.
func CaseNumberOf(s string) (string, bool) {
	m := caseNumberPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	seq := strings.TrimLeft(m[2], "0")
	if seq == "" {
		return "", false // no case has number 0
	}
	for len(seq) < 4 {
		seq = "0" + seq
	}
	return m[1] + "-" + seq, true
}
