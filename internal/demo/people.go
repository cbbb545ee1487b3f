// Package demo makes synthetic data: the demo data set of `startbaan seed-demo` for
// the pilot municipalities, and the benchmark volume of `startbaan bench-generate`.
// Every person in it is invented; names come from small built-in lists and BSNs from
// a range that passes the 11-proef but is generated, not taken from anyone.
package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/startbaan/startbaan/internal/bsn"
)

var (
	givenMen = []string{
		"Ahmad",
		"Mohammed",
		"Yonas",
		"Omar",
		"Farid",
		"Tesfay",
		"Hassan",
		"Bilal",
		"Samir",
		"Dawit",
		"Karim",
		"Yusuf",
		"Andriy",
		"Mustafa",
		"Abdul",
		"Rami",
	}
	givenWomen = []string{
		"Amina",
		"Fatima",
		"Sara",
		"Lina",
		"Helen",
		"Rahel",
		"Nour",
		"Zainab",
		"Maryam",
		"Aster",
		"Hiba",
		"Olena",
		"Layla",
		"Semhar",
		"Yasmin",
		"Rasha",
	}
	families = []string{
		"Haddad",
		"Tesfaye",
		"Ahmadi",
		"Khalil",
		"Rahimi",
		"Mebrahtu",
		"Al-Hassan",
		"Yilmaz",
		"Saleh",
		"Ghebremedhin",
		"Nazari",
		"Darwish",
		"Kovalenko",
		"Hussein",
		"Abraha",
		"Karimi",
		"Mansour",
		"Osman",
		"Haile",
		"Sultani",
	}
	countries = []string{
		"SY",
		"SY",
		"SY",
		"ER",
		"ER",
		"AF",
		"AF",
		"TR",
		"YE",
		"IQ",
		"IR",
		"SO",
		"UA",
		"SD",
		"ET",
	}
	households = []string{
		"alleenstaand",
		"alleenstaand",
		"alleenstaand",
		"paar_met_kinderen",
		"paar_met_kinderen",
		"alleenstaande_ouder",
		"paar_zonder_kinderen",
		"anders",
	}
	levels  = []string{"A0", "A0", "A0", "A1", "A1", "A2", "B1"}
	sectors = []string{
		"zorg",
		"logistiek",
		"schoonmaak",
		"horeca",
		"techniek",
		"groen",
		"detailhandel",
		"productie",
		"bouw",
		"gemeente",
	}
	employerWords = []string{
		"Zorggroep",
		"Transport",
		"Schoonmaakbedrijf",
		"Horeca",
		"Installatietechniek",
		"Hoveniers",
		"Supermarkt",
		"Metaalwerken",
		"Bouwbedrijf",
		"Werkbedrijf",
	}
	places = []string{
		"Noord",
		"Zuid",
		"Oost",
		"West",
		"Centrum",
		"De Linie",
		"Het Anker",
		"De Brug",
		"Vooruit",
		"Samen",
	}
)

// person is a synthetic client.
type person struct {
	bsn, name, gender, country, household, level string
	birth, permit                                time.Time
}

// bsnSource hands out distinct numbers that pass the 11-proef from its own block of
// 200,000 numbers (about 18,000 valid ones) in 900,000,000-999,999,999, a range chosen
// so that generated data is recognisable.
type bsnSource struct{ next, end int }

const bsnBlock = 200_000

func newBSNSource(block int) *bsnSource {
	start := 900_000_000 + block*bsnBlock
	return &bsnSource{next: start, end: start + bsnBlock}
}

func (s *bsnSource) take() string {
	for {
		if s.next >= s.end || s.next > 999_999_999 {
			panic("demo: BSN block exhausted; more than 18,000 cases in one municipality")
		}
		n := fmt.Sprintf("%09d", s.next)
		s.next++
		if bsn.Valid(n) {
			return n
		}
	}
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// newPerson invents a client registered on registered.
func newPerson(r *rand.Rand, src *bsnSource, registered time.Time) person {
	p := person{
		bsn:       src.take(),
		country:   pick(r, countries),
		household: pick(r, households),
		level:     pick(r, levels),
	}
	switch x := r.Float64(); {
	case x < 0.45:
		p.gender = "vrouw"
	case x < 0.99:
		p.gender = "man"
	default:
		p.gender = "x"
	}
	given := pick(r, givenMen)
	if p.gender == "vrouw" || (p.gender == "x" && r.IntN(2) == 0) {
		given = pick(r, givenWomen)
	}
	p.name = given + " " + pick(r, families)
	p.birth = registered.AddDate(-18-r.IntN(42), -r.IntN(12), -r.IntN(28))
	p.permit = registered.AddDate(0, 0, -7-r.IntN(90))
	return p
}
