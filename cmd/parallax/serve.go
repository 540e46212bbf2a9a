package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/demo"
	"github.com/parallax-news/parallax/internal/poll"
	"github.com/parallax-news/parallax/internal/server"
	"github.com/parallax-news/parallax/internal/sqlite"
)

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "")
	e.cfg.RegisterDB(fs)
	e.cfg.RegisterServe(fs)
	e.cfg.RegisterClustering(fs, cluster.DefaultParams().Window)
	pollSources := fs.Bool("poll", true, "poll the followed sources while serving (--poll=false: serve only)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	if !*pollSources {
		return serve(ctx, e, st)
	}
	client, err := newFetchClient(e)
	if err != nil {
		return fail(e, "%v", err)
	}
	poller, err := poll.New(st, client, poll.Options{Params: e.clusterParams(), Logger: e.logger})
	if err != nil {
		return fail(e, "%v", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		if err := poller.Run(ctx); err != nil {
			e.logger.Error("poller stopped; serving without polling", "err", err)
		}
	}()
	code := serve(ctx, e, st)
	cancel()
	<-polled
	return code
}

func serve(ctx context.Context, e *env, st *sqlite.Store) int {
	srv, err := server.New(st, e.logger, server.Options{})
	if err != nil {
		return fail(e, "%v", err)
	}
	err = srv.ListenAndServe(ctx, e.cfg.Addr, func(addr string) {
		fmt.Fprintf(e.stdout, "Parallax is serving %s at http://%s/\n", st.Path(), addr)
	})
	if err != nil {
		return fail(e, "serve: %v", err)
	}
	return exitOK
}

func runDemo(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "demo", "")
	e.cfg.RegisterServe(fs)
	db := fs.String("db", "", "database `path` to create (default: a new temporary directory); must not exist")
	noServe := fs.Bool("no-serve", false, "build the demo database and exit without serving")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	path := *db
	if path == "" {
		dir, err := os.MkdirTemp("", "parallax-demo-")
		if err != nil {
			return fail(e, "create demo directory: %v", err)
		}
		path = filepath.Join(dir, "demo.db")
	} else if _, err := os.Stat(path); err == nil {
		return fail(e, "demo database %s exists; the demo starts from a fresh one: remove it or name another", path)
	}
	e.cfg.DB = path
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	e.stdin = bytes.NewReader(demo.Corpus)
	sum, err := ingestPaths(ctx, e, st, []string{"-"}, 0, defaultReorderMiB<<20, false)
	printSummary(e.stdout, sum, path)
	if err != nil {
		return fail(e, "ingest demo corpus: %v", err)
	}
	if sum.SkippedCount() > 0 {
		return fail(e, "the demo corpus had %d bad lines", sum.SkippedCount())
	}
	if *noServe {
		return exitOK
	}
	return serve(ctx, e, st)
}
