package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/pipeline"
)

// Store is what the Poller needs of a store.
type Store interface {
	pipeline.IngestStore
	HasIdentity(ctx context.Context, identity string) (bool, error)
	Sources(ctx context.Context) ([]news.Source, error)
	DueSources(ctx context.Context, now time.Time, limit int) ([]news.Source, error)
	RecordFetch(ctx context.Context, id int64, r news.FetchResult) error
	UpdateSource(ctx context.Context, id int64, u news.SourceUpdate) (news.Source, error)
}

// Fetcher fetches one URL; *fetch.Client is the one to use, as it keeps
// the per-host limits, robots.txt and the SSRF guard.
type Fetcher interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// Defaults of Options' zero fields.
const (
	DefaultConcurrency     = 16
	DefaultPageConcurrency = 4
	DefaultMaxItems        = 100
	DefaultFullTextWords   = 150
	DefaultSourceTimeout   = 5 * time.Minute
	DefaultTick            = 30 * time.Second
)

// Options tune a Poller. Zero fields take the defaults.
type Options struct {
	// Policy schedules the polls.
	Policy Policy
	// Concurrency is how many sources are polled at once;
	// PageConcurrency how many article pages of one source are fetched
	// at once. Per-host limits are the Fetcher's.
	Concurrency, PageConcurrency int
	// MaxItems caps the new items taken from one poll of one source; the
	// rest wait for the next poll.
	MaxItems int
	// FullTextWords is the fewest words of feed content taken as the
	// whole article; shorter content means the linked page is fetched and
	// its article extracted.
	FullTextWords int
	// SourceTimeout bounds one poll of one source, its pages included.
	SourceTimeout time.Duration
	// Tick is how often Run looks for due sources while none is due.
	Tick time.Duration
	// All makes Once poll every source, due or not.
	All bool
	// Params and Workers configure story assignment, as for ingest;
	// LockWait bounds the wait for another run placing articles into the
	// store (zero: as long as the context allows).
	Params   cluster.Params
	Workers  int
	LockWait time.Duration
	// Logger receives one line per poll (debug) and per failure (warn).
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&o.Concurrency, DefaultConcurrency)
	def(&o.PageConcurrency, DefaultPageConcurrency)
	def(&o.MaxItems, DefaultMaxItems)
	def(&o.FullTextWords, DefaultFullTextWords)
	if o.SourceTimeout <= 0 {
		o.SourceTimeout = DefaultSourceTimeout
	}
	if o.Tick <= 0 {
		o.Tick = DefaultTick
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Params == (cluster.Params{}) {
		o.Params = cluster.DefaultParams()
	}
	o.Policy = o.Policy.withDefaults()
	return o
}

// Poller polls followed sources and sends their new articles into stories.
type Poller struct {
	store Store
	fetch Fetcher
	opts  Options
	log   *slog.Logger
}

// New returns a Poller over store that fetches with f.
func New(store Store, f Fetcher, opts Options) (*Poller, error) {
	if store == nil || f == nil {
		return nil, fmt.Errorf("new poller: nil store or fetcher: %w", news.ErrInvalid)
	}
	o := opts.withDefaults()
	return &Poller{store: store, fetch: f, opts: o, log: o.Logger}, nil
}

// Summary tells what a round of polling did.
type Summary struct {
	// Sources counts the sources polled; Failed those whose poll failed;
	// NotModified those that answered 304.
	Sources     int `json:"sources"`
	Failed      int `json:"failed"`
	NotModified int `json:"not_modified"`
	// Moved counts the sources that answered with a permanent redirect
	// and are followed at their new address from now on.
	Moved int `json:"moved,omitempty"`
	// Moves lists them, in the order they finished.
	Moves []Move `json:"moves,omitempty"`
	// Items counts the new items found (not stored before); ItemErrors
	// those that could not be turned into an article this time (a page
	// that failed to load, or had no article and the feed no text).
	Items      int `json:"items"`
	ItemErrors int `json:"item_errors"`
	// Added counts the articles stored; the rest is as for ingest.
	Added          int `json:"added"`
	AlreadyStored  int `json:"already_stored"`
	Reprints       int `json:"reprints"`
	NewStories     int `json:"new_stories"`
	StoriesTouched int `json:"stories_touched"`
	Merges         int `json:"merges"`
	Restored       int `json:"restored"`
	// Failures lists the failed sources, in the order they finished.
	Failures []Failure `json:"failures,omitempty"`
}

