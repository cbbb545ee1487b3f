// Package disclosure holds the rules that protect the counts of a statistical release:
// the cell-key method (a fixed random record key per case, noise per cell drawn from
// the keys of the cases it counts), the minimum count, and the Wilson interval of a
// share. It has no database and no HTTP: the release code feeds it counts and keys.
// See docs/outcomes.md, "Protection: the cell-key method".
package disclosure

import (
	"math"
	"strconv"
)

// Method names the protection in a release's metadata.
const Method = "cell-key"

// Parameters of the method. They are part of every release's metadata (Parameters)
// and of docs/outcomes.md; changing one changes every published count, so it needs a
// new definitions version.
const (
	// RecordKeyRange bounds the record keys: a case's key is uniform in [0, RecordKeyRange)
	// (cases.cell_key), and a cell's key is the sum of its cases' keys modulo it.
	RecordKeyRange int64 = 1 << 31
	// MaxNoise is D: the noise added to a count lies in [−D, D].
	MaxNoise = 3
	// MinCount is the smallest perturbed count that is published; a perturbed count
	// from 1 to MinCount−1 goes out as afgeschermd, without a value.
	MinCount = 10
	// Z is the normal quantile of the 95 % Wilson interval.
	Z = 1.959963984540054
)

// ptable is the perturbation table: the probability of each noise value −3 … 3. It is
// symmetric (mean 0), 0 is the most likely value, and its variance is exactly 2
// (2·(0.20·1 + 0.11·4 + 0.04·9)).
var ptable = [2*MaxNoise + 1]float64{0.04, 0.11, 0.20, 0.30, 0.20, 0.11, 0.04}

// cumulative holds the upper bounds of the noise values' intervals on [0, 1), in
// whole parts of RecordKeyRange so that the lookup is exact integer arithmetic.
var cumulative = func() [len(ptable)]int64 {
	var out [len(ptable)]int64
	sum := 0.0
	for i, p := range ptable {
		sum += p
		out[i] = int64(math.Round(sum * float64(RecordKeyRange)))
	}
	out[len(out)-1] = RecordKeyRange
	return out
}()

// CellKey reduces a sum of record keys to a cell key in [0, RecordKeyRange).
func CellKey(sum int64) int64 {
	k := sum % RecordKeyRange
	if k < 0 {
		k += RecordKeyRange
	}
	return k
}

// Noise is the noise of a cell with key cellKey: u = cellKey / 2^31 taken through the
// cumulative distribution of the perturbation table.
func Noise(cellKey int64) int {
	k := CellKey(cellKey)
	for i, upper := range cumulative {
		if k < upper {
			return i - MaxNoise
		}
	}
	return MaxNoise
}

// Perturb returns the value a count is published with, and whether it is published.
// A zero stays zero (published: an empty cell is shown as empty). Any other count
// gets the noise of its cell key; the result is never below 1, so 0 means a true
// zero, and a result below MinCount is not published (afgeschermd).
func Perturb(count int, cellKey int64) (value int, published bool) {
	if count <= 0 {
		return 0, true
	}
	v := max(count+Noise(cellKey), 1)
	if v < MinCount {
		return v, false
	}
	return v, true
}

// Wilson returns the share num/den with its 95 % Wilson score interval. A share over
// nothing (den ≤ 0) is 0 with the interval [0, 1].
func Wilson(num, den int) (share, lo, hi float64) {
	if den <= 0 {
		return 0, 0, 1
	}
	n, p := float64(den), float64(num)/float64(den)
	z2 := Z * Z
	centre := (p + z2/(2*n)) / (1 + z2/n)
	half := Z / (1 + z2/n) * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return p, math.Max(0, centre-half), math.Min(1, centre+half)
}

// Parameters describes the method for a release's metadata (releases.parameters).
func Parameters() map[string]any {
	noise := map[string]float64{}
	for i, p := range ptable {
		noise[strconv.Itoa(i-MaxNoise)] = p
	}
	return map[string]any{
		"method":          Method,
		"recordKeyRange":  RecordKeyRange,
		"cellKey":         "sum of the record keys of the cases counted, modulo recordKeyRange",
		"maxNoise":        MaxNoise,
		"noise":           noise,
		"noiseVariance":   Variance(),
		"noiseFrom":       "u = cellKey / recordKeyRange through the cumulative distribution of noise, in the order -3 … 3",
		"minCount":        MinCount,
		"zeros":           "a true zero is published as 0; any other count is perturbed and never below 1",
		"shareInterval":   "Wilson score, 95 %, on the perturbed numerator and denominator",
		"minDenominator":  MinCount,
		"minCasesSummary": MinCount,
	}
}

// Variance is the variance of the noise of the perturbation table.
func Variance() float64 {
	v := 0.0
	for i, p := range ptable {
		d := float64(i - MaxNoise)
		v += p * d * d
	}
	return v
}

// Probability returns the table's probability of noise d (0 outside [−D, D]).
func Probability(d int) float64 {
	if d < -MaxNoise || d > MaxNoise {
		return 0
	}
	return ptable[d+MaxNoise]
}
