package outcomes

import (
	"fmt"
	"strconv"
	"strings"
)

// percentiles scans a PostgreSQL float8[] of three percentiles ({p25,p50,p75}, or NULL
// when no case has both dates).
type percentiles [3]float64

func (p *percentiles) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("percentiles: unexpected %T", src)
	}
	parts := strings.Split(strings.Trim(s, "{}"), ",")
	if len(parts) != 3 {
		return fmt.Errorf("percentiles: %q", s)
	}
	for i, part := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil {
			return fmt.Errorf("percentiles: %q", s)
		}
		p[i] = f
	}
	return nil
}
