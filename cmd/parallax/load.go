package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/config"
	"github.com/parallax-news/parallax/internal/loadgen"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/pipeline"
	"github.com/parallax-news/parallax/internal/server"
	"github.com/parallax-news/parallax/internal/sqlite"
	"github.com/parallax-news/parallax/internal/synth"
	"github.com/schollz/progressbar/v3"
)

func runLoad(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "load", "")
	e.cfg.RegisterDB(fs)
	fill := fs.Int("fill", 0, "first fill the database with synthetic articles up to this many (0: use it as it is)")
	annotateFill := fs.Bool("annotate", true, "annotate the articles of --fill (entities, quotes, claims) as ingest does; --annotate=false fills faster, and story pages then have no annotations")
	seed := fs.Uint64("seed", 1, "seed of the synthetic stream and of the workers' choices")
	words := fs.Int("words", 600, "mean length of synthetic articles in words")
	fillWorkers := fs.Int("fill-workers", 0, "featurising and annotating workers of --fill (0: one per CPU)")
	target := fs.String("url", "", "load a running server at this `URL` (http://host:port) instead of serving --db in-process")
	duration := fs.Duration("duration", 30*time.Second, "measured time")
	warmup := fs.Duration("warmup", 5*time.Second, "time before the measured time whose requests are not counted")
	concurrency := fs.Int("concurrency", 8, "workers, each with one request in flight (closed loop)")
	mixFlag := fs.String("mix", loadgen.DefaultMix().String(), "weights of the actions: index, api-stories (each with a few older pages), story, api-story, search, api-annotations, api-comparison")
	big := fs.Int("big", 100, "stories with at least this many articles are reported apart")
	listPages := fs.Int("list-pages", 10, "pages of 200 newest stories to sample story IDs from (stories of --big articles or more are always included)")
	timeout := fs.Duration("timeout", 10*time.Second, "bound on one request")
	asJSON := fs.Bool("json", false, "print JSON")
	p99 := fs.Duration("p99", 0, "exit 1 when an endpoint's p99 latency exceeds this (0: no check)")
	p99Only := fs.String("p99-endpoints", "", "comma-separated endpoint keys --p99 checks (default: all; keys as in --json)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load (server included when in-process) to this `file`")
	fillProfile := fs.String("fill-cpuprofile", "", "write a CPU profile of --fill to this `file`")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "parallax load: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	mix, err := loadgen.ParseMix(*mixFlag)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax load: --mix: %v\n", err)
		return exitUsage
	}
	var checkKeys []string
	for _, k := range strings.Split(*p99Only, ",") {
		if k = strings.TrimSpace(k); k != "" {
			checkKeys = append(checkKeys, k)
		}
	}
	if err := loadgen.CheckKeys(checkKeys); err != nil {
		fmt.Fprintf(e.stderr, "parallax load: --p99-endpoints: %v\n", err)
		return exitUsage
	}
	if *fill < 0 || *concurrency < 1 || *duration <= 0 || *warmup < 0 || *big < 1 || *words < 0 {
		fmt.Fprintln(e.stderr, "parallax load: --fill, --warmup and --words must not be negative; --concurrency, --duration and --big must be above 0")
		return exitUsage
	}

	out := struct {
		Fill *fillResult     `json:"fill,omitempty"`
		Load *loadgen.Report `json:"load"`
	}{}
	var st *sqlite.Store
	if *fill > 0 {
		dbGiven := e.getenv(config.EnvDB) != ""
		fs.Visit(func(f *flag.Flag) { dbGiven = dbGiven || f.Name == "db" })
		if !dbGiven {
			fmt.Fprintf(e.stderr, "parallax load: --fill writes synthetic articles: name the database with --db or $%s\n", config.EnvDB)
			return exitUsage
		}
	}
	if *fill > 0 || *target == "" {
		if st, err = openStore(ctx, e); err != nil {
			return fail(e, "%v", err)
		}
		defer st.Close()
	}
	if *fill > 0 {
		cfg := synth.DefaultConfig()
		cfg.Seed, cfg.Words, cfg.Articles = *seed, *words, *fill
		stop, err := startProfile(*fillProfile)
		if err != nil {
			return fail(e, "%v", err)
		}
		res, err := fillSynthetic(ctx, e, st, cfg, *annotateFill, *fillWorkers, *big)
		stop()
		if err != nil {
			return fail(e, "fill: %v", err)
		}
		out.Fill = &res
		if !*asJSON {
			res.print(e.stdout)
		}
	}

	base := *target
	if base == "" {
		// Server-side failures are logged; request lines are not, so that
		// the load report is not buried under them.
		logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		srv, err := server.New(st, logger, server.Options{})
		if err != nil {
			return fail(e, "%v", err)
		}
		sctx, stop := context.WithCancel(ctx)
		ready := make(chan string, 1)
		served := make(chan error, 1)
		go func() { served <- srv.ListenAndServe(sctx, "127.0.0.1:0", func(addr string) { ready <- addr }) }()
		defer func() {
			stop()
			if err := <-served; err != nil {
				e.logger.Warn("load: server stopped", "err", err)
			}
		}()
		select {
		case addr := <-ready:
			base = "http://" + addr
		case err := <-served:
			served <- err // for the deferred wait
			return fail(e, "serve: %v", err)
		}
	}

	var profile *os.File
	stopProfile := func() {
		if profile != nil {
			pprof.StopCPUProfile()
			if err := profile.Close(); err != nil {
				e.logger.Warn("load: CPU profile", "err", err)
			}
			profile = nil
		}
	}
	defer stopProfile()
	rep, err := loadgen.Run(ctx, loadgen.Options{
		BaseURL:     base,
		Concurrency: *concurrency,
		Warmup:      *warmup,
		Duration:    *duration,
		Mix:         mix,
		BigStory:    *big,
		ListPages:   *listPages,
		Timeout:     *timeout,
		Seed:        *seed,
		Started: func(stories int) {
			fmt.Fprintf(e.stderr, "loading %s with %d workers for %s after %s warm-up (%d stories to open)\n",
				base, *concurrency, *duration, *warmup, stories)
			if *cpuProfile != "" {
				f, err := os.Create(*cpuProfile)
				if err != nil {
					e.logger.Warn("load: CPU profile", "err", err)
					return
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					_ = f.Close()
					e.logger.Warn("load: CPU profile", "err", err)
					return
				}
				profile = f
			}
		},
	})
	stopProfile()
	if err != nil {
		if ctx.Err() != nil {
			return fail(e, "load interrupted")
		}
		return fail(e, "load: %v", err)
	}
	out.Load = rep
	if *asJSON {
		if err := writeJSON(e.stdout, out); err != nil {
			return fail(e, "%v", err)
		}
	} else if err := rep.WriteText(e.stdout); err != nil {
		return fail(e, "%v", err)
	}
	code := exitOK
	if n := rep.Errors(); n > 0 {
		fmt.Fprintf(e.stderr, "parallax load: %d of %d requests failed; first: %s\n", n, rep.Overall.Requests, rep.Overall.FirstError)
		code = exitFailure
	}
	if *p99 > 0 {
		for _, v := range rep.Check(*p99, checkKeys) {
			fmt.Fprintf(e.stderr, "parallax load: %s\n", v)
			code = exitFailure
		}
	}
	return code
}

