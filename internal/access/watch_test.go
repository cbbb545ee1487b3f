package access_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestWatchOutageLogsOnce: while the database cannot be reached the watcher retries
// every second but logs that once, not once a second.
func TestWatchOutageLogsOnce(t *testing.T) {
	_, e := setup(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().(*net.TCPAddr)
	ln.Close()
	conf, err := pgx.ParseConfig("postgres://postgres@127.0.0.1/x?sslmode=disable&connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	conf.Port = uint16(addr.Port)
	logs := &lockedBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
	defer cancel()
	e.Watch(ctx, conf, time.Minute, slog.New(slog.NewTextHandler(logs, nil)))
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Errorf("%d warnings in 3.5 s of outage, want 1:\n%s", n, logs)
	}
}
