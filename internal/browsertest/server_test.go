package browsertest

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/demo"
	"github.com/parallax-news/parallax/internal/input"
	"github.com/parallax-news/parallax/internal/pipeline"
	"github.com/parallax-news/parallax/internal/server"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// newStore opens a fresh SQLite store in the test's temporary directory and
// closes it when the test ends.
func newStore(t *testing.T) *sqlite.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parallax.db")
	st, err := sqlite.Open(context.Background(), path, sqlite.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatalf("open store %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return st
}

// ingest feeds corpus, JSON Lines in the shared corpus format, through the
// pipeline into st, as `parallax demo` feeds its corpus: as standard input,
// with the default clustering parameters. Any skipped line fails the test.
func ingest(t *testing.T, st *sqlite.Store, corpus []byte) pipeline.Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	sum, err := pipeline.Ingest(ctx, st, pipeline.IngestOptions{
		Paths:  []string{"-"},
		Stdin:  bytes.NewReader(corpus),
		Params: cluster.DefaultParams(),
		OnProblem: func(p input.Problem) {
			t.Errorf("ingest skipped %s: %s", p.Origin, p.Reason)
		},
	})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if n := sum.SkippedCount(); n > 0 {
		t.Fatalf("ingest skipped %d inputs: %v", n, sum.Reasons())
	}
	t.Logf("ingested %d articles into %d stories in %s", sum.Added, sum.StoriesTouched, time.Since(start).Round(time.Millisecond))
	return sum
}

// serve serves st with the handler `parallax serve` uses, on a loopback
// port, until the test ends. It returns the base URL, without a trailing
// slash.
func serve(t *testing.T, st *sqlite.Store) string {
	t.Helper()
	srv, err := server.New(st, slog.New(slog.DiscardHandler), server.Options{})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

// demoServer builds the demo database in the test's temporary directory,
// as `parallax demo` does, and serves it. It returns the base URL.
func demoServer(t *testing.T) string {
	t.Helper()
	st := newStore(t)
	sum := ingest(t, st, demo.Corpus)
	if sum.Added == 0 {
		t.Fatal("the demo corpus added no articles")
	}
	return serve(t, st)
}