// Failure is one source whose poll failed.
type Failure struct {
	SourceID int64  `json:"source_id"`
	URL      string `json:"url"`
	Err      string `json:"error"`
}

// Move is a source that moved for good to another address.
type Move struct {
	SourceID int64  `json:"source_id"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// ErrStopped reports that the pipeline stopped (a store failure) while
// a source's articles were waiting to be placed.
var ErrStopped = errors.New("pipeline stopped")

// Once polls every due source (every source with Options.All) once, at
// most Options.Concurrency at a time, and returns when all are done.
// progress, when not nil, is called after each source, with the number
// done and the total. A failing source is recorded and reported in the
// summary; the error is for the store or the pipeline failing, or ctx
// ending.
func (p *Poller) Once(ctx context.Context, progress func(done, total int)) (Summary, error) {
	var list []news.Source
	var err error
	if p.opts.All {
		list, err = p.store.Sources(ctx)
	} else {
		list, err = p.store.DueSources(ctx, p.opts.Now(), 0)
	}
	if err != nil {
		return Summary{}, fmt.Errorf("poll: %w", err)
	}
	var sum Summary
	if len(list) == 0 {
		return sum, nil
	}
	s := p.start(ctx)
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		sem  = make(chan struct{}, p.opts.Concurrency)
		done int
	)
feed:
	for _, src := range list {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break feed
		case <-s.done:
			break feed
		}
		wg.Go(func() {
			defer func() { <-sem }()
			r := p.pollSource(ctx, s, src)
			mu.Lock()
			defer mu.Unlock()
			r.addTo(&sum)
			done++
			if progress != nil {
				progress(done, len(list))
			}
		})
	}
	wg.Wait()
	ps, err := s.finish()
	sum.AlreadyStored, sum.Reprints, sum.NewStories = ps.AlreadyStored, ps.Reprints, ps.NewStories
	sum.StoriesTouched, sum.Merges, sum.Restored = ps.StoriesTouched, ps.Merges, ps.Restored
	sum.Added = ps.Added
	if err != nil {
		return sum, fmt.Errorf("poll: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("poll: %w", err)
	}
	return sum, nil
}

// Run polls sources as they fall due until parent ends, keeping at most
// Options.Concurrency polls in flight. It returns nil when parent ends, and
// an error only when the pipeline stops (the store failed). Failing
// sources are recorded and logged, never fatal.
func (p *Poller) Run(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	s := p.start(ctx)
	inflight := make(map[int64]bool)
	finished := make(chan int64)
	tick := time.NewTimer(0)
	defer tick.Stop()
	drain := func() {
		for len(inflight) > 0 {
			delete(inflight, <-finished)
		}
	}
	for {
		if free := p.opts.Concurrency - len(inflight); free > 0 && ctx.Err() == nil {
			due, err := p.store.DueSources(ctx, p.opts.Now(), p.opts.Concurrency+len(inflight))
			if err != nil && ctx.Err() == nil {
				p.log.WarnContext(ctx, "poll: list due sources", "err", err)
			}
			for _, src := range due {
				if inflight[src.ID] || len(inflight) >= p.opts.Concurrency {
					continue
				}
				inflight[src.ID] = true
				go func() {
					p.pollSource(ctx, s, src)
					finished <- src.ID
				}()
			}
		}
		if len(inflight) == 0 {
			tick.Reset(p.opts.Tick)
		}
		select {
		case <-ctx.Done():
			drain()
			_, err := s.finish()
			if err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
			return nil
		case <-s.done:
			// The pipeline stopped: on a store error, or because the
			// caller cancelled and it saw that first.
			cancel()
			drain()
			_, err := s.finish()
			if parent.Err() != nil && errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		case id := <-finished:
			delete(inflight, id)
		case <-tick.C:
		}
	}
}

// result is what one poll of one source did.
type result struct {
	src         news.Source
	err         error
	notModified bool
	movedTo     string // the source's new URL, when it moved
	items       int
	itemErrors  int
	added       int
}

func (r result) addTo(sum *Summary) {
	sum.Sources++
	sum.Items += r.items
	sum.ItemErrors += r.itemErrors
	if r.notModified {
		sum.NotModified++
	}
	if r.movedTo != "" {
		sum.Moved++
		sum.Moves = append(sum.Moves, Move{SourceID: r.src.ID, From: r.src.URL, To: r.movedTo})
	}
	if r.err != nil {
		sum.Failed++
		sum.Failures = append(sum.Failures, Failure{SourceID: r.src.ID, URL: r.src.URL, Err: r.err.Error()})
	}
}

// session is one pipeline run shared by the polls of a Once or a Run:
// articles go in on in; each poll waits until its own are placed.
type session struct {
	in   chan *news.Article
	done chan struct{} // closed when the pipeline has stopped
	sum  pipeline.Summary
	err  error // set before done is closed

	mu      sync.Mutex
	waiting map[*news.Article]*batch
}

// batch is the articles of one poll on their way through the pipeline.
type batch struct {
	left, added int
	done        chan struct{}
}

func (p *Poller) start(ctx context.Context) *session {
	s := &session{
		in:      make(chan *news.Article, 64),
		done:    make(chan struct{}),
		waiting: make(map[*news.Article]*batch),
	}
	go func() {
		defer close(s.done)
		s.sum, s.err = pipeline.IngestArticles(ctx, p.store, s.in, pipeline.ArticleOptions{
			Params:   p.opts.Params,
			Workers:  p.opts.Workers,
			Report:   s.report,
			LockWait: p.opts.LockWait,
			Restored: func(r pipeline.Restored) {
				if r.AsStored {
					p.log.WarnContext(ctx, "poll: the stored stories were placed with other settings or by another version; new articles continue them as they are stored",
						"articles", r.Articles)
				} else {
					p.log.InfoContext(ctx, "poll: stored stories restored", "articles", r.Articles)
				}
			},
		})
	}()
	return s
}

func (s *session) report(o pipeline.Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.waiting[o.Article]
	if b == nil {
		return
	}
	delete(s.waiting, o.Article)
	if !o.Duplicate {
		b.added++
	}
	if b.left--; b.left == 0 {
		close(b.done)
	}
}

// place sends articles into the pipeline in order and waits until they
// are stored; it returns how many were added (the rest were already
// stored).
func (s *session) place(ctx context.Context, articles []*news.Article) (int, error) {
	if len(articles) == 0 {
		return 0, nil
	}
	b := &batch{left: len(articles), done: make(chan struct{})}
	s.mu.Lock()
	for _, a := range articles {
		s.waiting[a] = b
	}
	s.mu.Unlock()
	added := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return b.added
	}
	for _, a := range articles {
		select {
		case s.in <- a:
		case <-s.done:
			return added(), fmt.Errorf("%w: %v", ErrStopped, s.err)
		case <-ctx.Done():
			return added(), ctx.Err()
		}
	}
	select {
	case <-b.done:
		return added(), nil
	case <-s.done:
		select {
		case <-b.done:
			return added(), nil
		default:
		}
		return added(), fmt.Errorf("%w: %v", ErrStopped, s.err)
	case <-ctx.Done():
		return added(), ctx.Err()
	}
}

// finish closes the input and waits for the pipeline.
func (s *session) finish() (pipeline.Summary, error) {
	select {
	case <-s.done:
	default:
		close(s.in)
		<-s.done
	}
	return s.sum, s.err
}
