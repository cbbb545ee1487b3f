// Package paging bounds page numbers, in one place for every list: a page number
// near the largest int made the offset (page-1)*size overflow to a negative number,
// which PostgreSQL refuses (a 500).
package paging

import "fmt"

// MaxPage is the highest page any list serves: far beyond the last page of any real
// list, and far from overflow with any page size.
const MaxPage = 100_000

// Problem is the field problem of a page number out of range.
var Problem = fmt.Sprintf("Kies een pagina van 1 tot en met %d.", MaxPage)

// Valid reports whether page lies between 1 and MaxPage.
func Valid(page int) bool { return page >= 1 && page <= MaxPage }

// Clamp returns page within 1..MaxPage, for lists that serve the nearest page instead
// of refusing.
func Clamp(page int) int { return min(max(page, 1), MaxPage) }
