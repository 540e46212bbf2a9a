package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
)

// ArticleOptions says how IngestArticles places articles.
type ArticleOptions struct {
	Params cluster.Params
	// Workers featurise articles in parallel; GOMAXPROCS when zero.
	Workers int
	// Restored, when not nil, is called once the stored stories have been
	// rebuilt, with what Restore did.
	Restored func(Restored)
	// Report, when not nil, is called after each article is placed (or
	// found already stored), on the goroutine that places them.
	Report func(Outcome)
	// LockWait bounds the wait for another run placing articles into the
	// store to end (see LockClustering); zero waits as long as ctx allows.
	LockWait time.Duration
}

// IngestArticles places every article from in into a story in the store,
// continuing the stories already stored, until in is closed or ctx is done.
// It is Ingest for callers that make articles themselves, such as the feed
// poller: articles are assigned in the order they arrive on in. An article
// without Identity gets one from its URL, title and text.
//
// It returns the first store error, or ctx.Err() when cancelled; it then
// stops reading in, so senders must also watch ctx or a done signal of
// their own.
func IngestArticles(ctx context.Context, st IngestStore, in <-chan *news.Article, opt ArticleOptions) (Summary, error) {
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
	if opt.Restored != nil {
		opt.Restored(restored)
	}
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
			sum.Read++
			tally(&sum, touched, o)
			if opt.Report != nil {
				opt.Report(o)
			}
		},
	}
	err = stream.Run(ctx, in)
	sum.StoriesTouched = len(touched)
	if err != nil {
		return sum, fmt.Errorf("place articles: %w", err)
	}
	return sum, nil
}

// tally counts one outcome into sum; touched collects the stories that
// received an article.
func tally(sum *Summary, touched map[int64]struct{}, o Outcome) {
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
}
