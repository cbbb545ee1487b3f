package cases

import "unicode"

// NameSearch is the search of clients by name as SQL fragments for a query over a
// clients table aliased c: Join goes after the FROM item of c (its Args are the
// statement's first), Where is the condition and Rank a number, higher for a better
// match. The case list and the werklijst share it.
type NameSearch struct {
	Join, Where, Rank string
	Args              []any
}

// SearchByName builds the search for a typed term. The term is normalized by the
// database, as the names are (migration 00022); a term of at most two letters or
// digits is a prefix search, since two letters make no trigram.
func SearchByName(term string) NameSearch {
	where := nameLongSQL
	switch n := significant(term); {
	case n == 0: // only punctuation: nothing to compare, nothing found
		where = "FALSE"
	case n <= 2:
		where = nameShortSQL
	}
	return NameSearch{Join: searchTermSQL, Where: where, Rank: nameRankSQL,
		Args: []any{term, term, term}}
}

// significant counts the letters and digits of a term: what the search compares.
func significant(term string) int {
	n := 0
	for _, r := range term {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
