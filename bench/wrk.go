package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The wrk script picks a random line "path<TAB>token" from the file named by URLS for
// every request and sends the token as its bearer token.
const wrkScript = `local paths, tokens = {}, {}
for line in io.lines(os.getenv("URLS")) do
  local p, t = line:match("^([^\t]*)\t?(.*)$")
  paths[#paths + 1] = p
  tokens[#tokens + 1] = t
end
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  local i = math.random(#paths)
  return wrk.format("GET", paths[i], { Authorization = "Bearer " .. tokens[i] })
end
`

// loadWithWrk runs wrk, a load generator in C, in its own process: it takes far less
// CPU than a Go client would, leaving the two cores to the server and PostgreSQL.
func loadWithWrk(
	ctx context.Context,
	name,
	base string,
	paths []string,
	conns int,
	d time.Duration,
) (result, error) {
	dir, err := os.MkdirTemp("", "startbaan-bench")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	urls, script := filepath.Join(dir, "urls.txt"), filepath.Join(dir, "pick.lua")
	if err := os.WriteFile(urls, []byte(strings.Join(paths, "\n")+"\n"), 0o600); err != nil {
		return result{}, err
	}
	if err := os.WriteFile(script, []byte(wrkScript), 0o600); err != nil {
		return result{}, err
	}
	cmd := exec.CommandContext(ctx, "wrk", "-t", "2", "-c", strconv.Itoa(conns), "-d",
		fmt.Sprintf("%ds", int(d.Seconds())),
		"--latency", "-s", script, base)
	cmd.Env = append(os.Environ(), "URLS="+urls)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %w: %s", err, out)
	}
	return parseWrk(name, string(out), d)
}

var (
	wrkPercentile = regexp.MustCompile(`(?m)^\s+(50|90|99)(?:\.000)?%\s+([0-9.]+)(us|ms|s)`)
	wrkRequests   = regexp.MustCompile(`(\d+) requests in`)
	wrkNon2xx     = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkErrors     = regexp.MustCompile(
		`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`,
	)
)

func parseWrk(name, out string, d time.Duration) (result, error) {
	r := result{name: name}
	m := wrkRequests.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("wrk output not understood:\n%s", out)
	}
	r.requests, _ = strconv.Atoi(m[1])
	r.rps = float64(r.requests) / d.Seconds()
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		r.errors, _ = strconv.Atoi(m[1])
	}
	if m := wrkErrors.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(s)
			r.errors += n
		}
	}
	for _, m := range wrkPercentile.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]time.Duration{
			"us": time.Microsecond,
			"ms": time.Millisecond,
			"s":  time.Second,
		}[m[3]]
		dur := time.Duration(v * float64(unit))
		switch m[1] {
		case "50":
			r.p50 = dur
		case "90":
			r.p95 = dur // wrk reports 90%; shown in the p90/p95 column
		case "99":
			r.p99 = dur
		}
	}
	return r, nil
}
