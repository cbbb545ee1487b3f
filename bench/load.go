package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// result summarises one scenario.
type result struct {
	name          string
	requests      int
	errors        int
	rps           float64
	p50, p95, p99 time.Duration
}

// load sends requests from conns workers for d, each picking its next URL from next.
func load(
	ctx context.Context,
	name string,
	conns int,
	d time.Duration,
	next func(*rand.Rand) string,
) result {
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns},
	}
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var wg sync.WaitGroup
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			var lat []time.Duration
			bad := 0
			for time.Now().Before(deadline) && ctx.Err() == nil {
				start := time.Now()
				path, token, _ := strings.Cut(next(rng), "\t")
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				res, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				if err != nil || res.StatusCode != http.StatusOK {
					bad++
				}
				lat = append(lat, time.Since(start))
			}
			mu.Lock()
			all, errs = append(all, lat...), errs+bad
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[int(float64(len(all)-1)*p)]
	}
	return result{name: name, requests: len(all), errors: errs, rps: float64(len(all)) / d.Seconds(),
		p50: pct(0.50), p95: pct(0.95), p99: pct(0.99)}
}

func (r result) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }
	return fmt.Sprintf(
		"| %-32s | %8d | %6d | %8.0f | %7s | %7s | %7s |",
		r.name,
		r.requests,
		r.errors,
		r.rps,
		ms(r.p50),
		ms(r.p95),
		ms(r.p99),
	)
}
