package compare

import (
	"container/list"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/news"
)

// Cache keeps the comparisons of recently compared stories, so that a
// story that gained articles is compared by adding only the new articles
// to the Builder kept for it. It holds at most a fixed number of stories
// and forgets the least recently used one first. It is safe for
// concurrent use: requests for one story wait for each other, requests
// for different stories do not.
//
// A story's articles must come in a stable order, new articles last (the
// stores give them in order of arrival). The cached comparison is kept
// when the articles it was built from are the first ones given, each with
// the same annotations (a fingerprint of them); otherwise (an article
// left the story, stories were merged and articles came in between, or an
// article was annotated again) the story is compared from scratch. So
// the result always equals Compare of the same articles.
//
// What is not incremental: the story's entities are merged again
// (annotate.Story, without quotes), over all the articles, whenever the
// story gains one.
type Cache struct {
	mu      sync.Mutex
	max     int
	recent  *list.List // of *cacheEntry, most recently used first
	byStory map[int64]*list.Element
	stats   CacheStats
}

// CacheStats counts what a Cache did.
type CacheStats struct {
	// Stories is the number of stories cached now.
	Stories int `json:"stories"`
	// Hits are comparisons returned as cached, the story unchanged.
	Hits int `json:"hits"`
	// Updates are comparisons brought up to date by adding articles to a
	// cached one; Builds are comparisons of stories not cached (or
	// evicted); Rebuilds are cached comparisons thrown away because the
	// story's articles were not the cached ones plus new ones.
	Updates  int `json:"updates"`
	Builds   int `json:"builds"`
	Rebuilds int `json:"rebuilds"`
	// Added is the number of articles added to Builders.
	Added int `json:"added"`
	// Evictions are stories forgotten to make room.
	Evictions int `json:"evictions"`
}

// cacheEntry is one story's comparison state.
type cacheEntry struct {
	story int64
	mu    sync.Mutex
	b     *Builder
	seen  []articleKey // the articles added, in order
	last  Comparison
	ok    bool // last is the comparison of seen
}

// articleKey is an article as the cache saw it.
type articleKey struct {
	id          int64
	fingerprint uint64
}

// NewCache returns a cache of at most maxStories stories (at least one).
func NewCache(maxStories int) *Cache {
	return &Cache{max: max(maxStories, 1), recent: list.New(), byStory: make(map[int64]*list.Element)}
}

// Texts returns the texts of the given articles, by article ID, for
// reading their dates in context; an article without a text has its dates
// left out.
type Texts func(ids []int64) (map[int64]string, error)

