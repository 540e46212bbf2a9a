package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

// DirectoryStore is what the entity and outlet endpoints and pages read.
type DirectoryStore interface {
	news.DirectoryStore
	news.AnnotationStore
	StoryLister
	TextReader
}

// entityBody is the body of GET /api/v1/entities/{key}.
type entityBody struct {
	Entity     news.EntitySummary `json:"entity"`
	Stories    []news.Story       `json:"stories"`
	NextCursor string             `json:"next_cursor,omitempty"`
}

// outletBody is the body of GET /api/v1/outlets/{name}.
type outletBody struct {
	Outlet news.OutletSummary `json:"outlet"`
	// Record is how the outlet's figures compared with other outlets' in
	// its latest stories.
	Record     OutletRecord `json:"record"`
	Stories    []news.Story `json:"stories"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// entity serves one entity's summary and, a page at a time, the stories
// naming it. The listing takes StoryFilter's parameters.
func (a *API) entity(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	e, err := a.store.Entity(r.Context(), key)
	if err != nil {
		a.fail(w, r, NotFound(err, "entity %q", shorten(key, 60)))
		return
	}
	f, err := StoryFilter(r.URL.Query())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f.Entity = key
	page, next, err := ListStories(r.Context(), a.store, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, entityBody{Entity: e, Stories: page, NextCursor: next})
}

// outlets serves every outlet's summary.
func (a *API) outlets(w http.ResponseWriter, r *http.Request) {
	list, err := a.store.Outlets(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, struct {
		Outlets []news.OutletSummary `json:"outlets"`
	}{list})
}

// outlet serves one outlet's summary, its record against other outlets,
// and a page of its stories.
func (a *API) outlet(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	o, err := a.store.Outlet(r.Context(), name)
	if err != nil {
		a.fail(w, r, NotFound(err, "outlet %q", shorten(name, 60)))
		return
	}
	f, err := StoryFilter(r.URL.Query())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f.Source = name
	page, next, err := ListStories(r.Context(), a.store, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rec, err := Record(r.Context(), a.store, a.comparisons, name, RecordStories)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, outletBody{Outlet: o, Record: rec, Stories: page, NextCursor: next})
}

// RecordStories is how many of an outlet's latest multi-source stories
// its record compares.
const RecordStories = 20

// OutletRecord is how one outlet's figures and dates compared with the
// other outlets' in the same stories.
type OutletRecord struct {
	// Stories counts the stories compared: the outlet's latest with at
	// least one other outlet.
	Stories int `json:"stories"`
	// Figures counts the claim groups where the outlet and at least one
	// other outlet report the same quantity; Differed those where the
	// figures were not all the same (compatible, updated or
	// contradictory), Contradicted those classed contradict.
	Figures      int `json:"figures"`
	Differed     int `json:"differed"`
	Contradicted int `json:"contradicted"`
	// Alone counts the claim groups only this outlet reported.
	Alone int `json:"alone"`
}

// Record compares the outlet's latest n stories that other outlets also
// reported and counts how often its figures agreed, differed or stood
// alone.
//
// Comparisons come from cache, which keeps them for the story pages too.
func Record(ctx context.Context, store DirectoryStore, cache *compare.Cache, outlet string, n int) (OutletRecord, error) {
	var rec OutletRecord
	f := news.StoryFilter{Source: outlet, MinArticles: 2, Limit: MaxStoryLimit}
	for rec.Stories < n {
		page, err := store.Stories(ctx, f)
		if err != nil {
			return rec, err
		}
		for _, st := range page {
			if st.Sources < 2 || rec.Stories >= n {
				continue
			}
			if err := recordStory(ctx, store, cache, outlet, st.ID, &rec); err != nil {
				return rec, err
			}
			rec.Stories++
		}
		if len(page) < f.Limit {
			break
		}
		last := page[len(page)-1]
		f.Before = &news.StoryCursor{LastSeen: last.LastSeen, ID: last.ID}
	}
	return rec, nil
}

func recordStory(ctx context.Context, store DirectoryStore, cache *compare.Cache, outlet string, id int64, rec *OutletRecord) error {
	anns, err := store.StoryAnnotations(ctx, id)
	if err != nil {
		return Describe(err, "cannot read the annotations of story %d", id)
	}
	if len(anns) == 0 {
		return nil
	}
	c, err := cache.Comparison(id, anns, StoryTexts(ctx, store, id))
	if err != nil {
		return Describe(err, "cannot compare story %d", id)
	}
	for _, g := range c.Claims {
		if !slices.Contains(g.Sources, outlet) {
			continue
		}
		if len(g.Sources) == 1 {
			rec.Alone++
			continue
		}
		rec.Figures++
		switch g.Class {
		case compare.Compatible, compare.Update:
			rec.Differed++
		case compare.Contradict:
			rec.Differed++
			rec.Contradicted++
		}
	}
	return nil
}
