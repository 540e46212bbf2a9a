package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/poll"
	"github.com/schollz/progressbar/v3"
)

// envAllowPrivate lists address ranges (comma-separated CIDR prefixes)
// that the fetch client may reach although they are private or loopback:
// intranet feeds, and tests on 127.0.0.1.
const envAllowPrivate = "PARALLAX_ALLOW_PRIVATE"

// newFetchClient returns the HTTP client every command that reads the web
// shares.
func newFetchClient(e *env) (*fetch.Client, error) {
	var allow []netip.Prefix
	for _, f := range strings.Split(e.getenv(envAllowPrivate), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not an address range such as 127.0.0.0/8", envAllowPrivate, f)
		}
		allow = append(allow, p)
	}
	return fetch.New(fetch.Options{
		Version:      "dev",
		Contact:      fetch.DefaultContact,
		Logger:       e.logger,
		AllowPrivate: allow,
	})
}

func runFetch(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "fetch", "")
	e.cfg.RegisterDB(fs)
	e.cfg.RegisterClustering(fs, cluster.DefaultParams().Window)
	all := fs.Bool("all", false, "poll every source, also those not due yet")
	concurrency := fs.Int("concurrency", poll.DefaultConcurrency, "sources polled at once")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "parallax fetch: takes no arguments; add sources with 'parallax sources add URL'")
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	client, err := newFetchClient(e)
	if err != nil {
		return fail(e, "%v", err)
	}
	p, err := poll.New(st, client, poll.Options{All: *all, Concurrency: *concurrency, Params: e.clusterParams(), Logger: e.logger, LockWait: cliLockWait})
	if err != nil {
		return fail(e, "%v", err)
	}
	var progress func(done, total int)
	if !*quiet && e.stderrIsTerminal {
		var bar *progressbar.ProgressBar
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("polling sources"),
					progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			_ = bar.Set(done)
			if done == total {
				_ = bar.Finish()
			}
		}
	}
	start := time.Now()
	sum, err := p.Once(ctx, progress)
	if *asJSON {
		if werr := writeJSON(e.stdout, sum); werr != nil {
			return fail(e, "%v", werr)
		}
	} else {
		printFetchSummary(e.stdout, sum, time.Since(start))
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "parallax: fetch interrupted; what was stored stays stored")
			return exitFailure
		}
		return fail(e, "fetch: %v", err)
	}
	for _, f := range sum.Failures {
		fmt.Fprintf(e.stderr, "failed source %d: %s\n", f.SourceID, f.Err)
	}
	if sum.Failed > 0 {
		return exitPartial
	}
	return exitOK
}

func printFetchSummary(w io.Writer, s poll.Summary, took time.Duration) {
	if s.Sources == 0 {
		fmt.Fprintln(w, "no source is due; 'parallax fetch --all' polls them anyway, 'parallax sources list' shows when each is due")
		return
	}
	fmt.Fprintf(w, "polled %d sources in %s: %d failed, %d not modified\n", s.Sources, took.Round(time.Millisecond), s.Failed, s.NotModified)
	fmt.Fprintf(w, "%d new items: %d articles added (%d reprints), %d already stored, %d could not be read\n",
		s.Items, s.Added, s.Reprints, s.AlreadyStored, s.ItemErrors)
	fmt.Fprintf(w, "stories: %d touched, %d of them new; %d merged into others\n", s.StoriesTouched, s.NewStories, s.Merges)
	for _, m := range s.Moves {
		fmt.Fprintf(w, "source %d moved permanently, now followed at %s (was %s)\n", m.SourceID, m.To, m.From)
	}
}
