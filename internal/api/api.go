// Package api serves Parallax's stories, articles, search and statistics
// as JSON under /api/v1/. Every error has one shape:
//
//	{"error":{"status":404,"code":"not_found","message":"story 42 not found"}}
//
// and one table (see Classify) decides its status.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

// Store is the part of news.Store the API reads.
type Store interface {
	news.AnnotationStore
	news.DirectoryStore
	Article(ctx context.Context, id int64) (news.Article, error)
	Story(ctx context.Context, id int64) (news.Story, error)
	Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error)
	StoryArticles(ctx context.Context, storyID int64) ([]news.Article, error)
	StoryMerges(ctx context.Context, id int64) ([]news.Merge, error)
	Search(ctx context.Context, query string, limit int) ([]news.SearchHit, error)
	Stats(ctx context.Context) (news.Stats, error)
}

// StoryLister lists stories; ListStories needs nothing more.
type StoryLister interface {
	Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error)
}

// API holds the JSON handlers.
type API struct {
	store  Store
	logger *slog.Logger
	// comparisons keeps recent stories' comparisons, so a story that
	// gained an article is compared by adding that article alone.
	comparisons *compare.Cache
}

// New returns the API over store; logger receives server-side failures.
func New(store Store, logger *slog.Logger) *API {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &API{store: store, logger: logger, comparisons: compare.NewCache(ComparisonCacheStories)}
}

// Route is one operation of the API: Register mounts Handler on mux
// under "Method Pattern", and the OpenAPI document (openapi.json)
// describes it under the path Pattern and the method Method. The route
// table, Routes, is the one list of operations; a test holds the document
// to it in both directions.
type Route struct {
	// Method is an HTTP method; a GET route answers HEAD as well.
	Method string
	// Pattern is the path, wildcards written {name} as in both
	// http.ServeMux patterns and OpenAPI paths.
	Pattern string
	Handler http.HandlerFunc
}

// Routes returns the API's route table in the order Register mounts it.
// The followed-sources routes are in it only when the store is a
// news.SourceStore.
func (a *API) Routes() []Route {
	routes := []Route{
		{http.MethodGet, "/api/v1/stories", a.stories},
		{http.MethodGet, "/api/v1/stories/{id}", a.story},
		{http.MethodGet, "/api/v1/stories/{id}/annotations", a.storyAnnotations},
		{http.MethodGet, "/api/v1/stories/{id}/comparison", a.storyComparison},
		{http.MethodGet, "/api/v1/articles/{id}", a.article},
		{http.MethodGet, "/api/v1/search", a.search},
		{http.MethodGet, "/api/v1/stats", a.stats},
		{http.MethodGet, "/api/v1/entities/{key}", a.entity},
		{http.MethodGet, "/api/v1/outlets", a.outlets},
		{http.MethodGet, "/api/v1/outlets/{name}", a.outlet},
		{http.MethodGet, "/api/v1/openapi.json", a.openAPI},
	}
	if st, ok := a.store.(news.SourceStore); ok {
		h := sourceHandlers{API: a, store: st}
		routes = append(routes,
			Route{http.MethodGet, "/api/v1/sources", h.list},
			Route{http.MethodPost, "/api/v1/sources", h.add},
			Route{http.MethodGet, "/api/v1/sources/{id}", h.get},
			Route{http.MethodDelete, "/api/v1/sources/{id}", h.remove},
		)
	}
	return routes
}

// Register mounts the route table on mux, and under it a catch-all that
// answers every other /api/ request with the error shape.
func (a *API) Register(mux *http.ServeMux) {
	// table holds the routes alone, so noRoute can tell a path served
	// with other methods (405) from no path at all (404).
	table := http.NewServeMux()
	for _, rt := range a.Routes() {
		mux.HandleFunc(rt.Method+" "+rt.Pattern, rt.Handler)
		table.HandleFunc(rt.Method+" "+rt.Pattern, rt.Handler)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { a.noRoute(w, r, table) })
}

// storyList is the body of GET /api/v1/stories.
type storyList struct {
	Stories []news.Story `json:"stories"`
	// NextCursor fetches the following page; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// storyDetail is the body of GET /api/v1/stories/{id}.
type storyDetail struct {
	Story    news.Story    `json:"story"`
	Articles []articleJSON `json:"articles"`
	// Merges are the stories folded into this one, oldest first; an
	// article's assignment names the story it was placed in.
	Merges []news.Merge `json:"merges"`
}

// articleJSON is an article as sent in a story: Text holds an excerpt
// unless the full text was asked for, and Truncated says which.
type articleJSON struct {
	news.Article
	Truncated bool `json:"truncated,omitempty"`
}

// articleSummary is an article without its text, as sent in search hits.
type articleSummary struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Source      string    `json:"source,omitempty"`
	URL         string    `json:"url,omitempty"`
	Published   time.Time `json:"published,omitzero"`
	StoryID     int64     `json:"story_id"`
	DuplicateOf int64     `json:"duplicate_of,omitempty"`
}

type searchHit struct {
	Article articleSummary `json:"article"`
	// Snippet is plain text; SnippetParts is the same text cut into runs,
	// the matched ones flagged, for clients that highlight.
	Snippet      string             `json:"snippet"`
	SnippetParts []news.SnippetPart `json:"snippet_parts"`
	Rank         float64            `json:"rank"`
}

