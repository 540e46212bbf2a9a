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
	"github.com/parallax-news/parallax/internal/news"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// searchLimit caps the hits on the search page.
const searchLimit = 50

// Store is the part of news.Store the pages read.
type Store interface {
	news.AnnotationStore
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
}

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"index.html", "story.html", "article.html", "search.html", "error.html"}

// New parses the embedded templates and returns the UI over store.
func New(store Store, logger *slog.Logger) (*UI, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	u := &UI{store: store, logger: logger, pages: make(map[string]*template.Template)}
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
	mux.HandleFunc("GET /static/{name}", u.static)
	mux.HandleFunc("/", u.noRoute)
}

// view is what every page template receives.
type view struct {
	// Title is the page's own title, shown in <title> before the site name.
	Title string
	// Query fills the search box in the header.
	Query string
	CSS   string
	Data  any
}

type indexData struct {
	Stories []news.Story
	// Older links to the next page; empty on the last page.
	Older string
	// Paged is true past the first page, to offer a link back to it.
	Paged bool
}

type articleView struct {
	news.Article
	Excerpt   string
	Truncated bool
}

type storyData struct {
	Story    news.Story
	Articles []articleView
	// Annotations are the story's entities, quotes and claims; nil when
	// none of its articles was annotated.
	Annotations *annotationsView
}

type articleData struct {
	Article news.Article
	Story   news.Story
}

type searchData struct {
	Query string
	Hits  []news.SearchHit
	Limit int
}

type errorData struct {
	Problem api.Problem
}

func (u *UI) index(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := api.StoryFilter(q)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	stories, next, err := api.ListStories(r.Context(), u.store, f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data := indexData{Stories: stories, Paged: f.Before != nil}
	if next != "" {
		older := url.Values{"cursor": {next}}
		if q.Has("limit") {
			older.Set("limit", strconv.Itoa(f.Limit))
		}
		if f.MinArticles > 0 {
			older.Set("min_articles", strconv.Itoa(f.MinArticles))
		}
		data.Older = "/?" + older.Encode()
	}
	u.render(w, r, http.StatusOK, "index.html", view{Title: "Stories", Data: data})
}

func (u *UI) story(w http.ResponseWriter, r *http.Request) {
	id, err := api.ParseID("story", r.PathValue("id"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	story, err := u.store.Story(r.Context(), id)
	if err != nil {
		u.fail(w, r, api.NotFound(err, "story %d", id))
		return
	}
	articles, err := u.store.StoryArticles(r.Context(), id)
	if err != nil {
		u.fail(w, r, api.NotFound(err, "story %d", id))
		return
	}
	data := storyData{Story: story, Articles: make([]articleView, 0, len(articles))}
	for _, a := range articles {
		v := articleView{Article: a}
		v.Excerpt, v.Truncated = api.Excerpt(a.Text, api.ExcerptLen)
		data.Articles = append(data.Articles, v)
	}
	if data.Annotations, err = u.storyAnnotations(r.Context(), story.ID); err != nil {
		u.fail(w, r, api.NotFound(err, "story %d", id))
		return
	}
	u.render(w, r, http.StatusOK, "story.html", view{Title: orUntitled(story.Title), Data: data})
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
	hits, err := u.store.Search(r.Context(), query, searchLimit)
	if err != nil {
		u.fail(w, r, api.Describe(err, "cannot search for %q", query))
		return
	}
	u.render(w, r, http.StatusOK, "search.html", view{
		Title: "Search: " + query,
		Query: query,
		Data:  searchData{Query: query, Hits: hits, Limit: searchLimit},
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
	v.CSS = u.cssPath
	var buf bytes.Buffer
	if err := u.pages[page].ExecuteTemplate(&buf, "layout", v); err != nil {
		u.logger.ErrorContext(r.Context(), "ui render", "page", page, "err", err)
		if page == "error.html" {
			http.Error(w, "internal server error", http.StatusInternalServerError)
			return
		}
		u.fail(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
