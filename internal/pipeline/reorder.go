package pipeline

import (
	"container/heap"
	"context"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Reorderer puts articles read in any order back into publication order,
// within a window bounded in bytes: it holds the articles it is given and
// lets the earliest published go first once the window is full, and all
// of them, earliest first, at the end. Clustering is one pass in
// publication order; an archive read in another order (a directory of
// pages named by hash, a file sorted newest first or by outlet) would
// otherwise make worse stories than the live stream did. Inputs that fit
// the window come out fully sorted; larger ones sorted within it.
//
// An undated article keeps its place after the article read before it:
// it takes that article's publication time, and among articles of one
// time the one read first goes first. Undated articles read before any
// dated one go first of all. The order depends only on the articles and
// the window, never on timing, so the same input gives the same stories.
type Reorderer struct {
	budget int64
	held   int64
	items  reorderHeap
	seq    uint64
	// last is the publication time of the latest dated article read.
	last time.Time
}

// articleOverhead is what an article costs in memory beyond its strings,
// roughly: the struct and the headers of its strings.
const articleOverhead = 512

// NewReorderer returns a Reorderer that holds at most budget bytes of
// articles: their text, title, URL and other strings, and some overhead
// each. An article larger than the whole budget empties the window.
func NewReorderer(budget int64) *Reorderer {
	return &Reorderer{budget: max(budget, 1)}
}

// Held reports the number of articles held and their estimated size.
func (r *Reorderer) Held() (articles int, bytes int64) { return len(r.items), r.held }

// Push takes a into the window. When the window then holds more than its
// budget (Full), the earliest articles must leave (Pop) before the next
// Push.
func (r *Reorderer) Push(a *news.Article) {
	key := a.Published
	if key.IsZero() {
		key = r.last
	} else {
		r.last = key
	}
	size := articleSize(a)
	heap.Push(&r.items, reorderItem{key: key, seq: r.seq, a: a, size: size})
	r.seq++
	r.held += size
}

// Full reports whether the window holds more than its budget.
func (r *Reorderer) Full() bool { return r.held > r.budget }

// Pop takes the earliest published article out of the window; it returns
// false when the window is empty. Popping until then, after the last
// Push, releases the rest in order.
func (r *Reorderer) Pop() (*news.Article, bool) {
	if len(r.items) == 0 {
		return nil, false
	}
	it := heap.Pop(&r.items).(reorderItem)
	r.held -= it.size
	return it.a, true
}

// articleSize estimates the memory an article holds.
func articleSize(a *news.Article) int64 {
	return int64(articleOverhead + len(a.Title) + len(a.Text) + len(a.URL) + len(a.Source) +
		len(a.Lang) + len(a.Origin) + len(a.Identity))
}

// reorderItem is a held article with its place: its publication time (or
// the one it took), then the order it was read in.
type reorderItem struct {
	key  time.Time
	seq  uint64
	a    *news.Article
	size int64
}

type reorderHeap []reorderItem

func (h reorderHeap) Len() int { return len(h) }
func (h reorderHeap) Less(i, j int) bool {
	if c := h[i].key.Compare(h[j].key); c != 0 {
		return c < 0
	}
	return h[i].seq < h[j].seq
}
func (h reorderHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *reorderHeap) Push(x any)   { *h = append(*h, x.(reorderItem)) }
func (h *reorderHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = reorderItem{}
	*h = old[:len(old)-1]
	return it
}

// Reorder passes the articles from in to the channel it returns in
// publication order within a window of budget bytes (see Reorderer). The
// channel is closed once in is closed and every article held has been
// sent, or once ctx is done; then Reorder keeps reading in until it is
// closed, so that its sender is never left blocked.
func Reorder(ctx context.Context, in <-chan *news.Article, budget int64) <-chan *news.Article {
	out := make(chan *news.Article, cap(in))
	go func() {
		defer close(out)
		defer func() {
			for range in {
				// Drain so the sender can finish.
			}
		}()
		r := NewReorderer(budget)
		// Each article is handed on as it leaves the window and kept by
		// nothing here after that: the placed articles, annotated by
		// then, are free to go.
		send := func(a *news.Article) bool {
			select {
			case out <- a:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for a := range in {
			r.Push(a)
			for r.Full() {
				if a, _ := r.Pop(); !send(a) {
					return
				}
			}
		}
		for a, ok := r.Pop(); ok; a, ok = r.Pop() {
			if !send(a) {
				return
			}
		}
	}()
	return out
}
