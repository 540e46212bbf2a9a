// Package server mounts the JSON API and the HTML pages on one mux, wraps
// them in the middleware every response goes through (request log, panic
// recovery, security headers), and runs the http.Server.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/feeds"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/ui"
)

// Store is what the API and the pages read.
type Store interface {
	api.Store
	ui.Store
}

// compile-time check: every news.Store can be served.
var _ Store = news.Store(nil)

// Options tune the HTTP server. Zero fields take the defaults below.
type Options struct {
	// ReadHeaderTimeout bounds reading request headers (default 5s).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request (default 15s).
	ReadTimeout time.Duration
	// WriteTimeout bounds writing a response (default 30s).
	WriteTimeout time.Duration
	// IdleTimeout bounds keep-alive connections between requests (default 120s).
	IdleTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests once the
	// context given to ListenAndServe ends (default 10s).
	ShutdownTimeout time.Duration
	// MaxHeaderBytes caps request headers (default 64 KiB).
	MaxHeaderBytes int
	// WarmEvery is how often ListenAndServe renders ahead the pages of
	// large, recently active stories (ui.UI.Warm); the first pass starts
	// with the server. Default 30s; negative turns it off.
	WarmEvery time.Duration
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ReadHeaderTimeout, 5*time.Second)
	def(&o.ReadTimeout, 15*time.Second)
	def(&o.WriteTimeout, 30*time.Second)
	def(&o.IdleTimeout, 120*time.Second)
	def(&o.ShutdownTimeout, 10*time.Second)
	if o.WarmEvery == 0 {
		o.WarmEvery = 30 * time.Second
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = 64 << 10
	}
	return o
}

// Server serves Parallax over HTTP.
type Server struct {
	logger  *slog.Logger
	opts    Options
	handler http.Handler
	pages   *ui.UI
}

// New builds the server over store: the API under /api/v1/, the pages
// everywhere else, and GET /healthz.
func New(store Store, logger *slog.Logger, opts Options) (*Server, error) {
	if store == nil {
		return nil, fmt.Errorf("new server: nil store: %w", news.ErrInvalid)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	pages, err := ui.New(store, logger)
	if err != nil {
		return nil, fmt.Errorf("new server: %w", err)
	}
	mux := http.NewServeMux()
	jsonAPI := api.New(store, logger)
	pages.ShareComparisons(jsonAPI.Comparisons())
	jsonAPI.Register(mux)
	feeds.New(store, logger).Register(mux)
	pages.Register(mux)
	mux.HandleFunc("GET /healthz", healthz)
	return &Server{
		logger:  logger,
		opts:    opts.withDefaults(),
		handler: wrap(logger, mux),
		pages:   pages,
	}, nil
}

// Handler returns the root handler, middleware included.
func (s *Server) Handler() http.Handler { return s.handler }

// ListenAndServe listens on addr ("127.0.0.1:0" picks a free port), calls
// ready (when not nil) with the address it listens on, and serves until
// ctx ends. It then stops accepting connections and waits up to
// Options.ShutdownTimeout for requests in flight. It returns nil after a
// clean shutdown.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(addr string)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
		MaxHeaderBytes:    s.opts.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	warmCtx, stopWarming := context.WithCancel(ctx)
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		s.warm(warmCtx)
	}()
	defer func() {
		stopWarming()
		<-warmed
	}()
	bound := ln.Addr().String()
	s.logger.InfoContext(ctx, "http server listening", "addr", bound)
	if ready != nil {
		ready(bound)
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve %s: %w", bound, err)
	case <-ctx.Done():
	}
	s.logger.InfoContext(ctx, "http server shutting down", "addr", bound)
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		_ = srv.Close()
		<-served
		return fmt.Errorf("shut down %s: %w", bound, err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", bound, err)
	}
	return nil
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// warm renders ahead the pages of large, recent stories now and every
// Options.WarmEvery, until ctx ends.
func (s *Server) warm(ctx context.Context) {
	if s.opts.WarmEvery < 0 || s.pages == nil {
		return
	}
	t := time.NewTicker(s.opts.WarmEvery)
	defer t.Stop()
	for {
		start := time.Now()
		n, err := s.pages.Warm(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger.WarnContext(ctx, "warming story pages", "err", err)
		} else if n > 0 {
			s.logger.InfoContext(ctx, "story pages rendered ahead", "pages", n, "took", time.Since(start).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
