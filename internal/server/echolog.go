package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
)

// echoLog receives the lines of Echo's own logger (such as "response already
// committed"), which would otherwise go to stdout in a format of their own, and
// writes each as a slog record. Echo writes one JSON object per line with its
// default header.
type echoLog struct{ log *slog.Logger }

func (w echoLog) Write(p []byte) (int, error) {
	var rec struct{ Level, File, Line, Message string }
	if err := json.Unmarshal(p, &rec); err != nil {
		rec.Message = strings.TrimSpace(string(p))
	}
	level := slog.LevelWarn
	switch rec.Level {
	case "DEBUG":
		level = slog.LevelDebug
	case "INFO":
		level = slog.LevelInfo
	case "ERROR":
		level = slog.LevelError
	}
	w.log.Log(
		context.Background(),
		level,
		"echo",
		"message",
		rec.Message,
		"source",
		rec.File+":"+rec.Line,
	)
	return len(p), nil
}
