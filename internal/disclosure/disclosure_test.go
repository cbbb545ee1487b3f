package disclosure

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPerturbIsDeterministicAndBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		count, key := r.IntN(200), r.Int64N(RecordKeyRange)
		v, ok := Perturb(count, key)
		if w, ok2 := Perturb(count, key); w != v || ok2 != ok {
			t.Fatalf("Perturb(%d, %d) not deterministic: %d/%v then %d/%v", count, key, v, ok, w, ok2)
		}
		switch {
		case count == 0:
			if v != 0 || !ok {
				t.Fatalf("a zero must stay a published zero, got %d/%v", v, ok)
			}
		case v < 1 || v < count-MaxNoise || v > count+MaxNoise:
			t.Fatalf("Perturb(%d) = %d: out of [max(1, n−3), n+3]", count, v)
		case ok != (v >= MinCount):
			t.Fatalf(
				"Perturb(%d) = %d published %v: only perturbed counts ≥ %d are published",
				count,
				v,
				ok,
				MinCount,
			)
		}
	}
}

func TestSmallCountsAreNeverShown(t *testing.T) {
	for count := 1; count <= MinCount-1-MaxNoise; count++ {
		for key := int64(0); key < RecordKeyRange; key += RecordKeyRange / 997 {
			if _, ok := Perturb(count, key); ok {
				t.Fatalf("count %d published with key %d", count, key)
			}
		}
	}
}

// The noise over many uniform keys follows the perturbation table: each value's
// frequency within 4 standard errors of its probability, mean 0, variance 2.
func TestNoiseFollowsTheTable(t *testing.T) {
	const n = 400_000
	r := rand.New(rand.NewPCG(7, 11))
	freq := map[int]int{}
	sum, sq := 0.0, 0.0
	for range n {
		d := Noise(r.Int64N(RecordKeyRange))
		freq[d]++
		sum += float64(d)
		sq += float64(d * d)
	}
	for d := -MaxNoise; d <= MaxNoise; d++ {
		p := Probability(d)
		got := float64(freq[d]) / n
		if se := math.Sqrt(p * (1 - p) / n); math.Abs(got-p) > 4*se {
			t.Errorf("noise %d: frequency %.4f, table %.4f", d, got, p)
		}
	}
	if len(freq) != 2*MaxNoise+1 {
		t.Errorf("noise values %v, want exactly −3 … 3", freq)
	}
	if mean := sum / n; math.Abs(mean) > 0.01 {
		t.Errorf("mean noise %.4f, want 0", mean)
	}
	if v := sq/n - (sum/n)*(sum/n); math.Abs(v-2) > 0.03 || math.Abs(Variance()-2) > 1e-9 {
		t.Errorf("noise variance %.4f (table %.4f), want 2", v, Variance())
	}
	if Probability(0) <= Probability(1) || Probability(1) != Probability(-1) ||
		Probability(3) != Probability(-3) {
		t.Error("the table must be symmetric with 0 most likely")
	}
}

func TestNoiseAtTheEdgesOfTheKeyRange(t *testing.T) {
	if Noise(0) != -3 || Noise(RecordKeyRange-1) != 3 {
		t.Errorf("Noise(0) = %d, Noise(max) = %d; want −3 and 3", Noise(0), Noise(RecordKeyRange-1))
	}
	// The first key of the 0 interval: P(−3)+P(−2)+P(−1) = 0.35.
	edge := int64(math.Round(0.35 * float64(RecordKeyRange)))
	if Noise(edge-1) != -1 || Noise(edge) != 0 {
		t.Errorf("around u = 0.35: %d, %d; want −1, 0", Noise(edge-1), Noise(edge))
	}
	if CellKey(RecordKeyRange+5) != 5 || CellKey(-1) != RecordKeyRange-1 {
		t.Error("CellKey must reduce modulo 2^31 into [0, 2^31)")
	}
}

// Wilson by hand: 8 of 20, z = 1.96: centre (0.4 + 0.09604) / 1.19208 = 0.41611,
// half 1.95996/1.19208 · √(0.012 + 0.0024010) = 0.19730 → [0.2188, 0.6134].
func TestWilsonByHand(t *testing.T) {
	p, lo, hi := Wilson(8, 20)
	if p != 0.4 || math.Abs(lo-0.21878) > 1e-4 || math.Abs(hi-0.61344) > 1e-4 {
		t.Errorf("Wilson(8, 20) = %.5f [%.5f, %.5f], want 0.4 [0.21878, 0.61344]", p, lo, hi)
	}
	if p, lo, hi := Wilson(0, 10); p != 0 || lo != 0 || hi <= 0.2 || hi >= 0.35 {
		t.Errorf("Wilson(0, 10) = %v [%v, %v]: the interval of 0 starts at 0 and is not empty", p, lo, hi)
	}
	if p, lo, hi := Wilson(10, 10); p != 1 || hi != 1 || lo >= 0.8 {
		t.Errorf("Wilson(10, 10) = %v [%v, %v]", p, lo, hi)
	}
}

func TestParametersDescribeTheTable(t *testing.T) {
	p := Parameters()
	if p["maxNoise"] != MaxNoise || p["minCount"] != MinCount ||
		p["recordKeyRange"] != RecordKeyRange {
		t.Errorf("parameters %v", p)
	}
	noise := p["noise"].(map[string]float64)
	total := 0.0
	for _, v := range noise {
		total += v
	}
	if len(noise) != 7 || math.Abs(total-1) > 1e-12 || noise["-3"] != 0.04 {
		t.Errorf("noise table %v", noise)
	}
}