type searchResult struct {
	Query string      `json:"query"`
	Hits  []searchHit `json:"hits"`
}

// stories lists stories a page at a time.
func (a *API) stories(w http.ResponseWriter, r *http.Request) {
	f, err := StoryFilter(r.URL.Query())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page, next, err := ListStories(r.Context(), a.store, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, storyList{Stories: page, NextCursor: next})
}

// ListStories fetches one page of stories for f and the cursor of the
// page after it, or "" when f's page is the last. It asks the store for
// one story more than the page holds to learn whether another page
// follows, so the store must honour any Limit up to MaxStoryLimit+1.
func ListStories(ctx context.Context, store StoryLister, f news.StoryFilter) ([]news.Story, string, error) {
	limit := f.Limit
	f.Limit = limit + 1
	list, err := store.Stories(ctx, f)
	if err != nil {
		return nil, "", err
	}
	if list == nil {
		list = []news.Story{}
	}
	if len(list) <= limit {
		return list, "", nil
	}
	list = list[:limit]
	return list, EncodeCursor(list[len(list)-1]), nil
}

func (a *API) story(w http.ResponseWriter, r *http.Request) {
	id, err := ParseID("story", r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	story, err := a.store.Story(r.Context(), id)
	if err != nil {
		a.fail(w, r, NotFound(err, "story %d", id))
		return
	}
	articles, err := a.store.StoryArticles(r.Context(), id)
	if err != nil {
		a.fail(w, r, NotFound(err, "story %d", id))
		return
	}
	merges, err := a.store.StoryMerges(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	full := r.URL.Query().Get("full") == "1"
	out := storyDetail{Story: story, Articles: make([]articleJSON, 0, len(articles)), Merges: merges}
	for _, art := range articles {
		aj := articleJSON{Article: art}
		if !full {
			aj.Text, aj.Truncated = Excerpt(art.Text, ExcerptLen)
		}
		out.Articles = append(out.Articles, aj)
	}
	a.reply(w, r, out)
}

func (a *API) article(w http.ResponseWriter, r *http.Request) {
	id, err := ParseID("article", r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	art, err := a.store.Article(r.Context(), id)
	if err != nil {
		a.fail(w, r, NotFound(err, "article %d", id))
		return
	}
	if err := a.withAnnotations(r.Context(), &art); err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, struct {
		Article news.Article `json:"article"`
	}{art})
}

func (a *API) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	query, err := SearchQuery(q)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	limit, err := IntParam(q, "limit", DefaultSearchLimit, 1, MaxSearchLimit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	hits, err := a.store.Search(r.Context(), query, limit)
	if err != nil {
		a.fail(w, r, Describe(err, "cannot search for %q", query))
		return
	}
	out := searchResult{Query: query, Hits: make([]searchHit, 0, len(hits))}
	for _, h := range hits {
		rank := h.Rank
		if math.IsNaN(rank) || math.IsInf(rank, 0) {
			rank = 0
		}
		out.Hits = append(out.Hits, searchHit{
			Article: articleSummary{
				ID:          h.Article.ID,
				Title:       h.Article.Title,
				Source:      h.Article.Source,
				URL:         h.Article.URL,
				Published:   h.Article.Published,
				StoryID:     h.Article.StoryID,
				DuplicateOf: h.Article.DuplicateOf,
			},
			Snippet:      news.PlainSnippet(h.Snippet),
			SnippetParts: orEmpty(news.SnippetParts(h.Snippet)),
			Rank:         rank,
		})
	}
	a.reply(w, r, out)
}

func (a *API) stats(w http.ResponseWriter, r *http.Request) {
	st, err := a.store.Stats(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, st)
}

// noRoute answers every /api/ request no route matched: 405 with the
// methods the path takes when table serves it with others, else 404.
func (a *API) noRoute(w http.ResponseWriter, r *http.Request, table *http.ServeMux) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := table.Handler(probe); pattern != "" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		a.write(w, r, http.StatusMethodNotAllowed, errorBody{Problem{
			Status:  http.StatusMethodNotAllowed,
			Code:    "method_not_allowed",
			Message: "method " + r.Method + " not allowed",
		}})
		return
	}
	a.fail(w, r, Describe(news.ErrNotFound, "no API route %s", r.URL.Path))
}

type errorBody struct {
	Error Problem `json:"error"`
}

// fail sends the error response for err, logging server-side failures.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := Classify(err)
	if p.Status >= http.StatusInternalServerError {
		a.logger.ErrorContext(r.Context(), "api request failed",
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	a.write(w, r, p.Status, errorBody{p})
}

func (a *API) reply(w http.ResponseWriter, r *http.Request, v any) {
	a.write(w, r, http.StatusOK, v)
}

// write encodes v before sending anything, so an encoding failure can
// still become a clean 500.
func (a *API) write(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		a.logger.ErrorContext(r.Context(), "api encode response",
			"method", r.Method, "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		buf.Reset()
		_ = json.NewEncoder(&buf).Encode(errorBody{Classify(err)})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// orEmpty turns a nil slice into an empty one, so JSON says [] not null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
