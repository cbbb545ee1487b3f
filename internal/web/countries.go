package web

import (
	"sort"
	"strings"
)

// countryNames are the names people use where the ISO list's official ones are long
// ("Congo, Democratische Republiek"), and XX for a country of birth that is unknown
// (stateless clients among them). A case stores the ISO 3166 code.
var countryNames = map[string]string{
	"BO": "Bolivia", "CD": "Congo (DR)", "CG": "Congo (Republiek)", "LA": "Laos",
	"PS": "Palestijnse gebieden", "VA": "Vaticaanstad", "VE": "Venezuela", "XX": "Onbekend",
}

// commonCountries are the countries of birth most common among status holders (COA,
// IND asylum figures), first in the picker: the rest follow alphabetically.
var commonCountries = []string{"SY", "ER", "AF", "TR", "YE", "IQ", "IR", "SO", "UA", "ET",
	"SD", "PS", "MA", "NG", "XX"}

// countryName is the Dutch name of a code, "" for an unknown code.
func countryName(code string) string {
	if name, ok := countryNames[code]; ok {
		return name
	}
	return isoCountriesNL[code]
}

// countryText is "Syrië (SY)" for a known code, the code itself otherwise.
func countryText(code string) string {
	if name := countryName(code); name != "" {
		return name + " (" + code + ")"
	}
	return code
}

// countryGroups are the choices of the country picker: the common countries of birth
// first, then every country by its Dutch name (diacritics aside: Oekraïne among the O).
func countryGroups() []optionGroup {
	common := make([]option, len(commonCountries))
	for i, code := range commonCountries {
		common[i] = option{code, countryName(code)}
	}
	all := make([]option, 0, len(isoCountriesNL))
	for code := range isoCountriesNL {
		all = append(all, option{code, countryName(code)})
	}
	sort.Slice(all, func(i, j int) bool { return sortKey(all[i].Label) < sortKey(all[j].Label) })
	return []optionGroup{{"Veel voorkomend", common}, {"Alle landen", all}}
}

// plainLetters folds the accented letters of the countries' Dutch names.
var plainLetters = strings.NewReplacer("Å", "A", "É", "E", "Î", "I", "Ö", "O", "à", "a", "á", "a",
	"ã", "a", "ç", "c", "è", "e", "é", "e", "ë", "e", "í", "i", "ï", "i", "ô", "o", "ö", "o",
	"ü", "u", "ú", "u")

func sortKey(name string) string { return strings.ToLower(plainLetters.Replace(name)) }
