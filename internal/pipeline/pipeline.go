// Package pipeline runs articles through the stages after reading:
// identity, featurising and annotating (on several workers), reprint
// detection and story assignment (in order, on one goroutine, so results
// do not depend on the number of workers), and storing. The evaluation
// harness runs the same code with an in-memory sink, so what is scored is
// what users get; it skips annotating (see Stream.Annotate).
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
)

// Sink receives each article with its assignment, in order, and returns
// the ID under which it stored the article. It returns news.ErrDuplicate
// when the article's identity is already held; the article then leaves no
// trace in the clustering state.
type Sink func(ctx context.Context, a *news.Article) (int64, error)

// Outcome is what happened to one article.
type Outcome struct {
	Article *news.Article
	// Duplicate is true when the article was already stored.
	Duplicate bool
	// Merge is set when the article made its story merge with another.
	Merge *news.Merge
}

// Stream assigns and stores articles from in until in is closed or ctx is
// done. Articles are featurised by workers goroutines (GOMAXPROCS when
// zero) but assigned and stored strictly in input order. report, when not
// nil, is called after each article.
type Stream struct {
	Engine *cluster.Engine
	Params cluster.Params
	Sink   Sink
	// Merge applies a merge of two stories to the store; nil when the
	// sink keeps no stories (evaluation resolves them from the engine).
	Merge   func(ctx context.Context, m news.Merge) error
	Workers int
	Report  func(Outcome)
	// Annotate, when set, finds the entities, quotes, claims and dates of
	// an article's text on the workers; the sink receives them on
	// Article.Annotations. Ingest sets it; evaluation, which keeps
	// nothing, leaves it nil.
	Annotate func(text string, published time.Time) news.Annotations
}

// jobsAhead is how many articles per worker may wait, featurised or
// not, for the goroutine that places them in order. Placing takes a long
// while now and then (an epoch's new frequencies, a merge, a posting list
// compacted); with room for a few hundred articles the workers featurise
// on through it, and neither side keeps stopping to wait for the other.
// On `parallax bench` (2 workers) 128 gave about 30% more articles
// per second than 4, and less CPU time in all; 512 gave no more.
const jobsAhead = 128

type job struct {
	a   *news.Article
	doc *cluster.Doc
	// ready is closed when doc (and a.Annotations, when annotating) is set.
	ready chan struct{}
}

// Run consumes in. It returns ctx.Err() when cancelled and the first sink
// error other than news.ErrDuplicate; articles taken from in but not yet
// stored when it returns were not stored.
func (s *Stream) Run(ctx context.Context, in <-chan *news.Article) error {
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// Cancel first so the reader and the workers stop, then wait for them.
	defer func() {
		cancel()
		wg.Wait()
	}()

	annotator := s.Annotate
	ordered := make(chan *job, workers*jobsAhead)
	work := make(chan *job, workers*jobsAhead)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				// An article without a URL is known by the hash of its
				// text, work in proportion to its length: it belongs on
				// the workers, not on the one goroutine that hands out
				// the jobs and would hold them all up.
				if j.a.Identity == "" {
					j.a.Identity = news.Identity(j.a.URL, j.a.Title, j.a.Text)
				}
				j.doc = cluster.Featurize(j.a.Title, j.a.Text, j.a.Source, j.a.Published, s.Params)
				if annotator != nil && j.a.Annotations == nil {
					an := annotator(j.a.Text, j.a.Published)
					j.a.Annotations = &an
				}
				close(j.ready)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		for {
			select {
			case <-ctx.Done():
				return
			case a, ok := <-in:
				if !ok {
					return
				}
				j := &job{a: a, ready: make(chan struct{})}
				select {
				case ordered <- j:
				case <-ctx.Done():
					return
				}
				select {
				case work <- j:
				case <-ctx.Done():
					close(j.ready)
					return
				}
			}
		}
	}()
	for j := range ordered {
		<-j.ready
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.place(ctx, j); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *Stream) place(ctx context.Context, j *job) error {
	dec := s.Engine.Assign(j.doc)
	j.a.StoryID = dec.StoryID
	j.a.DuplicateOf = dec.DuplicateOf
	j.a.Assignment = dec.Assignment
	id, err := s.Sink(ctx, j.a)
	if errors.Is(err, news.ErrDuplicate) {
		if s.Report != nil {
			s.Report(Outcome{Article: j.a, Duplicate: true})
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("store article from %s: %w", j.a.Origin, err)
	}
	j.a.ID = id
	out := Outcome{Article: j.a}
	if m, merged := s.Engine.Commit(j.doc, id, dec); merged {
		out.Merge = &m
		if s.Merge != nil {
			if err := s.Merge(ctx, m); err != nil {
				return fmt.Errorf("merge story %d into %d: %w", m.From, m.Into, err)
			}
		}
	}
	if s.Report != nil {
		s.Report(out)
	}
	return nil
}

// ClusteringLocker is a store that serialises the runs placing articles
// into it (see sqlite.Store.LockClustering): each run rebuilds the stories
// from the store and numbers new stories after the highest stored ID, so
// two at once would give different stories one ID.
type ClusteringLocker interface {
	LockClustering(ctx context.Context) (unlock func(), err error)
}

// ErrBusy reports that another run was placing articles into the store
// for longer than the caller would wait.
var ErrBusy = errors.New("another run is placing articles into this database (is `parallax serve` running on it? stop it, or add the input there as a source)")

// LockClustering takes st's clustering lock when st has one, waiting for
// another run to end for at most wait (as long as ctx allows when wait is
// zero), and returns the function that releases it.
func LockClustering(ctx context.Context, st any, wait time.Duration) (unlock func(), err error) {
	l, ok := st.(ClusteringLocker)
	if !ok {
		return func() {}, nil
	}
	if wait > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, wait, ErrBusy)
		defer cancel()
	}
	return l.LockClustering(ctx)
}

