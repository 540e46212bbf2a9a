package ui

import (
	"container/list"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// pageCacheBytes bounds the rendered story pages the UI keeps.
const pageCacheBytes = 64 << 20

// pageCache keeps recently shown story pages, rendered, each with the
// version of the story it was built from: a story that gained an article
// (or was merged, or got a later report) has another version, and its
// page is built again. It holds pages up to a total size, forgetting the
// least recently used first. Safe for concurrent use.
type pageCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // of *pageEntry, most recently used first
	items    map[pageKey]*list.Element
}

type pageKey struct {
	id  int64
	all bool
}

type pageEntry struct {
	key     pageKey
	version storyVersion
	body    []byte
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

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{maxBytes: maxBytes, order: list.New(), items: make(map[pageKey]*list.Element)}
}

// get returns the page kept for the story at its current version.
func (c *pageCache) get(s news.Story, all bool) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[pageKey{s.ID, all}]
	if !ok {
		return nil, false
	}
	e := el.Value.(*pageEntry)
	if e.version != versionOf(s) {
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.body, true
}

// put keeps the page rendered for the story. A page larger than the
// whole budget is not kept.
func (c *pageCache) put(s news.Story, all bool, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(body) > c.maxBytes {
		return
	}
	k := pageKey{s.ID, all}
	if el, ok := c.items[k]; ok {
		e := el.Value.(*pageEntry)
		c.bytes += len(body) - len(e.body)
		e.version, e.body = versionOf(s), body
		c.order.MoveToFront(el)
	} else {
		c.items[k] = c.order.PushFront(&pageEntry{key: k, version: versionOf(s), body: body})
		c.bytes += len(body)
	}
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*pageEntry)
		c.order.Remove(last)
		delete(c.items, e.key)
		c.bytes -= len(e.body)
	}
}