// startProfile starts a CPU profile written to path, when not empty, and
// returns the function that ends it.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// fillResult tells what --fill did.
type fillResult struct {
	Wanted    int  `json:"wanted"`
	Existing  int  `json:"existing"`
	Added     int  `json:"added"`
	Annotated bool `json:"annotated"`
	// Restored counts stored articles replayed to continue their stories.
	Restored       int     `json:"restored"`
	RestoreSeconds float64 `json:"restore_seconds"`
	Seconds        float64 `json:"seconds"`
	ArticlesPerSec float64 `json:"articles_per_second"`
	Stories        int     `json:"stories"`
	Articles       int     `json:"articles"`
	// BigStories counts the stories of at least Big articles.
	Big        int `json:"big"`
	BigStories int `json:"big_stories"`
	// Largest are the sizes and IDs of the largest stories, largest first.
	Largest []storySize `json:"largest"`
}

func (r fillResult) print(w io.Writer) {
	if r.Added == 0 {
		fmt.Fprintf(w, "fill: the database already holds %d articles (wanted %d)\n", r.Existing, r.Wanted)
	} else {
		ann := "annotated"
		if !r.Annotated {
			ann = "not annotated"
		}
		fmt.Fprintf(w, "fill: added %d synthetic articles (%s) in %.1fs, %.0f articles/s", r.Added, ann, r.Seconds, r.ArticlesPerSec)
		if r.Restored > 0 {
			fmt.Fprintf(w, ", after replaying %d stored ones in %.1fs", r.Restored, r.RestoreSeconds)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "fill: %d articles in %d stories, %d of them with %d+ articles", r.Articles, r.Stories, r.BigStories, r.Big)
	if len(r.Largest) > 0 {
		fmt.Fprint(w, "; largest:")
		for _, l := range r.Largest {
			fmt.Fprintf(w, " story %d (%d)", l.ID, l.Articles)
		}
	}
	fmt.Fprintln(w)
}

// storySize is a story's ID and article count.
type storySize struct {
	ID       int64 `json:"id"`
	Articles int   `json:"articles"`
}

// synthOrigin marks the articles --fill stores, with the stream settings,
// so that a later fill can check it continues the same stream.
func synthOrigin(cfg synth.Config, i int) string {
	return fmt.Sprintf("synth seed=%d words=%d #%d", cfg.Seed, cfg.Words, i)
}

// fillSynthetic adds articles of the synthetic stream cfg to st until it
// holds cfg.Articles, through the ingest pipeline (clustering, reprint
// detection, the search index and, when annotateFill, annotations). A
// store already holding some articles of the same stream gets the rest of
// it; a store holding other articles is refused.
func fillSynthetic(ctx context.Context, e *env, st *sqlite.Store, cfg synth.Config, annotateFill bool, workers, big int) (fillResult, error) {
	res := fillResult{Wanted: cfg.Articles, Annotated: annotateFill, Big: big}
	stats, err := st.Stats(ctx)
	if err != nil {
		return res, err
	}
	res.Existing = stats.Articles
	if stats.Articles > 0 {
		if err := checkSynthetic(ctx, st, cfg); err != nil {
			return res, err
		}
	}
	if res.Existing < cfg.Articles {
		params := cluster.DefaultParams()
		unlock, err := pipeline.LockClustering(ctx, st, cliLockWait)
		if err != nil {
			return res, err
		}
		defer unlock()
		t0 := time.Now()
		eng, restored, err := pipeline.Restore(ctx, st, params)
		if err != nil {
			return res, err
		}
		res.Restored, res.RestoreSeconds = restored.Articles, time.Since(t0).Seconds()
		todo := cfg.Articles - res.Existing
		report := progress(e, todo)
		stream := &pipeline.Stream{
			Engine:  eng,
			Params:  params,
			Workers: workers,
			Sink:    st.AddArticle,
			Merge:   st.MergeStories,
			Report: func(o pipeline.Outcome) {
				if !o.Duplicate {
					res.Added++
				}
				report(1)
			},
		}
		if annotateFill {
			stream.Annotate = annotate.Annotate
		}
		in := make(chan *news.Article, 256)
		go func() {
			defer close(in)
			gen := synth.New(cfg)
			for i := 0; ; i++ {
				a, ok := gen.Next()
				if !ok {
					return
				}
				if i < res.Existing {
					continue // stored by an earlier fill
				}
				art := &news.Article{
					Title: a.Title, Text: a.Text, Source: a.Source, URL: a.URL,
					Published: a.Published, Lang: "en", Origin: synthOrigin(cfg, i+1),
				}
				select {
				case in <- art:
				case <-ctx.Done():
					return
				}
			}
		}()
		t1 := time.Now()
		err = stream.Run(ctx, in)
		report(-1)
		res.Seconds = time.Since(t1).Seconds()
		if res.Seconds > 0 {
			res.ArticlesPerSec = float64(res.Added) / res.Seconds
		}
		if err != nil {
			return res, err
		}
	}
	if stats, err = st.Stats(ctx); err != nil {
		return res, err
	}
	res.Articles, res.Stories = stats.Articles, stats.Stories
	bigs, err := st.Stories(ctx, news.StoryFilter{MinArticles: big, Limit: 1_000_000})
	if err != nil {
		return res, err
	}
	res.BigStories = len(bigs)
	slices.SortFunc(bigs, func(a, b news.Story) int { return cmp.Or(b.Articles-a.Articles, cmp.Compare(a.ID, b.ID)) })
	for _, s := range bigs[:min(5, len(bigs))] {
		res.Largest = append(res.Largest, storySize{s.ID, s.Articles})
	}
	return res, nil
}

// errStop ends a scan early.
var errStop = errors.New("stop")

// checkSynthetic refuses a store whose first article is not from the
// synthetic stream cfg, so that --fill never mixes synthetic articles into
// a real database, nor continues a different stream.
func checkSynthetic(ctx context.Context, st *sqlite.Store, cfg synth.Config) error {
	var origin string
	err := st.ScanArticles(ctx, 0, func(a news.Article) error {
		origin = a.Origin
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if want := synthOrigin(cfg, 1); origin != want {
		return fmt.Errorf("%s holds articles that are not from this synthetic stream (first article from %q, want %q): fill a new database, or the one an earlier fill with the same --seed and --words made", st.Path(), origin, want)
	}
	return nil
}

// progress returns a function that counts articles placed (n > 0) or
// ends the count (n < 0): a progress bar on a terminal, else a line on
// stderr at every tenth.
func progress(e *env, total int) func(n int) {
	if e.stderrIsTerminal {
		bar := progressbar.NewOptions(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("filling"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		return func(n int) {
			if n < 0 {
				_ = bar.Finish()
				return
			}
			_ = bar.Add(n)
		}
	}
	done, step, start := 0, max(total/10, 1), time.Now()
	return func(n int) {
		if n < 0 {
			return
		}
		done += n
		if done%step == 0 {
			el := time.Since(start).Seconds()
			fmt.Fprintf(e.stderr, "filling: %d of %d articles in %.0fs (%.0f/s)\n", done, total, el, float64(done)/el)
		}
	}
}
