// Package decimal checks numbers from input against the scale of the numeric(p,s)
// column they go to, so that what the application checks is what PostgreSQL stores:
// PostgreSQL rounds 0.001 to 0.00 and 59.995 to 60.00 without a word, after which a
// check constraint fails (a 500) or a sum the application accepted no longer holds.
package decimal

import "math"

// TooPrecise is the field problem of a number with more decimals than are stored.
const TooPrecise = "Gebruik hoogstens twee decimalen."

// Cents returns v in hundredths and whether v has at most two decimals (allowing
// for the binary representation of a decimal such as 7.1). NaN and infinities, and
// numbers too large to count in hundredths, are not.
func Cents(v float64) (int64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return 0, false
	}
	scaled := v * 100
	r := math.Round(scaled)
	return int64(r), math.Abs(scaled-r) <= 1e-6*math.Max(1, math.Abs(scaled))
}

// TwoPlaces reports whether v has at most two decimals: numeric(p,2) stores it as is.
func TwoPlaces(v float64) bool {
	_, ok := Cents(v)
	return ok
}
