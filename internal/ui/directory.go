package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
)

// listing is a page of stories with the links to move through it; the
// story list, the entity page and the outlet page share it.
type listing struct {
	Stories []news.Story
	// MostSources is the largest source count on the page, for the bars.
	MostSources int
	// Older links to the next page, Newest to the first; both empty when
	// there is nowhere to go.
	Older, Newest string
}

// listStories reads the page of stories the request's query asks for,
// narrowed by fixed (an entity or outlet page's own filter), and builds
// its links on path.
func (u *UI) listStories(r *http.Request, path string, fixed func(*news.StoryFilter)) (news.StoryFilter, listing, error) {
	q := r.URL.Query()
	f, err := api.StoryFilter(q)
	if err != nil {
		return f, listing{}, err
	}
	if fixed != nil {
		fixed(&f)
	}
	stories, next, err := api.ListStories(r.Context(), u.store, f)
	if err != nil {
		return f, listing{}, err
	}
	l := listing{Stories: stories}
	for _, s := range stories {
		l.MostSources = max(l.MostSources, s.Sources)
	}
	// Links keep the query's own filters (not the page's fixed one), in
	// the form the query gave them, so "since=24h" stays relative.
	keep := url.Values{}
	for _, name := range []string{"since", "until", "source", "entity", "lang", "min_articles"} {
		if v := q.Get(name); v != "" {
			keep.Set(name, v)
		}
	}
	if q.Has("limit") {
		keep.Set("limit", strconv.Itoa(f.Limit))
	}
	if next != "" {
		older := cloneValues(keep)
		older.Set("cursor", next)
		l.Older = path + "?" + older.Encode()
	}
	if f.Before != nil {
		l.Newest = path
		if len(keep) > 0 {
			l.Newest += "?" + keep.Encode()
		}
	}
	return f, l, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

type entityData struct {
	Entity news.EntitySummary
	List   listing
	Feed   string
}

func (u *UI) entity(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	e, err := u.store.Entity(r.Context(), key)
	if err != nil {
		u.fail(w, r, api.NotFound(err, "entity %q", key))
		return
	}
	path := "/entities/" + url.PathEscape(key)
	_, l, err := u.listStories(r, path, func(f *news.StoryFilter) { f.Entity = key })
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "entity.html", view{
		Title: e.Name, Feed: "/feeds/entities/" + url.PathEscape(key) + ".atom",
		Data: entityData{Entity: e, List: l, Feed: "/feeds/entities/" + url.PathEscape(key) + ".atom"},
	})
}

type outletData struct {
	Outlet news.OutletSummary
	Record api.OutletRecord
	List   listing
	// FirstShare is the share of its stories the outlet reported first,
	// in percent.
	FirstShare int
}

func (u *UI) outlet(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	o, err := u.store.Outlet(r.Context(), name)
	if err != nil {
		u.fail(w, r, api.NotFound(err, "outlet %q", name))
		return
	}
	_, l, err := u.listStories(r, "/outlets/"+url.PathEscape(name), func(f *news.StoryFilter) { f.Source = name })
	if err != nil {
		u.fail(w, r, err)
		return
	}
	rec, err := api.Record(r.Context(), u.store, u.comparisons, name, api.RecordStories)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := outletData{Outlet: o, Record: rec, List: l}
	if o.Stories > 0 {
		d.FirstShare = 100 * o.First / o.Stories
	}
	u.render(w, r, http.StatusOK, "outlet.html", view{Title: name, Data: d})
}

type outletsData struct {
	Outlets []news.OutletSummary
}

func (u *UI) outlets(w http.ResponseWriter, r *http.Request) {
	list, err := u.store.Outlets(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "outlets.html", view{Title: "Outlets", Data: outletsData{Outlets: list}})
}