// TextsOf serves texts from articles already read.
func TextsOf(articles []news.Article) Texts {
	return func(ids []int64) (map[int64]string, error) {
		want := make(map[int64]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		out := make(map[int64]string, len(ids))
		for _, a := range articles {
			if want[a.ID] {
				out[a.ID] = a.Text
			}
		}
		return out, nil
	}
}

// Comparison returns the comparison of story's annotated articles, in
// article order, as Compare(annotate.Story(arts), arts, articles) would:
// from the cache when the story is unchanged, by adding the new articles
// when it only gained some, from scratch otherwise. texts is asked for
// the texts of the articles to add, and only those; if it fails, the
// cache is left as it was. The Comparison returned may be shared with
// other callers: do not modify it.
func (c *Cache) Comparison(story int64, arts []news.ArticleAnnotations, texts Texts) (Comparison, error) {
	e := c.entry(story)
	e.mu.Lock()
	defer e.mu.Unlock()

	keys := make([]articleKey, len(arts))
	for i, a := range arts {
		keys[i] = articleKey{a.ArticleID, fingerprint(a)}
	}
	kind := &c.stats.Updates
	switch {
	case e.b == nil:
		kind = &c.stats.Builds
	case len(e.seen) > len(keys) || !slices.Equal(e.seen, keys[:len(e.seen)]):
		kind = &c.stats.Rebuilds
		e.b, e.seen, e.ok = nil, nil, false
	case len(e.seen) == len(keys) && e.ok:
		c.count(func(s *CacheStats) { s.Hits++ })
		return e.last, nil
	}
	add := arts[len(e.seen):]
	ids := make([]int64, len(add))
	for i, a := range add {
		ids[i] = a.ArticleID
	}
	var text map[int64]string
	if len(ids) > 0 && texts != nil {
		var err error
		if text, err = texts(ids); err != nil {
			return Comparison{}, fmt.Errorf("texts of story %d: %w", story, err)
		}
	}
	if e.b == nil {
		e.b = new(Builder)
	}
	for _, a := range add {
		e.b.Add(a, text[a.ArticleID])
	}
	e.seen = append(e.seen, keys[len(e.seen):]...)
	e.last, e.ok = e.b.Comparison(storyEntities(arts)), true
	c.count(func(s *CacheStats) {
		*kind++
		s.Added += len(add)
	})
	return e.last, nil
}

// storyEntities merges the entities of a story's articles as
// annotate.Story does, without its grouping of quotes, which a Builder
// does itself (and which costs most of annotate.Story).
func storyEntities(arts []news.ArticleAnnotations) news.StoryAnnotations {
	bare := make([]news.ArticleAnnotations, len(arts))
	for i, a := range arts {
		a.Annotations.Quotes = nil
		bare[i] = a
	}
	return annotate.Story(bare)
}

// Invalidate forgets a story's comparison.
func (c *Cache) Invalidate(story int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byStory[story]; ok {
		c.recent.Remove(el)
		delete(c.byStory, story)
	}
}

// Stats returns what the cache did so far.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Stories = len(c.byStory)
	return s
}

func (c *Cache) count(f func(*CacheStats)) {
	c.mu.Lock()
	f(&c.stats)
	c.mu.Unlock()
}

// entry returns the story's entry, made the most recent, creating it (and
// evicting the least recent one when full) if needed.
func (c *Cache) entry(story int64) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byStory[story]; ok {
		c.recent.MoveToFront(el)
		return el.Value.(*cacheEntry)
	}
	e := &cacheEntry{story: story}
	c.byStory[story] = c.recent.PushFront(e)
	for c.recent.Len() > c.max {
		old := c.recent.Back()
		c.recent.Remove(old)
		delete(c.byStory, old.Value.(*cacheEntry).story)
		c.stats.Evictions++
	}
	return e
}

// fingerprint sums up what a comparison reads of an article's
// annotations, so that an article annotated again is seen to change.
func fingerprint(a news.ArticleAnnotations) uint64 {
	h := fnv.New64a()
	buf := make([]byte, 0, 64)
	put := func(parts ...any) {
		buf = buf[:0]
		for _, p := range parts {
			switch v := p.(type) {
			case string:
				buf = append(buf, v...)
			case int:
				buf = strconv.AppendInt(buf, int64(v), 10)
			case int64:
				buf = strconv.AppendInt(buf, v, 10)
			case float64:
				buf = strconv.AppendUint(buf, math.Float64bits(v), 16)
			case bool:
				buf = strconv.AppendBool(buf, v)
			}
			buf = append(buf, 0)
		}
		h.Write(buf)
	}
	an := a.Annotations
	put(a.Source, a.Published.UnixNano(), len(an.Entities), len(an.Quotes), len(an.Claims), len(an.Dates))
	for _, e := range an.Entities {
		put(e.Name, e.Type, e.Mentions, len(e.Aliases))
	}
	for _, q := range an.Quotes {
		put(q.Start, q.End, q.Kind, q.Name, q.Speaker, q.SpeakerEntity)
	}
	for _, cl := range an.Claims {
		put(cl.Start, cl.End, cl.Low, cl.High, cl.Hedge, cl.Unit, cl.Measure, cl.Attribution)
	}
	for _, d := range an.Dates {
		put(d.Start, d.End, d.Time.UnixNano(), d.Granularity, d.Relative)
	}
	return h.Sum64()
}
