// Command parallax reads news articles from many sources, folds reprints
// together, groups reports of one event into stories and serves them.
//
// Usage: parallax COMMAND [flags] [args]; `parallax help` lists commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/parallax-news/parallax/internal/config"
	"golang.org/x/term"
)

// Exit statuses.
const (
	exitOK = 0
	// exitFailure: the command could not do its job.
	exitFailure = 1
	// exitUsage: the command line is wrong.
	exitUsage = 2
	// exitPartial: the job was done, but some input was skipped.
	exitPartial = 3
)

// env is what a command runs with: its streams and settings. Commands take
// it instead of reaching for globals, so tests can run them in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	cfg            config.Config
	logger         *slog.Logger
	// stderrIsTerminal enables progress bars.
	stderrIsTerminal bool
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"demo", "create a database from the built-in sample corpus and serve it", runDemo},
		{"ingest", "read articles from files, directories or - (stdin) into stories", runIngest},
		{"sources", "follow feeds and sitemaps: add, list, remove, import, export", runSources},
		{"fetch", "poll the followed sources now and place new articles in stories", runFetch},
		{"stories", "list stories, most recently active first", runStories},
		{"story", "show one story and its articles", runStory},
		{"article", "show one article", runArticle},
		{"search", "full-text search over articles", runSearch},
		{"serve", "serve the web UI and the JSON API", runServe},
		{"eval", "score story clustering on gold-labelled corpora", runEval},
		{"bench", "measure clustering speed, cost curve and memory on a synthetic stream", runBench},
		{"load", "fill a database with synthetic articles and measure page latency under HTTP load", runLoad},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{
		stdin:            os.Stdin,
		stdout:           os.Stdout,
		stderr:           os.Stderr,
		getenv:           os.Getenv,
		stderrIsTerminal: isTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, e *env) int {
	e.cfg = config.Defaults(e.getenv)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	level, err := e.cfg.Level()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax: %v\n", err)
		return exitUsage
	}
	e.logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "parallax: unknown command %q\n", args[0])
	usage(e.stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: parallax COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Run 'parallax COMMAND -h' for a command's flags. The database is %s\n", "$"+config.EnvDB+" or --db,")
	fmt.Fprintln(w, "by default ~/.local/share/parallax/parallax.db.")
}

// fail prints an error for the user and returns the failure status.
func fail(e *env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "parallax: "+format+"\n", args...)
	return exitFailure
}

// newFlags returns a flag set for a command that prints to stderr.
func newFlags(e *env, name, argsUsage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: parallax %s [flags] %s\n\nFlags:\n", name, argsUsage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a command's flags, which may come before or after its
// arguments ("story 12 --explain"); "--" ends the flags. When ok is false
// the command returns code at once (0 after -h, the usage status after a
// bad flag).
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK, false
			}
			return exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	_ = fs.Parse(append([]string{"--"}, positional...))
	return exitOK, true
}

func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
