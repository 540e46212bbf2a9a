// Package ui serves Parallax's server-rendered pages: the story list, one
// story with the evidence for each article's place in it, one article, and
// search. Templates and the style sheet are embedded; pages need no
// JavaScript. Article text is untrusted and always rendered as text.
package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Search pages hold searchPage hits; the pager goes up to maxSearchPages.
const (
	searchPage     = 20
	maxSearchPages = 25
)

// Store is the part of news.Store the pages read.
type Store interface {
	news.AnnotationStore
	news.DirectoryStore
	Article(ctx context.Context, id int64) (news.Article, error)
	Story(ctx context.Context, id int64) (news.Story, error)
	Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error)
	StoryArticles(ctx context.Context, storyID int64) ([]news.Article, error)
	Search(ctx context.Context, query string, limit int) ([]news.SearchHit, error)
}

// UI holds the page handlers and their parsed templates.
type UI struct {
	store  Store
	logger *slog.Logger
	pages  map[string]*template.Template
	// cssPath is the style sheet's URL, versioned by its content hash so
	// browsers may cache it.
	cssPath string
	// comparisons keeps recent stories' comparisons (see ShareComparisons).
	comparisons *compare.Cache
	// storyPages keeps recent story pages, rendered.
	storyPages *pageCache
}

// ShareComparisons makes the pages use c for story comparisons, so that
// they and the JSON API keep one cache (see api.API.Comparisons).
func (u *UI) ShareComparisons(c *compare.Cache) { u.comparisons = c }

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"index.html", "story.html", "article.html", "search.html", "error.html",
	"entity.html", "outlet.html", "outlets.html"}

// New parses the embedded templates and returns the UI over store.
func New(store Store, logger *slog.Logger) (*UI, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	u := &UI{store: store, logger: logger, pages: make(map[string]*template.Template),
		comparisons: compare.NewCache(api.ComparisonCacheStories), storyPages: newPageCache(pageCacheBytes)}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		u.pages[name] = t
	}
	css, err := fs.ReadFile(staticFS, "static/style.css")
	if err != nil {
		return nil, fmt.Errorf("read style sheet: %w", err)
	}
	sum := sha256.Sum256(css)
	u.cssPath = "/static/style.css?v=" + hex.EncodeToString(sum[:6])
	return u, nil
}

// Register mounts the pages on mux, including a catch-all that answers
// unknown paths with the 404 page.
func (u *UI) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", u.index)
	mux.HandleFunc("GET /stories/{id}", u.story)
	mux.HandleFunc("GET /articles/{id}", u.article)
	mux.HandleFunc("GET /search", u.search)
	mux.HandleFunc("GET /entities/{key}", u.entity)
	mux.HandleFunc("GET /outlets", u.outlets)
	mux.HandleFunc("GET /outlets/{name}", u.outlet)
	mux.HandleFunc("GET /static/{name}", u.static)
	mux.HandleFunc("/", u.noRoute)
}

// view is what every page template receives.
type view struct {
	// Title is the page's own title, shown in <title> before the site name.
	Title string
	// Query fills the search box in the header.
	Query string
	// Feed is the Atom feed that follows this page, if any.
	Feed string
	CSS  string
	Data any
}

type indexData struct {
	List listing
	// Form holds the filter form's values as the query gave them;
	// Filters the active filters, each with a link that drops it.
	Form    filterForm
	Filters []activeFilter
	// Feed follows this listing as Atom.
	Feed string
}

// filterForm is the story list's filter form.
type filterForm struct {
	Since, Until, Source, Entity, Lang string
}

// activeFilter is one filter in force, with the link that removes it.
type activeFilter struct {
	Name, Value, Drop string
}

type articleView struct {
	news.Article
	Excerpt   string
	Truncated bool
}

type articleData struct {
	Article news.Article
	Story   news.Story
}

type searchData struct {
	Query string
	Hits  []news.SearchHit
	// First is the rank of the first hit shown, from 1; Prev and Next
	// link to the neighbouring pages, empty where there is none.
	First      int
	Prev, Next string
	Feed       string
}

type errorData struct {
	Problem api.Problem
}

func (u *UI) index(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	_, l, err := u.listStories(r, "/", nil)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data := indexData{List: l, Form: filterForm{
		Since: q.Get("since"), Until: q.Get("until"), Source: q.Get("source"), Entity: q.Get("entity"), Lang: q.Get("lang"),
	}}
	feed := url.Values{}
	for _, name := range []string{"since", "until", "source", "entity", "lang", "min_articles"} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		feed.Set(name, v)
		drop := url.Values{}
		for k, vs := range q {
			if k != name && k != "cursor" {
				drop[k] = vs
			}
		}
		link := "/"
		if len(drop) > 0 {
			link += "?" + drop.Encode()
		}
		data.Filters = append(data.Filters, activeFilter{Name: name, Value: v, Drop: link})
	}
	data.Feed = "/feeds/stories.atom"
	if len(feed) > 0 {
		data.Feed += "?" + feed.Encode()
	}
	u.render(w, r, http.StatusOK, "index.html", view{Title: "Stories", Feed: data.Feed, Data: data})
}

