// Package feeds serves Parallax as Atom feeds (RFC 4287), for feed
// readers: the latest stories, the articles matching a search, and the
// stories naming one entity.
//
//	GET /feeds/stories.atom           the latest stories
//	GET /feeds/search.atom?q=QUERY    articles matching QUERY, best first
//	GET /feeds/entities/{key}.atom    the latest stories naming the entity
//	                                  key, path-escaped
//
// The story feeds take the story list's filter parameters (min_articles,
// since, until, source, entity, lang; see api.StoryFilter) but no cursor.
// Every feed has at most 50 entries unless limit (1 to 200) says
// otherwise. Responses carry an ETag (a hash of the body) but no
// Last-Modified (see serve), and answer If-None-Match with 304. Errors
// have the JSON API's shape (see api.Classify).
//
// Article text is untrusted: every string is cleaned of what XML 1.0
// cannot carry (see Clean) and escaped by encoding/xml, and HTML content
// is escaped for HTML before that.
package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
)

// Entry limits, the same as the story list's.
const (
	DefaultLimit = 50
	MaxLimit     = 200
	// maxKeyLen caps the entity key in the path, in bytes, as the API caps
	// the entity parameter.
	maxKeyLen = api.MaxQueryLen
)

// contentType is what every feed is sent as.
const contentType = "application/atom+xml; charset=utf-8"

// generatorURI names the software in each feed's generator element.
const generatorURI = "https://github.com/parallax-news/parallax"

// Store is the part of news.Store the feeds read.
type Store interface {
	Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error)
	StoryArticles(ctx context.Context, storyID int64) ([]news.Article, error)
	StoryAnnotations(ctx context.Context, storyID int64) ([]news.ArticleAnnotations, error)
	Search(ctx context.Context, query string, limit int) ([]news.SearchHit, error)
}

// compile-time check: every news.Store can serve the feeds.
var _ Store = news.Store(nil)

// Feeds holds the feed handlers.
type Feeds struct {
	store  Store
	logger *slog.Logger
	// started dates a feed with no entries, so that an empty feed keeps
	// one ETag while the server runs.
	started time.Time
}

// New returns the feeds over store; logger receives server-side failures.
func New(store Store, logger *slog.Logger) *Feeds {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Feeds{store: store, logger: logger, started: time.Now().UTC().Truncate(time.Second)}
}

// Register mounts the feeds on mux, under /feeds/.
func (f *Feeds) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /feeds/stories.atom", f.stories)
	mux.HandleFunc("GET /feeds/search.atom", f.search)
	mux.HandleFunc("GET /feeds/entities/{file}", f.entity)
}

// StoriesPath returns the path of the latest-stories feed, for pages that
// link to it.
func StoriesPath() string { return "/feeds/stories.atom" }

// SearchPath returns the path and query of the search feed for query,
// escaped.
func SearchPath(query string) string {
	return "/feeds/search.atom?" + url.Values{"q": {query}}.Encode()
}

// EntityPath returns the path of the feed of the entity key
// ("PER:bashar al-assad" gives /feeds/entities/PER:bashar%20al-assad.atom).
func EntityPath(key string) string {
	return "/feeds/entities/" + url.PathEscape(key) + ".atom"
}

func (f *Feeds) stories(w http.ResponseWriter, r *http.Request) {
	filter, err := storyFilter(r.URL.Query())
	if err != nil {
		f.fail(w, r, err)
		return
	}
	s := siteOf(r)
	page := "/"
	if v := api.FilterValues(filter); len(v) > 0 {
		page += "?" + v.Encode()
	}
	feed := f.newFeed(r, s, "Parallax: latest stories", s.abs(page))
	feed.Subtitle = &atomText{Body: "The stories Parallax has seen most recently, each with the outlets that reported it."}
	if _, err := f.addStories(r.Context(), s, feed, filter); err != nil {
		f.fail(w, r, err)
		return
	}
	f.serve(w, r, feed)
}

func (f *Feeds) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	query, err := api.SearchQuery(q)
	if err != nil {
		f.fail(w, r, err)
		return
	}
	limit, err := api.IntParam(q, "limit", DefaultLimit, 1, MaxLimit)
	if err != nil {
		f.fail(w, r, err)
		return
	}
	hits, err := f.store.Search(r.Context(), query, limit)
	if err != nil {
		f.fail(w, r, api.Describe(err, "cannot search for %q", query))
		return
	}
	s := siteOf(r)
	shown := oneLine(query)
	feed := f.newFeed(r, s, "Parallax: search for “"+shown+"”",
		s.abs("/search?"+url.Values{"q": {query}}.Encode()))
	feed.Subtitle = &atomText{Body: "Articles matching “" + shown + "”, best match first."}
	for _, h := range hits {
		feed.Entries = append(feed.Entries, hitEntry(s, h, f.started))
	}
	f.serve(w, r, feed)
}

func (f *Feeds) entity(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	key, ok := strings.CutSuffix(file, ".atom")
	if !ok {
		f.fail(w, r, api.Describe(news.ErrNotFound, "no feed %s", r.URL.Path))
		return
	}
	if err := checkKey(key); err != nil {
		f.fail(w, r, err)
		return
	}
	filter, err := storyFilter(r.URL.Query())
	if err != nil {
		f.fail(w, r, err)
		return
	}
	filter.Entity = key
	s := siteOf(r)
	name := keyName(key)
	feed := f.newFeed(r, s, "", s.abs("/entities/"+url.PathEscape(key)))
	stories, err := f.addStories(r.Context(), s, feed, filter)
	if err != nil {
		f.fail(w, r, err)
		return
	}
	if len(stories) > 0 {
		name = f.entityName(r.Context(), stories[0].ID, key, name)
	}
	feed.Title = atomText{Body: "Parallax: stories naming " + name}
	feed.Subtitle = &atomText{Body: "The stories Parallax has seen most recently with a report naming " + name + "."}
	f.serve(w, r, feed)
}

