package ui

import (
	"container/list"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// viewCacheStories is how many story pages' views the UI keeps.
const viewCacheStories = 128

// viewCache keeps recently shown story pages' views, each with the
// version of the story it was built from: a story that gained an article
// (or was merged, or got a later report) has another version, and its
// view is built again. Safe for concurrent use.
type viewCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *viewEntry, most recently used first
	items map[viewKey]*list.Element
}

type viewKey struct {
	id  int64
	all bool
}

type viewEntry struct {
	key     viewKey
	version storyVersion
	data    storyData
}

// storyVersion is what changes whenever a story's articles do.
type storyVersion struct {
	articles, sources, originals int
	first, last                  time.Time
	title                        string
}

func versionOf(s news.Story) storyVersion {
	return storyVersion{s.Articles, s.Sources, s.Originals, s.FirstSeen, s.LastSeen, s.Title}
}

func newViewCache(max int) *viewCache {
	return &viewCache{max: max, order: list.New(), items: make(map[viewKey]*list.Element)}
}

// get returns the view kept for the story at its current version.
func (c *viewCache) get(s news.Story, all bool) (storyData, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[viewKey{s.ID, all}]
	if !ok {
		return storyData{}, false
	}
	e := el.Value.(*viewEntry)
	if e.version != versionOf(s) {
		return storyData{}, false
	}
	c.order.MoveToFront(el)
	data := e.data
	// The story read now is the one to show (its ID may be a merged one's).
	data.Story = s
	return data, true
}

// put keeps the view built for the story, forgetting the least recently
// used view when full.
func (c *viewCache) put(s news.Story, all bool, data storyData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := viewKey{s.ID, all}
	if el, ok := c.items[k]; ok {
		e := el.Value.(*viewEntry)
		e.version, e.data = versionOf(s), data
		c.order.MoveToFront(el)
		return
	}
	c.items[k] = c.order.PushFront(&viewEntry{key: k, version: versionOf(s), data: data})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*viewEntry).key)
	}
}
