// Package config holds Parallax's settings: defaults, flags, environment
// variables and validation. Only cmd/parallax reads configuration; every
// other package receives what it needs as arguments.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"
)

// Environment variables, each the fallback for the flag of the same meaning.
const (
	EnvDB       = "PARALLAX_DB"
	EnvAddr     = "PARALLAX_ADDR"
	EnvLogLevel = "PARALLAX_LOG_LEVEL"
	// EnvDormantAfter holds a duration such as "72h".
	EnvDormantAfter = "PARALLAX_DORMANT_AFTER"
)

// Config is what a command runs with.
type Config struct {
	// DB is the path of the SQLite database file.
	DB string
	// Addr is where `parallax serve` listens.
	Addr string
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// DormantAfter is how long a story stays open after its last report
	// before it goes dormant (cluster.Params.Window); zero keeps every
	// story open. Commands that place articles set it (RegisterClustering).
	DormantAfter time.Duration
	// envDormantAfter is EnvDormantAfter's duration, when set;
	// clustering is true once RegisterClustering has run.
	envDormantAfter *time.Duration
	clustering      bool
	// problems are settings from the environment that could not be read.
	problems []error
}

// DefaultDB returns the database path used when neither flag nor
// environment names one: parallax.db under $XDG_DATA_HOME/parallax, or
// ~/.local/share/parallax, or the working directory as a last resort.
func DefaultDB(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "parallax", "parallax.db")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "parallax", "parallax.db")
	}
	return "parallax.db"
}

// Defaults returns the settings before flags and environment.
func Defaults(getenv func(string) string) Config {
	c := Config{DB: DefaultDB(getenv), Addr: "127.0.0.1:8080", LogLevel: "info"}
	if v := getenv(EnvDB); v != "" {
		c.DB = v
	}
	if v := getenv(EnvAddr); v != "" {
		c.Addr = v
	}
	if v := getenv(EnvLogLevel); v != "" {
		c.LogLevel = v
	}
	if v := getenv(EnvDormantAfter); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			c.problems = append(c.problems, fmt.Errorf("%s=%q: want a duration of zero or more, such as 72h", EnvDormantAfter, v))
		} else {
			c.envDormantAfter = &d
		}
	}
	return c
}

// RegisterDB adds the --db flag to fs, defaulting to c.DB.
func (c *Config) RegisterDB(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "SQLite database `path` (env "+EnvDB+")")
}

// RegisterServe adds the flags of the commands that serve HTTP.
func (c *Config) RegisterServe(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen `address` (env "+EnvAddr+")")
}

// RegisterLog adds the --log-level flag.
func (c *Config) RegisterLog(fs *flag.FlagSet) {
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log `level`: debug, info, warn or error (env "+EnvLogLevel+")")
}

// RegisterClustering adds the flags of the commands that place articles
// into stories; def is the clustering default of what the environment
// leaves unset.
func (c *Config) RegisterClustering(fs *flag.FlagSet, def time.Duration) {
	if c.envDormantAfter != nil {
		def = *c.envDormantAfter
	}
	c.clustering = true
	fs.DurationVar(&c.DormantAfter, "dormant-after", def,
		"a story quiet this long goes dormant: only a clearly matching report re-opens it, and it leaves memory after twice as long; 0 keeps every story open (env "+EnvDormantAfter+")")
}

// DormantAfterOr returns DormantAfter when the command registered the
// clustering flags, and def otherwise.
func (c Config) DormantAfterOr(def time.Duration) time.Duration {
	if c.clustering {
		return c.DormantAfter
	}
	return def
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	errs := append([]error(nil), c.problems...)
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("database path is empty"))
	}
	if _, err := c.Level(); err != nil {
		errs = append(errs, err)
	}
	if c.DormantAfter < 0 {
		errs = append(errs, fmt.Errorf("dormant after %v: must not be negative", c.DormantAfter))
	}
	return errors.Join(errs...)
}

// Level parses LogLevel.
func (c Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}
