// Package sqlite is Parallax's embedded store: news.Store on a single SQLite
// file, through the pure-Go modernc.org/sqlite driver.
//
// The database runs in WAL mode. Writes go through one connection, so
// concurrent writers queue in Go instead of failing with SQLITE_BUSY, while
// reads use a separate pool and proceed alongside a write. The schema is
// embedded and migrated with goose when the store opens.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parallax-news/parallax/internal/news"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is news.Store on SQLite. It is safe for concurrent use.
type Store struct {
	path   string
	log    *slog.Logger
	writer *sql.DB // one connection; every write transaction goes here
	reader *sql.DB // a pool of read-only connections
	stmts  writeStmts
	// searchWindow is how many of the newest matches Search ranks.
	searchWindow int

	closeOnce sync.Once
	closeErr  error
}

var _ news.Store = (*Store)(nil)

// Option adjusts how Open sets up a store.
type Option func(*config)

type config struct {
	log         *slog.Logger
	busyTimeout time.Duration
	readers     int
}

// WithLogger sets the logger for migrations and other notable events.
// By default the store logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// WithBusyTimeout sets how long a connection waits for a lock held by
// another process before failing (default 5s). Writers inside one process
// never wait on each other through SQLite; they queue on the writer
// connection.
func WithBusyTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.busyTimeout = d
		}
	}
}

// WithReaders caps the number of concurrent read connections (default: the
// number of CPUs, at least 4).
func WithReaders(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.readers = n
		}
	}
}

// Open opens the store at path, creating the file and its parent directories
// when missing, and migrates the schema to the current version. Errors name
// the path.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	cfg := config{
		log:         slog.New(slog.DiscardHandler),
		busyTimeout: 5 * time.Second,
		readers:     max(4, runtime.NumCPU()),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if path == "" {
		return nil, fmt.Errorf("open sqlite store: empty path: %w", news.ErrInvalid)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}

	s := &Store{path: path, log: cfg.log, searchWindow: searchWindow}
	fail := func(err error) (*Store, error) {
		s.Close()
		if isNotADatabase(err) {
			return nil, fmt.Errorf("open sqlite store %s: not a SQLite database: %w", path, err)
		}
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}

	busy := strconv.FormatInt(cfg.busyTimeout.Milliseconds(), 10)
	s.writer, err = sql.Open("sqlite", dsn(abs, url.Values{
		"_busy_timeout": {busy},
		"_journal_mode": {"WAL"},
		"_synchronous":  {"NORMAL"},
		"_foreign_keys": {"1"},
		"_txlock":       {"immediate"},
	}))
	if err != nil {
		return fail(err)
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetMaxIdleConns(1)
	s.writer.SetConnMaxLifetime(0)
	s.writer.SetConnMaxIdleTime(0)
	if err := s.writer.PingContext(ctx); err != nil {
		return fail(err)
	}
	if err := s.migrate(ctx); err != nil {
		return fail(err)
	}
	if err := s.stmts.prepare(ctx, s.writer); err != nil {
		return fail(err)
	}

	s.reader, err = sql.Open("sqlite", dsn(abs, url.Values{
		"_busy_timeout": {busy},
		"_foreign_keys": {"1"},
		"_query_only":   {"1"},
	}))
	if err != nil {
		return fail(err)
	}
	s.reader.SetMaxOpenConns(cfg.readers)
	s.reader.SetMaxIdleConns(cfg.readers)
	if err := s.reader.PingContext(ctx); err != nil {
		return fail(err)
	}
	return s, nil
}

// dsn builds a file: URI for the driver, so that any byte of the path,
// '?' and '#' included, reaches SQLite unchanged.
func dsn(abs string, params url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: params.Encode()}
	if u.Path != "" && u.Path[0] != '/' { // a Windows volume: file:///C:/...
		u.Path = "/" + u.Path
	}
	return u.String()
}

// migrate brings the schema up to the newest embedded migration. It is a
// no-op on a database that is already current.
func (s *Store) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.writer, fsys,
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(s.log),
	)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		s.log.Debug("sqlite migration applied", "path", s.path,
			"version", r.Source.Version, "duration", r.Duration)
	}
	return nil
}

// Path returns the path the store was opened with.
func (s *Store) Path() string { return s.path }

// Close releases the store's connections. It is safe to call more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		errs := []error{s.stmts.close()}
		if s.reader != nil {
			errs = append(errs, s.reader.Close())
		}
		if s.writer != nil {
			errs = append(errs, s.writer.Close())
		}
		if err := errors.Join(errs...); err != nil {
			s.closeErr = fmt.Errorf("close sqlite store %s: %w", s.path, err)
		}
	})
	return s.closeErr
}

// isNotADatabase reports whether err is SQLite refusing a file that is not
// a database (or is encrypted).
func isNotADatabase(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB
}
