package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// cluster is a private PostgreSQL cluster that a test may stop and crash: never the
// shared test server.
type cluster struct {
	t      *testing.T
	bin    string
	dir    string
	port   int
	asRoot bool
}

// newCluster initialises and starts a cluster in a temporary folder on a free port.
// fsync is off (the data is thrown away; a killed server still leaves its WAL in the
// operating system's cache), synchronous_commit stays on: an acknowledged commit is in
// the WAL.
func newCluster(t *testing.T) *cluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Fatal("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)")
	}
	c := &cluster{
		t:      t,
		bin:    filepath.Dir(bins[len(bins)-1]),
		port:   freePort(t),
		asRoot: os.Geteuid() == 0,
	}
	parent, err := os.MkdirTemp("", "startbaan-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	c.dir = filepath.Join(parent, "pg")
	if err := os.Mkdir(c.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if c.asRoot {
		// initdb refuses root: the cluster belongs to postgres, who must reach it.
		os.Chmod(parent, 0o755)
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		os.Chown(c.dir, uid, gid)
	}
	c.run(
		"initdb",
		"-D",
		c.dir,
		"-U",
		"postgres",
		"--auth=trust",
		"--encoding=UTF8",
		"--locale=C.UTF-8",
		"--no-sync",
	)
	c.start()
	t.Cleanup(func() { c.ctl("-m", "immediate", "stop") })
	return c
}

func (c *cluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

func (c *cluster) start() {
	c.ctl("-w", "-t", "60", "-l", filepath.Join(c.dir, "server.log"), "-o",
		fmt.Sprintf(
			"-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50",
			c.port,
			c.dir,
		), "start")
}

// crash stops PostgreSQL the hard way: every backend killed, no checkpoint, recovery
// from the WAL at the next start.
func (c *cluster) crash() { c.ctl("-m", "immediate", "stop") }

func (c *cluster) ctl(args ...string) {
	c.run("pg_ctl", append([]string{"-D", c.dir}, args...)...)
}

func (c *cluster) run(name string, args ...string) {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	if c.asRoot {
		cmd = exec.Command(
			"runuser",
			append([]string{"-u", "postgres", "--", filepath.Join(c.bin, name)}, args...)...,
		)
	}
	cmd.Dir = "/"
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		c.t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, log)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
