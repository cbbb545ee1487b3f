package contact_test

import (
	"regexp"
	"testing"

	"github.com/startbaan/startbaan/internal/contact"
)

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"06-12345678":       "+31612345678",
		"06 1234 5678":      "+31612345678",
		"+31 6 12345678":    "+31612345678",
		"+31 (0)6 1234567":  "",
		"+31 (0)6 12345678": "+31612345678",
		"0031612345678":     "+31612345678",
		"020-1234567":       "+31201234567",
		"(040) 123 45 67":   "+31401234567",
		"+32 470 12 34 56":  "+32470123456",
		"0049 30 1234567":   "+49301234567",
		"0612345678":        "+31612345678",
		"061234567":         "",
		"06123456789":       "",
		"612345678":         "",
		"+0612345678":       "",
		"06 1234 567a":      "",
		"":                  "",
		"+":                 "",
		"06+12345678":       "",
	} {
		got, problem := contact.Phone(in)
		if got != want || (want == "") != (problem != "") {
			t.Errorf("Phone(%q) = %q, %q; want %q", in, got, problem, want)
		}
	}
	for in, want := range map[string]string{"+31612345678": "06 12345678", "+31201234567": "0201234567",
		"+32470123456": "+32470123456"} {
		if got := contact.PhoneDisplay(in); got != want {
			t.Errorf("PhoneDisplay(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmail(t *testing.T) {
	for in, want := range map[string]string{
		" Amal.Haddad@Gemeente.NL ": "Amal.Haddad@gemeente.nl",
		"a@b.nl":                    "a@b.nl",
		"a@b":                       "",
		"Amal <a@b.nl>":             "",
		"a@b.nl, c@d.nl":            "",
		"a@@b.nl":                   "",
		"@b.nl":                     "",
		"a@.nl":                     "",
		"a@b..nl":                   "",
		"geen adres":                "",
	} {
		got, problem := contact.Email(in)
		if got != want || (want == "") != (problem != "") {
			t.Errorf("Email(%q) = %q, %q; want %q", in, got, problem, want)
		}
	}
}

func TestPostcodeAndHouseNumber(t *testing.T) {
	for in, want := range map[string]string{"1234ab": "1234 AB", " 1234 AB ": "1234 AB", "1234 SS": "",
		"0123 AB": "", "12345": "", "1234 A": "", "1234 ABC": ""} {
		got, problem := contact.Postcode(in)
		if got != want || (want == "") != (problem != "") {
			t.Errorf("Postcode(%q) = %q, %q; want %q", in, got, problem, want)
		}
	}
	for in, want := range map[string]string{"12": "12", "12a": "12a", "12-2": "12-2", " 12  bis ": "12 bis",
		"0": "", "a12": "", "123456": "", "12 huis 3": ""} {
		got, problem := contact.HouseNumber(in)
		if got != want || (want == "") != (problem != "") {
			t.Errorf("HouseNumber(%q) = %q, %q; want %q", in, got, problem, want)
		}
	}
	if got, p := contact.Text("  Kerk\tstraat  ", 200); got != "Kerk straat" || p != "" {
		t.Errorf("Text = %q, %q", got, p)
	}
	if _, p := contact.Text("abc", 2); p != "Hoogstens 2 tekens." {
		t.Errorf("Text too long: %q", p)
	}
}

// storedPhone is the shape the database CHECK takes (migration 00021).
var storedPhone = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
var storedPostcode = regexp.MustCompile(`^[1-9][0-9]{3} [A-Z]{2}$`)

// FuzzContact: whatever is typed, an accepted value has the stored shape the
// database takes, and normalising it again changes nothing.
func FuzzContact(f *testing.F) {
	for _, s := range []string{"06-12345678", "+31 (0)20 1234567", "1234ab", "a@b.nl", "0031 6 1234 5678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, bad := contact.Phone(s); bad == "" {
			if !storedPhone.MatchString(p) {
				t.Fatalf("Phone(%q) = %q: not E.164", s, p)
			}
			if again, _ := contact.Phone(p); again != p {
				t.Fatalf("Phone(%q) = %q, again %q", s, p, again)
			}
		}
		if p, bad := contact.Postcode(s); bad == "" && !storedPostcode.MatchString(p) {
			t.Fatalf("Postcode(%q) = %q", s, p)
		}
		if e, bad := contact.Email(s); bad == "" {
			if again, _ := contact.Email(e); again != e || len(e) > 254 {
				t.Fatalf("Email(%q) = %q, again %q", s, e, again)
			}
		}
	})
}
