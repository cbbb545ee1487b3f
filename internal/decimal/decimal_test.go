package decimal_test

import (
	"math"
	"testing"

	"github.com/startbaan/startbaan/internal/decimal"
)

func TestCents(t *testing.T) {
	tests := []struct {
		v     float64
		cents int64
		ok    bool
	}{
		{0, 0, true}, {7.5, 750, true}, {7.1, 710, true}, {59.99, 5999, true}, {108.01, 10801, true},
		{168, 16800, true}, {0.01, 1, true}, {999.99, 99999, true},
		{0.001, 0, false}, {59.995, 0, false}, {108.005, 0, false}, {0.1 + 0.2, 30, true},
		{math.NaN(), 0, false}, {math.Inf(1), 0, false}, {1e300, 0, false},
	}
	for _, tt := range tests {
		cents, ok := decimal.Cents(tt.v)
		if ok != tt.ok || (ok && cents != tt.cents) {
			t.Errorf("Cents(%v) = %d, %v; want %d, %v", tt.v, cents, ok, tt.cents, tt.ok)
		}
	}
}