func (u *UI) article(w http.ResponseWriter, r *http.Request) {
	id, err := api.ParseID("article", r.PathValue("id"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	a, err := u.store.Article(r.Context(), id)
	if err != nil {
		u.fail(w, r, api.NotFound(err, "article %d", id))
		return
	}
	data := articleData{Article: a}
	if a.StoryID != 0 {
		// The story only adds its title to the page; an article whose
		// story cannot be read is still worth showing.
		if s, err := u.store.Story(r.Context(), a.StoryID); err == nil {
			data.Story = s
		} else {
			u.logger.WarnContext(r.Context(), "ui article story", "article", id, "story", a.StoryID, "err", err)
		}
	}
	u.render(w, r, http.StatusOK, "article.html", view{Title: orUntitled(a.Title), Data: data})
}

func (u *UI) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if strings.TrimSpace(q.Get("q")) == "" {
		u.render(w, r, http.StatusOK, "search.html", view{Title: "Search", Data: searchData{}})
		return
	}
	query, err := api.SearchQuery(q)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	pageNo, err := api.IntParam(q, "page", 1, 1, maxSearchPages)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	// The store ranks every match anyway; asking for one hit more than
	// the page ends tells whether another page follows.
	hits, err := u.store.Search(r.Context(), query, pageNo*searchPage+1)
	if err != nil {
		u.fail(w, r, api.Describe(err, "cannot search for %q", query))
		return
	}
	feed := link("/feeds/search.atom", "q", query)
	data := searchData{Query: query, First: (pageNo-1)*searchPage + 1, Feed: feed}
	if len(hits) > (pageNo-1)*searchPage {
		data.Hits = hits[(pageNo-1)*searchPage : min(len(hits), pageNo*searchPage)]
	}
	if pageNo > 1 {
		data.Prev = link("/search", "q", query, "page", pageOrEmpty(pageNo-1))
	}
	if len(hits) > pageNo*searchPage && pageNo < maxSearchPages {
		data.Next = link("/search", "q", query, "page", strconv.Itoa(pageNo+1))
	}
	u.render(w, r, http.StatusOK, "search.html", view{
		Title: "Search: " + query,
		Query: query,
		Feed:  feed,
		Data:  data,
	})
}

func (u *UI) static(w http.ResponseWriter, r *http.Request) {
	name := "static/" + r.PathValue("name")
	if info, err := fs.Stat(staticFS, name); err != nil || info.IsDir() {
		u.fail(w, r, api.Describe(news.ErrNotFound, "page %s not found", r.URL.Path))
		return
	}
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeFileFS(w, r, staticFS, name)
}

// noRoute answers every path no other route matched.
func (u *UI) noRoute(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		u.render(w, r, http.StatusMethodNotAllowed, "error.html", view{
			Title: "Method not allowed",
			Data: errorData{api.Problem{
				Status:  http.StatusMethodNotAllowed,
				Code:    "method_not_allowed",
				Message: "method " + r.Method + " not allowed",
			}},
		})
		return
	}
	u.fail(w, r, api.Describe(news.ErrNotFound, "page %s not found", r.URL.Path))
}

// fail renders the error page for err, logging server-side failures.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := api.Classify(err)
	if p.Status >= http.StatusInternalServerError {
		u.logger.ErrorContext(r.Context(), "ui request failed",
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	u.render(w, r, p.Status, "error.html", view{Title: http.StatusText(p.Status), Data: errorData{p}})
}

// render executes a page into a buffer first, so a template failure
// becomes a clean 500 instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	body, err := u.renderPage(page, v)
	if err != nil {
		u.logger.ErrorContext(r.Context(), "ui render", "page", page, "err", err)
		if page == "error.html" {
			http.Error(w, "internal server error", http.StatusInternalServerError)
			return
		}
		u.fail(w, r, err)
		return
	}
	u.send(w, r, status, body)
}

// renderPage executes a page into bytes.
func (u *UI) renderPage(page string, v view) ([]byte, error) {
	v.CSS = u.cssPath
	var buf bytes.Buffer
	if err := u.pages[page].ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// send writes a rendered page.
func (u *UI) send(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// pageOrEmpty leaves the first page's number out of links.
func pageOrEmpty(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}
