package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/parallax-news/parallax/internal/feed"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/poll"
)

// sourcesCommands are the subcommands of `parallax sources`.
var sourcesCommands = []command{
	{"add", "follow a feed, a sitemap, or the feed a site links to", runSourcesAdd},
	{"list", "list followed sources and their polling state", runSourcesList},
	{"remove", "stop following a source (its articles stay)", runSourcesRemove},
	{"import", "follow every feed of an OPML file", runSourcesImport},
	{"export", "write followed sources as OPML 2.0", runSourcesExport},
}

func runSources(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 {
		for _, c := range sourcesCommands {
			if c.name == args[0] {
				return c.run(ctx, e, args[1:])
			}
		}
	}
	w := e.stderr
	code := exitUsage
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, exitOK
	} else if len(args) > 0 {
		fmt.Fprintf(e.stderr, "parallax sources: unknown subcommand %q\n", args[0])
	}
	fmt.Fprintln(w, "Usage: parallax sources SUBCOMMAND [flags] [args]")
	fmt.Fprintln(w)
	for _, c := range sourcesCommands {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
	}
	return code
}

func runSourcesAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "sources add", "URL")
	e.cfg.RegisterDB(fs)
	interval := fs.Duration("interval", 0, "how often to poll, such as 30m (default: "+poll.DefaultInterval.String()+")")
	title := fs.String("title", "", "name of the outlet (default: the feed's title)")
	asJSON := fs.Bool("json", false, "print the source as JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "parallax sources add: give one URL: a feed, a sitemap or a site")
		return exitUsage
	}
	if *interval < 0 {
		fmt.Fprintln(e.stderr, "parallax sources add: --interval must be positive")
		return exitUsage
	}
	client, err := newFetchClient(e)
	if err != nil {
		return fail(e, "%v", err)
	}
	src, err := poll.Resolve(ctx, client, fs.Arg(0))
	if err != nil {
		return fail(e, "%v", err)
	}
	src.Interval = *interval
	if *title != "" {
		src.Title = *title
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	stored, err := st.AddSource(ctx, src)
	if errors.Is(err, news.ErrDuplicate) {
		return fail(e, "%s is already followed", src.URL)
	}
	if err != nil {
		return fail(e, "%v", err)
	}
	src = stored
	if *asJSON {
		if err := writeJSON(e.stdout, map[string]any{"source": src}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	fmt.Fprintf(e.stdout, "following source %d: %s %s", src.ID, src.Kind, src.URL)
	if src.Title != "" {
		fmt.Fprintf(e.stdout, " (%s)", src.Title)
	}
	fmt.Fprintln(e.stdout)
	return exitOK
}

func runSourcesList(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "sources list", "")
	e.cfg.RegisterDB(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	list, err := st.Sources(ctx)
	if err != nil {
		return fail(e, "%v", err)
	}
	if *asJSON {
		if list == nil {
			list = []news.Source{}
		}
		if err := writeJSON(e.stdout, map[string]any{"sources": list}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tEVERY\tARTICLES\tLAST POLL\tNEXT POLL\tSTATE\tTITLE\tURL")
	var policy poll.Policy
	for _, s := range list {
		state := "new"
		switch {
		case s.Failures > 0:
			state = fmt.Sprintf("failing ×%d: %s", s.Failures, clip(s.LastError, 60))
		case !s.LastFetched.IsZero():
			state = "ok " + strconv.Itoa(s.LastStatus)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, shortDuration(policy.Interval(s.Interval)),
			s.Articles, when(s.LastFetched), when(s.NextFetch), state, clip(s.Title, 30), s.URL)
	}
	tw.Flush()
	if len(list) == 0 {
		fmt.Fprintln(e.stderr, "no sources yet: run 'parallax sources add URL' or 'parallax sources import FILE.opml'")
	}
	return exitOK
}

// shortDuration writes 15m, 1h, 1h30m rather than 15m0s, 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	for _, zero := range []string{"m0s", "h0m"} {
		if strings.HasSuffix(s, zero) {
			s = s[:len(s)-2]
		}
	}
	return s
}

func runSourcesRemove(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "sources remove", "ID")
	e.cfg.RegisterDB(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	id, ok := idArg(e, fs.Args(), "source")
	if !ok {
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	src, err := st.Source(ctx, id)
	if err == nil {
		err = st.RemoveSource(ctx, id)
	}
	if errors.Is(err, news.ErrNotFound) {
		return fail(e, "source %d not found", id)
	}
	if err != nil {
		return fail(e, "%v", err)
	}
	fmt.Fprintf(e.stdout, "stopped following source %d: %s (its %d articles stay)\n", id, src.URL, src.Articles)
	return exitOK
}

func runSourcesImport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "sources import", "FILE.opml|-")
	e.cfg.RegisterDB(fs)
	interval := fs.Duration("interval", 0, "how often to poll the imported sources (default: "+poll.DefaultInterval.String()+")")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 || *interval < 0 {
		fmt.Fprintln(e.stderr, "parallax sources import: give one OPML file, or - for standard input")
		return exitUsage
	}
	var data []byte
	var err error
	if fs.Arg(0) == "-" {
		data, err = io.ReadAll(io.LimitReader(e.stdin, feed.MaxOPMLBytes+1))
	} else {
		data, err = os.ReadFile(fs.Arg(0))
	}
	if err != nil {
		return fail(e, "import: %v", err)
	}
	outlines, err := feed.ParseOPML(data)
	if err != nil {
		return fail(e, "import %s: %v", fs.Arg(0), err)
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	var client poll.Fetcher // made when a site needs its feed found
	var added, followed, problems int
	for _, o := range outlines {
		src := news.Source{URL: o.XMLURL, Kind: news.SourceFeed, Title: o.Title, SiteURL: o.HTMLURL, Interval: *interval}
		if src.Title == "" && o.Text != o.XMLURL {
			src.Title = o.Text
		}
		if o.Type == news.SourceSitemap {
			src.Kind = news.SourceSitemap
		}
		if src.URL == "" { // a site: find its feed
			if client == nil {
				c, err := newFetchClient(e)
				if err != nil {
					return fail(e, "%v", err)
				}
				client = c
			}
			found, err := poll.Resolve(ctx, client, o.HTMLURL)
			if err != nil {
				fmt.Fprintf(e.stderr, "skipped %s: %v\n", o.HTMLURL, err)
				problems++
				continue
			}
			src.URL, src.Kind = found.URL, found.Kind
			if src.Title == "" {
				src.Title = found.Title
			}
		}
		got, err := st.AddSource(ctx, src)
		switch {
		case errors.Is(err, news.ErrDuplicate):
			followed++
		case err != nil:
			fmt.Fprintf(e.stderr, "skipped %s: %v\n", src.URL, err)
			problems++
		default:
			added++
			fmt.Fprintf(e.stdout, "following source %d: %s\n", got.ID, got.URL)
		}
	}
	fmt.Fprintf(e.stdout, "imported %d sources from %d outlines: %d already followed, %d skipped\n",
		added, len(outlines), followed, problems)
	if problems > 0 {
		return exitPartial
	}
	return exitOK
}

func runSourcesExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "sources export", "[FILE]")
	e.cfg.RegisterDB(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(e.stderr, "parallax sources export: give at most one file (default: standard output)")
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	list, err := st.Sources(ctx)
	if err != nil {
		return fail(e, "%v", err)
	}
	outlines := make([]feed.Outline, 0, len(list))
	for _, s := range list {
		o := feed.Outline{Text: s.Title, Title: s.Title, Type: "rss", XMLURL: s.URL, HTMLURL: s.SiteURL}
		if o.Text == "" {
			o.Text = s.URL
		}
		if s.Kind == news.SourceSitemap {
			o.Type = news.SourceSitemap
		}
		outlines = append(outlines, o)
	}
	var buf bytes.Buffer
	if err := feed.WriteOPML(&buf, "Parallax sources", outlines); err != nil {
		return fail(e, "export: %v", err)
	}
	if fs.NArg() == 0 {
		_, err = e.stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(fs.Arg(0), buf.Bytes(), 0o644)
	}
	if err != nil {
		return fail(e, "export: %v", err)
	}
	if fs.NArg() == 1 {
		fmt.Fprintf(e.stdout, "wrote %d sources to %s\n", len(list), fs.Arg(0))
	}
	return exitOK
}
