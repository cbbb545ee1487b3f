// Package contact checks and normalises contact details as people type them: Dutch
// (and foreign) phone numbers, e-mail addresses, Dutch postcodes and house numbers,
// and short free text such as a street or a town. Each check returns the value to
// store and, when the input cannot be used, a Dutch problem to show beside the field
// (never the input itself, which is personal data).
package contact

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problems, in Dutch, as the forms and the API show them.
const (
	BadPhone       = "Vul een telefoonnummer in, bijvoorbeeld 06 12345678, 020 1234567 of +32 470 123456."
	BadEmail       = "Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
	BadPostcode    = "Vul een postcode in als 1234 AB."
	BadHouseNumber = "Vul een huisnummer in, eventueel met toevoeging, bijvoorbeeld 12 of 12a."
)

// Phone normalises a phone number to E.164 (+31612345678). Dutch numbers may be
// typed nationally (06-12345678, 020 123 4567) or internationally (+31 6 1234 5678,
// 0031 …); a foreign number needs its country code (+ or 00).
func Phone(s string) (string, string) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/':
		default:
			return "", BadPhone
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "00"):
		d = "+" + d[2:]
	case strings.HasPrefix(d, "0"):
		d = "+31" + d[1:]
	case !strings.HasPrefix(d, "+"):
		return "", BadPhone
	}
	digits := d[1:]
	if strings.HasPrefix(digits, "310") { // +31 (0)6 …: the trunk 0 typed after the country code
		digits = "31" + digits[3:]
	}
	if len(digits) < 8 || len(digits) > 15 || digits[0] == '0' || strings.Contains(digits, "+") {
		return "", BadPhone
	}
	// A Dutch number has 9 digits after 31, the first not 0.
	if strings.HasPrefix(digits, "31") && (len(digits) != 11 || digits[2] == '0') {
		return "", BadPhone
	}
	return "+" + digits, ""
}

// PhoneDisplay writes a stored number the way Dutch people read it: a Dutch mobile
// number as 06 12345678, another Dutch number with its 0, a foreign one as stored.
func PhoneDisplay(e164 string) string {
	switch {
	case strings.HasPrefix(e164, "+316") && len(e164) == 12:
		return "06 " + e164[4:]
	case strings.HasPrefix(e164, "+31") && len(e164) == 12:
		return "0" + e164[3:]
	}
	return e164
}

// Email checks an address: one plain address (no name, no list), a domain with a dot;
// the domain is stored in lower case.
func Email(s string) (string, string) {
	s = strings.TrimSpace(s)
	if len(s) < 3 || len(s) > 254 || strings.ContainsAny(s, " <>,;\"") {
		return "", BadEmail
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", BadEmail
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", BadEmail
	}
	return local + "@" + domain, ""
}

var postcode = regexp.MustCompile(`^[1-9][0-9]{3}[A-Z]{2}$`)

// Postcode normalises a Dutch postcode to "1234 AB". The letter pairs SA, SD and SS
// are not used in the Netherlands.
func Postcode(s string) (string, string) {
	p := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !postcode.MatchString(p) {
		return "", BadPostcode
	}
	switch p[4:] {
	case "SA", "SD", "SS":
		return "", BadPostcode
	}
	return p[:4] + " " + p[4:], ""
}

var houseNumber = regexp.MustCompile(`^[1-9][0-9]{0,4}(?:[ -][A-Za-z0-9]{1,6}|[A-Za-z][A-Za-z0-9]{0,5})?$`)

// HouseNumber checks a house number with an optional addition (12, 12a, 12-2, 12 bis).
func HouseNumber(s string) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	if !houseNumber.MatchString(s) {
		return "", BadHouseNumber
	}
	return s, ""
}

// Text checks a short free text (a street, a town, a language, a name): trimmed, at
// most max characters, without control characters.
func Text(s string, max int) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	if n := utf8.RuneCountInString(s); n == 0 || n > max {
		return "", "Hoogstens " + itoa(max) + " tekens."
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "", "Gebruik geen stuurtekens."
		}
	}
	return s, ""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