// addStories lists the stories filter selects as entries of feed, each
// with its articles, and returns the stories.
func (f *Feeds) addStories(ctx context.Context, s site, feed *atomFeed, filter news.StoryFilter) ([]news.Story, error) {
	stories, err := f.store.Stories(ctx, filter)
	if err != nil {
		return nil, err
	}
	if len(stories) > filter.Limit {
		stories = stories[:filter.Limit]
	}
	for _, st := range stories {
		articles, err := f.store.StoryArticles(ctx, st.ID)
		if errors.Is(err, news.ErrNotFound) {
			// Listed, then gone: the entry still stands without headlines.
			articles = nil
		} else if err != nil {
			return nil, fmt.Errorf("story %d articles: %w", st.ID, err)
		}
		feed.Entries = append(feed.Entries, storyEntry(s, st, articles))
	}
	return stories, nil
}

// entityName looks up how the articles of story id write the entity
// key; it returns fallback when they do not.
func (f *Feeds) entityName(ctx context.Context, id int64, key, fallback string) string {
	anns, err := f.store.StoryAnnotations(ctx, id)
	if err != nil {
		f.logger.WarnContext(ctx, "feeds entity name", "story", id, "key", key, "err", err)
		return fallback
	}
	for _, a := range anns {
		for _, e := range a.Annotations.Entities {
			if e.Key == key {
				if name := oneLine(e.Name); name != "" {
					return name
				}
			}
		}
	}
	return fallback
}

// keyName is the readable part of an entity key: the name after the
// type ("PER:bashar al-assad" gives "bashar al-assad").
func keyName(key string) string {
	if _, name, ok := strings.Cut(key, ":"); ok && strings.TrimSpace(name) != "" {
		return oneLine(name)
	}
	return oneLine(key)
}

// newFeed starts a feed whose self link is the request's URL and whose
// alternate link is the matching page.
func (f *Feeds) newFeed(r *http.Request, s site, title, alternate string) *atomFeed {
	self := s.abs(r.URL.EscapedPath())
	if q := r.URL.Query(); len(q) > 0 {
		self += "?" + q.Encode()
	}
	self = Clean(self)
	return &atomFeed{
		ID:    self,
		Title: atomText{Body: title},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: Clean(alternate)},
		},
		Author:    atomPerson{Name: "Parallax"},
		Generator: atomGenerator{URI: generatorURI, Body: "Parallax"},
	}
}

// serve dates the feed by its newest entry, encodes it and sends it with
// its validators; http.ServeContent answers conditional and HEAD requests.
func (f *Feeds) serve(w http.ResponseWriter, r *http.Request, feed *atomFeed) {
	var updated time.Time
	for _, e := range feed.Entries {
		if e.updated.After(updated) {
			updated = e.updated
		}
	}
	updated = updated.UTC().Truncate(time.Second)
	// No feed claims a Last-Modified time: a report ingested late may
	// carry an older date than the newest entry, so a reader asking
	// If-Modified-Since would miss it. The ETag covers the whole body.
	// An empty feed is dated by the server's start.
	if updated.IsZero() {
		updated = f.started
	}
	feed.Updated = atomTime(updated)
	body, err := encode(feed)
	if err != nil {
		f.fail(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(body)))
}

// fail sends the API's JSON error for err, logging server-side failures.
func (f *Feeds) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := api.Classify(err)
	if p.Status >= http.StatusInternalServerError {
		f.logger.ErrorContext(r.Context(), "feed request failed",
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	body, _ := json.Marshal(struct {
		Error api.Problem `json:"error"`
	}{p})
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(body, '\n'))
	}
}

// siteOf is the scheme and host the request was sent to: https when the
// connection is TLS or a proxy says so in X-Forwarded-Proto.
func siteOf(r *http.Request) site {
	scheme := "http"
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	if r.TLS != nil || strings.EqualFold(strings.TrimSpace(proto), "https") {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return site(Clean(scheme + "://" + host))
}

// storyFilter reads the story-list parameters as api.StoryFilter does
// (limit, min_articles, since, until, source, entity, lang), less the
// cursor: a feed always starts at the newest story.
func storyFilter(q url.Values) (news.StoryFilter, error) {
	rest := make(url.Values, len(q))
	for k, v := range q {
		if k != "cursor" {
			rest[k] = v
		}
	}
	f, err := api.StoryFilter(rest)
	if err != nil {
		return f, err
	}
	f.Before = nil
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = DefaultLimit
	}
	return f, nil
}

// checkKey refuses an entity key that is empty, too long, not UTF-8, or
// holds characters a feed cannot carry.
func checkKey(key string) error {
	switch {
	case key == "":
		return api.Describe(api.ErrBadParam, "missing entity key")
	case len(key) > maxKeyLen:
		return api.BadParam("entity key", shorten(key), fmt.Sprintf("longer than %d bytes", maxKeyLen))
	case !utf8.ValidString(key) || Clean(key) != key:
		return api.BadParam("entity key", shorten(Clean(key)), "holds characters a feed cannot carry")
	}
	return nil
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
