package ui

import (
	"context"
	"fmt"
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
	// MoreArticles counts the articles left off the page.
	MoreArticles int
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
	Agreed    []claimGroupView
	// Differing are the claim groups whose figures are not all the same,
	// DateConflicts the dates sources give differently.
	Differing     []claimGroupView
	DateConflicts []compare.DateGroup
	DatesAgreed   []compare.DateGroup
	Quotes        []compare.QuoteGroup
	Names         []compare.NameVariant
	// Alone lists, per source, what it alone reports.
	Alone []aloneView
	// Single are the claim groups one source alone reports.
	Single   []claimGroupView
	Entities []entityLink
	// More counts, per list, what the page leaves out (the JSON API has
	// it all).
	MoreEntities, MoreConsensus, MoreAgreed, MoreDiffering, MoreQuotes, MoreSingle int
}

// claimGroupView is a claim group with its rows capped at pageRows.
type claimGroupView struct {
	compare.ClaimGroup
	// MoreRows counts the claims left out of Claims.
	MoreRows int
}

func groupView(g compare.ClaimGroup) claimGroupView {
	v := claimGroupView{ClaimGroup: g}
	if len(g.Claims) > pageRows {
		// A copy of the slice header: the cached comparison is shared.
		v.Claims, v.MoreRows = g.Claims[:pageRows:pageRows], len(g.Claims)-pageRows
	}
	return v
}

// capped returns the first n of list and how many it left out.
func capped[T any](list []T, n int) ([]T, int) {
	if len(list) <= n {
		return list, 0
	}
	return list[:n:n], len(list) - n
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
	// More counts the facts left off the page.
	More   int
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
	all := r.URL.Query().Get("articles") == "all"
	body, err := u.storyPage(r.Context(), story, all)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.send(w, r, http.StatusOK, body)
}

// storyPage returns the story's page, rendered now or kept from before.
func (u *UI) storyPage(ctx context.Context, story news.Story, all bool) ([]byte, error) {
	if body, ok := u.storyPages.get(story, all); ok {
		return body, nil
	}
	data, err := u.storyView(ctx, story, all)
	if err != nil {
		return nil, api.NotFound(err, "story %d", story.ID)
	}
	body, err := u.renderPage("story.html", view{Title: orUntitled(story.Title), Data: data})
	if err != nil {
		u.logger.ErrorContext(ctx, "ui render", "page", "story.html", "err", err)
		return nil, err
	}
	u.storyPages.put(story, all, body)
	return body, nil
}

// WarmStories are the stories Warm renders ahead: the most recently
// active stories of at least WarmArticles articles. Their pages cost the
// most to build (a 200-article story takes some 100 ms of CPU) and are
// the ones most read.
const (
	WarmStories  = 200
	WarmArticles = 30
)

// Warm renders ahead the pages of the large, recently active stories
// whose page is not kept at their current version, so that readers find
// them ready. It stops when ctx ends; a story it cannot read is skipped
// (and logged).
func (u *UI) Warm(ctx context.Context) (rendered int, err error) {
	stories, err := u.store.Stories(ctx, news.StoryFilter{MinArticles: WarmArticles, Limit: WarmStories})
	if err != nil {
		return 0, fmt.Errorf("warm story pages: %w", err)
	}
	for _, s := range stories {
		if err := ctx.Err(); err != nil {
			return rendered, err
		}
		if _, ok := u.storyPages.get(s, false); ok {
			continue
		}
		if _, err := u.storyPage(ctx, s, false); err != nil {
			if ctx.Err() != nil {
				return rendered, ctx.Err()
			}
			u.logger.WarnContext(ctx, "warm story page", "story", s.ID, "err", err)
			continue
		}
		rendered++
	}
	return rendered, nil
}

// Caps on what the story page lists; the JSON API has everything.
const (
	// pageArticles is how many articles the page shows unless all are
	// asked for (?articles=all).
	pageArticles = 50
	// pageRows caps the rows of one figure's table, pageItems each list
	// of groups or facts.
	pageRows  = 12
	pageItems = 40
)

// storyView reads and compares a story for its page.
func (u *UI) storyView(ctx context.Context, story news.Story, all bool) (storyData, error) {
	articles, err := u.store.StoryArticles(ctx, story.ID)
	if err != nil {
		return storyData{}, err
	}
	data := storyData{Story: story, Articles: make([]articleView, 0, min(len(articles), pageArticles))}
	for i, a := range articles {
		if i == pageArticles && !all {
			data.MoreArticles = len(articles) - pageArticles
			break
		}
		v := articleView{Article: a}
		v.Excerpt, v.Truncated = api.Excerpt(a.Text, api.ExcerptLen)
		data.Articles = append(data.Articles, v)
	}
	data.Activity = activityChart(articles)
	data.Timeline = timelineChart(articles)
	if data.Comparison, err = u.storyComparison(ctx, story.ID, articles); err != nil {
		return storyData{}, err
	}
	return data, nil
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
			v.Agreed = append(v.Agreed, groupView(g))
		case compare.Single:
			v.Single = append(v.Single, groupView(g))
		default:
			v.Differing = append(v.Differing, groupView(g))
		}
	}
	// Contradictions first, then compatible figures, then updates.
	rank := map[string]int{compare.Contradict: 0, compare.Compatible: 1, compare.Update: 2}
	slices.SortStableFunc(v.Differing, func(a, b claimGroupView) int { return rank[a.Class] - rank[b.Class] })
	v.Differing, v.MoreDiffering = capped(v.Differing, pageItems)
	v.Agreed, v.MoreAgreed = capped(v.Agreed, pageItems)
	v.Single, v.MoreSingle = capped(v.Single, pageItems)
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
	v.Consensus, v.MoreConsensus = capped(v.Consensus, pageItems)
	v.Quotes, v.MoreQuotes = capped(c.Quotes, pageItems)
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
			if len(v.Alone[i].Facts) < pageRows {
				v.Alone[i].Facts = append(v.Alone[i].Facts, f)
			} else {
				v.Alone[i].More++
			}
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