// RestoreStore is what Restore needs of a store.
type RestoreStore interface {
	ScanArticles(ctx context.Context, afterID int64, fn func(news.Article) error) error
	MaxStoryID(ctx context.Context) (int64, error)
}

// Restore builds an engine holding the stories already in the store, so
// that a new ingest continues them. The caller holds the clustering lock
// (LockClustering) from before Restore until its last article is placed.
//
// Stored articles are placed again, in ID order (the order they were
// placed in), by an engine with the same settings. Placement is
// deterministic, so when the stories it makes are the stored ones the
// engine is exactly the one the last run stopped with: second looks that
// were pending, and the merges to come, happen as if the stream had never
// stopped. When they differ (the store was written with other settings
// or by another version) Restore starts again and replays each article
// into the story it is stored in (cluster.Engine.Restore), which
// continues those stories as they are. So does a store whose articles
// were merged before it recorded the story each was placed in (schema
// migration 6): those read as placed in the story they are in now.
func Restore(ctx context.Context, st RestoreStore, p cluster.Params) (*cluster.Engine, Restored, error) {
	maxStory, err := st.MaxStoryID(ctx)
	if err != nil {
		return nil, Restored{}, fmt.Errorf("restore stories: %w", err)
	}
	eng, n, same, err := replace(ctx, st, p, maxStory)
	if err != nil || same {
		return eng, Restored{Articles: n}, err
	}
	eng, n, err = replay(ctx, st, p, maxStory)
	return eng, Restored{Articles: n, AsStored: true}, err
}

// Restored is what Restore did.
type Restored struct {
	// Articles counts the stored articles the engine holds.
	Articles int
	// AsStored is true when the stored stories are not what these
	// settings make of their articles (another version or other
	// settings placed them), so that they are continued as stored.
	AsStored bool
}

// errReplaced stops a replacement that has gone past the stored stories.
var errReplaced = errors.New("placement differs from the stored stories")

// replace places the stored articles again with p and reports whether
// the engine made the stored stories of them: each article lands in the
// story the store says it was placed in (Assignment.StoryID), its story
// as the engine's later merges resolve it is the one the store holds,
// and the engine numbers its next story after the highest stored ID. It
// gives up at the first article placed otherwise, so that a store
// written with other settings costs little before replay takes over.
func replace(ctx context.Context, st RestoreStore, p cluster.Params, maxStory int64) (eng *cluster.Engine, n int, same bool, err error) {
	eng, err = cluster.New(p, 1)
	if err != nil {
		return nil, 0, false, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The scanner appends each article's stored story and the story it
	// was placed in, in ID order; the sink, on the placing goroutine,
	// reads them back as it meets each article, and placed holds the
	// story the engine placed each in.
	var (
		mu            sync.Mutex
		stored, wasIn []int64
		placed        []int64
	)
	in := make(chan *news.Article, 64)
	scanned := make(chan error, 1)
	go func() {
		defer close(in)
		scanned <- st.ScanArticles(ctx, 0, func(a news.Article) error {
			if a.StoryID > maxStory {
				return fmt.Errorf("article %d: story %d above the highest story ID %d", a.ID, a.StoryID, maxStory)
			}
			mu.Lock()
			stored, wasIn = append(stored, a.StoryID), append(wasIn, a.Assignment.StoryID)
			mu.Unlock()
			select {
			case in <- &a:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	s := &Stream{Engine: eng, Params: p, Sink: func(_ context.Context, a *news.Article) (int64, error) {
		mu.Lock()
		want := wasIn[len(placed)]
		mu.Unlock()
		if a.StoryID != want {
			return 0, errReplaced
		}
		placed = append(placed, a.StoryID)
		return a.ID, nil
	}}
	runErr := s.Run(ctx, in)
	cancel()
	scanErr := <-scanned
	switch {
	case errors.Is(runErr, errReplaced):
		return nil, len(placed), false, nil
	case runErr != nil:
		return nil, 0, false, fmt.Errorf("restore stories: %w", runErr)
	case scanErr != nil:
		return nil, 0, false, fmt.Errorf("restore stories: %w", scanErr)
	}
	if len(placed) != len(stored) {
		return nil, 0, false, fmt.Errorf("restore stories: placed %d of %d stored articles", len(placed), len(stored))
	}
	for i, id := range placed {
		if eng.Resolve(id) != stored[i] {
			return nil, len(placed), false, nil
		}
	}
	return eng, len(placed), eng.NextStoryID() == maxStory+1, nil
}

// replay builds an engine from the stored articles, each added to the
// story it is stored in.
func replay(ctx context.Context, st RestoreStore, p cluster.Params, maxStory int64) (*cluster.Engine, int, error) {
	eng, err := cluster.New(p, maxStory+1)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	err = st.ScanArticles(ctx, 0, func(a news.Article) error {
		doc := cluster.Featurize(a.Title, a.Text, a.Source, a.Published, p)
		eng.Restore(doc, a.ID, a.StoryID)
		n++
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("restore stories: %w", err)
	}
	return eng, n, nil
}
