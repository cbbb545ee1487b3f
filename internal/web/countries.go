package web

// countryNames are the Dutch names of the countries of birth most common among status
// holders; a case stores the ISO 3166 code, pages show the name with it.
var countryNames = map[string]string{
	"AF": "Afghanistan", "DZ": "Algerije", "BD": "Bangladesh", "CD": "Congo (DR)", "CO": "Colombia", "EG": "Egypte",
	"ER": "Eritrea", "ET": "Ethiopië", "GE": "Georgië", "GN": "Guinee", "IQ": "Irak", "IR": "Iran", "YE": "Jemen",
	"CM": "Kameroen", "LB": "Libanon", "LY": "Libië", "MA": "Marokko", "NG": "Nigeria", "UA": "Oekraïne",
	"PK": "Pakistan", "PS": "Palestijnse gebieden", "RU": "Rusland", "SD": "Soedan", "SO": "Somalië", "SY": "Syrië",
	"TR": "Turkije", "TN": "Tunesië", "VE": "Venezuela", "SS": "Zuid-Soedan", "XX": "Onbekend",
}

// countryText is "Syrië (SY)" for a known code, the code itself otherwise.
func countryText(code string) string {
	if name, ok := countryNames[code]; ok {
		return name + " (" + code + ")"
	}
	return code
}
