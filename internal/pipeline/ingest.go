package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/input"
	"github.com/parallax-news/parallax/internal/news"
)

// IngestStore is what Ingest needs of a store.
type IngestStore interface {
	RestoreStore
	AddArticle(ctx context.Context, a *news.Article) (int64, error)
	MergeStories(ctx context.Context, m news.Merge) error
}

// IngestOptions says what to ingest and how to report.
type IngestOptions struct {
	Paths  []string
	Stdin  io.Reader
	Params cluster.Params
	// Workers featurise articles in parallel; GOMAXPROCS when zero.
	Workers int
	// OnBytes is called as input is consumed, for progress bars.
	OnBytes func(n int64)
	// OnProblem is called for each input that was skipped.
	OnProblem func(input.Problem)
	// LockWait bounds the wait for another run placing articles into the
	// store to end (see LockClustering); zero waits as long as ctx allows.
	LockWait time.Duration
	// ReorderBytes is the window within which articles are put back in
	// publication order before they are placed (see Reorderer); zero
	// places them in the order they are read.
	ReorderBytes int64
}

// Summary tells what an ingest did.
type Summary struct {
	// Read counts articles read from the input.
	Read int `json:"read"`
	// Added counts articles stored now.
	Added int `json:"added"`
	// AlreadyStored counts articles whose identity was already stored.
	AlreadyStored int `json:"already_stored"`
	// Reprints counts added articles recognised as copies of earlier ones.
	Reprints int `json:"reprints"`
	// NewStories counts stories started by added articles.
	NewStories int `json:"new_stories"`
	// StoriesTouched counts stories that received an article.
	StoriesTouched int `json:"stories_touched"`
	// Merges counts stories folded into others.
	Merges int `json:"merges"`
	// Restored counts stored articles replayed to continue their stories;
	// RestoredAsStored is true when other settings or another version
	// placed them, so that they are continued as stored (see Restore).
	Restored         int  `json:"restored"`
	RestoredAsStored bool `json:"restored_as_stored,omitempty"`
	// Skipped lists the inputs that were not ingested, with the reason.
	Skipped []input.Problem `json:"skipped,omitempty"`
	// SkipReasons counts skipped inputs by reason class.
	SkipReasons map[string]int `json:"skip_reasons,omitempty"`
}

// maxKeptProblems bounds the problems a summary keeps verbatim; the rest
// are only counted.
const maxKeptProblems = 1000

// Ingest reads the inputs and places every article in a story in the store,
// in publication order within opt.ReorderBytes of articles. It stops at the
// first store error or when ctx is done; what was stored until then stays
// stored, and running the same ingest again adds only what is missing.
func Ingest(ctx context.Context, st IngestStore, opt IngestOptions) (Summary, error) {
	var sum Summary
	unlock, err := LockClustering(ctx, st, opt.LockWait)
	if err != nil {
		return sum, err
	}
	defer unlock()
	eng, restored, err := Restore(ctx, st, opt.Params)
	if err != nil {
		return sum, err
	}
	sum.Restored, sum.RestoredAsStored = restored.Articles, restored.AsStored
	touched := make(map[int64]struct{})
	stream := &Stream{
		Engine:  eng,
		Params:  opt.Params,
		Workers: opt.Workers,
		Sink:    st.AddArticle,
		Merge:   st.MergeStories,
		// Articles that are stored are annotated on the workers.
		Annotate: annotate.Annotate,
		Report: func(o Outcome) {
			if o.Duplicate {
				sum.AlreadyStored++
				return
			}
			sum.Added++
			if o.Article.DuplicateOf != 0 {
				sum.Reprints++
			}
			if o.Article.Assignment.NewStory {
				sum.NewStories++
			}
			touched[o.Article.StoryID] = struct{}{}
			if o.Merge != nil {
				sum.Merges++
				delete(touched, o.Merge.From)
				touched[o.Merge.Into] = struct{}{}
			}
		},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	articles := make(chan *news.Article, 64)
	readErr := make(chan error, 1)
	go func() {
		defer close(articles)
		emit := func(d input.Draft) error {
			sum.Read++ // only this goroutine writes Read until it closes articles
			select {
			case articles <- FromDraft(d):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		problem := func(p input.Problem) {
			if len(sum.Skipped) < maxKeptProblems {
				sum.Skipped = append(sum.Skipped, p)
			}
			if sum.SkipReasons == nil {
				sum.SkipReasons = make(map[string]int)
			}
			sum.SkipReasons[reasonClass(p.Reason)]++
			if opt.OnProblem != nil {
				opt.OnProblem(p)
			}
		}
		readErr <- input.Read(ctx, opt.Paths, opt.Stdin, input.Options{OnBytes: opt.OnBytes}, emit, problem)
	}()
	var placing <-chan *news.Article = articles
	if opt.ReorderBytes > 0 {
		placing = Reorder(ctx, articles, opt.ReorderBytes)
	}
	runErr := stream.Run(ctx, placing)
	cancel()
	for range placing {
		// Drain so the reader can finish.
	}
	rerr := <-readErr
	sum.StoriesTouched = len(touched)
	if runErr != nil {
		return sum, runErr
	}
	if rerr != nil && !errors.Is(rerr, context.Canceled) {
		return sum, fmt.Errorf("read input: %w", rerr)
	}
	return sum, nil
}

// SkippedCount is the number of skipped inputs, including those not kept
// verbatim.
func (s Summary) SkippedCount() int {
	n := 0
	for _, c := range s.SkipReasons {
		n += c
	}
	return n
}

// Reasons returns the skip reason classes, most frequent first.
func (s Summary) Reasons() []string {
	out := make([]string, 0, len(s.SkipReasons))
	for r := range s.SkipReasons {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if s.SkipReasons[out[i]] != s.SkipReasons[out[j]] {
			return s.SkipReasons[out[i]] > s.SkipReasons[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// reasonClass shortens a reason to its leading phrase ("invalid JSON: …"
// → "invalid JSON") for counting.
func reasonClass(reason string) string {
	for i, r := range reason {
		if r == ':' || r == '(' {
			return strings.TrimSpace(reason[:i])
		}
	}
	return reason
}

// FromDraft turns a draft read from input into an article to place.
func FromDraft(d input.Draft) *news.Article {
	return &news.Article{
		URL:       d.URL,
		Source:    d.Source,
		Title:     d.Title,
		Text:      d.Text,
		Lang:      d.Lang,
		Published: d.Published,
		Origin:    d.Origin,
	}
}
