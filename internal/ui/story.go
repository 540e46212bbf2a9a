package ui

import (
	"context"
	"html/template"
	"net/http"
	"slices"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

type storyData struct {
	Story    news.Story
	Articles []articleView
	// Activity and Timeline are the story's charts.
	Activity, Timeline template.HTML
	// Comparison sets the sources side by side; nil when no article of
	// the story was annotated.
	Comparison *comparisonView
}

// comparisonView is the story page's comparison, in the order a reader
// wants it: what most sources agree on, then where they differ, the
// quotes in their several wordings, names spelled differently, what only
// one source reports, and who is named.
type comparisonView struct {
	Sources []sourceView
	// Consensus are the facts most sources carry; Agreed the claim groups
	// among them.
	Consensus []compare.Fact
	Agreed    []compare.ClaimGroup
	// Differing are the claim groups whose figures are not all the same,
	// DateConflicts the dates sources give differently.
	Differing     []compare.ClaimGroup
	DateConflicts []compare.DateGroup
	DatesAgreed   []compare.DateGroup
	Quotes        []compare.QuoteGroup
	Names         []compare.NameVariant
	// Alone lists, per source, what it alone reports.
	Alone []aloneView
	// Single are the claim groups one source alone reports.
	Single   []compare.ClaimGroup
	Entities []entityLink
	// MoreEntities counts the entities left out of Entities.
	MoreEntities int
}

// sourceView is one outlet's row in the side-by-side table.
type sourceView struct {
	Name                               string
	Articles, Entities, Quotes, Claims int
	// First is when the outlet first reported; Earliest is true for the
	// outlet (or outlets) that reported first.
	First    articleView
	Earliest bool
}

// aloneView is what one source alone reports: names and dates, and a
// count of the quotes it alone carries (those are listed with the others).
type aloneView struct {
	Source string
	Facts  []compare.Fact
	Quotes int
}

// entityLink is a story entity with the key its page is found under.
type entityLink struct {
	news.StoryEntity
	Key string
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
	articles, err := u.store.StoryArticles(r.Context(), story.ID)
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
	data.Activity = activityChart(articles)
	data.Timeline = timelineChart(articles)
	if data.Comparison, err = u.storyComparison(r.Context(), story.ID, articles); err != nil {
		u.fail(w, r, api.NotFound(err, "story %d", id))
		return
	}
	u.render(w, r, http.StatusOK, "story.html", view{Title: orUntitled(story.Title), Data: data})
}

// storyComparison compares the story's annotated articles, or returns nil
// when none was annotated.
func (u *UI) storyComparison(ctx context.Context, storyID int64, articles []news.Article) (*comparisonView, error) {
	anns, err := u.store.StoryAnnotations(ctx, storyID)
	if err != nil || len(anns) == 0 {
		return nil, err
	}
	c, err := u.comparisons.Comparison(storyID, anns, compare.TextsOf(articles))
	if err != nil {
		return nil, err
	}
	return newComparisonView(c, articles), nil
}

func newComparisonView(c compare.Comparison, articles []news.Article) *comparisonView {
	v := &comparisonView{}
	for _, g := range c.Claims {
		switch g.Class {
		case compare.Agree:
			v.Agreed = append(v.Agreed, g)
		case compare.Single:
			v.Single = append(v.Single, g)
		default:
			v.Differing = append(v.Differing, g)
		}
	}
	// Contradictions first, then compatible figures, then updates.
	rank := map[string]int{compare.Contradict: 0, compare.Compatible: 1, compare.Update: 2}
	slices.SortStableFunc(v.Differing, func(a, b compare.ClaimGroup) int { return rank[a.Class] - rank[b.Class] })
	for _, d := range c.Dates {
		if d.Class == compare.Agree {
			v.DatesAgreed = append(v.DatesAgreed, d)
		} else {
			v.DateConflicts = append(v.DateConflicts, d)
		}
	}
	for _, f := range c.Coverage.Core {
		// Agreed figures and dates have sections of their own.
		if f.Kind != "claim" && f.Kind != "date" {
			v.Consensus = append(v.Consensus, f)
		}
	}
	v.Quotes = c.Quotes
	v.Names = c.Names
	alone := make(map[string]int)
	for _, f := range c.Coverage.OnlyOne {
		if f.Kind == "claim" || len(f.Sources) != 1 {
			continue
		}
		s := f.Sources[0]
		i, ok := alone[s]
		if !ok {
			i = len(v.Alone)
			alone[s] = i
			v.Alone = append(v.Alone, aloneView{Source: s})
		}
		if f.Kind == "quote" {
			v.Alone[i].Quotes++
		} else {
			v.Alone[i].Facts = append(v.Alone[i].Facts, f)
		}
	}
	for _, e := range c.Entities {
		if len(v.Entities) == maxEntities {
			v.MoreEntities++
			continue
		}
		l := entityLink{StoryEntity: e}
		if len(e.Keys) > 0 {
			l.Key = e.Keys[0]
		}
		v.Entities = append(v.Entities, l)
	}
	v.Sources = sourceRows(c, articles)
	return v
}

// sourceRows sums up each source's part of the story, in order of first
// report.
func sourceRows(c compare.Comparison, articles []news.Article) []sourceView {
	rows := make([]sourceView, 0, len(c.Matrix))
	at := make(map[string]int)
	for _, m := range c.Matrix {
		at[m.Source] = len(rows)
		rows = append(rows, sourceView{Name: m.Source, Entities: len(m.Entities), Quotes: len(m.Quotes), Claims: len(m.Claims)})
	}
	for _, a := range articles {
		name := a.Source
		if name == "" {
			name = "#" + itoa(a.ID)
		}
		i, ok := at[name]
		if !ok {
			// An article stored without annotations still counts.
			i = len(rows)
			at[name] = i
			rows = append(rows, sourceView{Name: name})
		}
		if rows[i].Articles == 0 {
			rows[i].First = articleView{Article: a}
		}
		rows[i].Articles++
	}
	var first []int
	for i, r := range rows {
		t := articleTime(r.First.Article)
		if len(first) == 0 || t.Before(articleTime(rows[first[0]].First.Article)) {
			first = []int{i}
		} else if t.Equal(articleTime(rows[first[0]].First.Article)) {
			first = append(first, i)
		}
	}
	for _, i := range first {
		rows[i].Earliest = true
	}
	slices.SortStableFunc(rows, func(a, b sourceView) int {
		return articleTime(a.First.Article).Compare(articleTime(b.First.Article))
	})
	return rows
}
