package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func runStories(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "stories", "")
	e.cfg.RegisterDB(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 50, "most stories to list")
	minArticles := fs.Int("min-articles", 0, "hide stories with fewer articles")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	stories, err := st.Stories(ctx, news.StoryFilter{Limit: *limit, MinArticles: *minArticles})
	if err != nil {
		return fail(e, "list stories: %v", err)
	}
	if *asJSON {
		if stories == nil {
			stories = []news.Story{}
		}
		if err := writeJSON(e.stdout, map[string]any{"stories": stories}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tARTICLES\tSOURCES\tFIRST SEEN\tLAST SEEN\tTITLE")
	for _, s := range stories {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t%s\n", s.ID, s.Articles, s.Sources, when(s.FirstSeen), when(s.LastSeen), clip(s.Title, 80))
	}
	tw.Flush()
	if len(stories) == 0 {
		fmt.Fprintln(e.stderr, "no stories yet: run 'parallax ingest FILE' or 'parallax demo'")
	}
	return exitOK
}

// storyView is one story with its articles, as `story --json` prints it.
type storyView struct {
	Story    news.Story     `json:"story"`
	Articles []news.Article `json:"articles"`
	// Annotations merge the entities, quotes and claims of the articles.
	Annotations news.StoryAnnotations `json:"annotations"`
	// Merges are the stories folded into this one, oldest first.
	Merges []news.Merge `json:"merges"`
	// Comparison is set by --compare.
	Comparison *compare.Comparison `json:"comparison,omitempty"`
}

func runStory(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "story", "ID")
	e.cfg.RegisterDB(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	explain := fs.Bool("explain", false, "show why each article joined the story")
	withCompare := fs.Bool("compare", false, "compare the sources: agreement, differences, what one source alone reports")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	id, ok := idArg(e, fs.Args(), "story")
	if !ok {
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	s, err := st.Story(ctx, id)
	if errors.Is(err, news.ErrNotFound) {
		return fail(e, "story %d not found", id)
	}
	if err != nil {
		return fail(e, "story %d: %v", id, err)
	}
	arts, err := st.StoryArticles(ctx, id)
	if err != nil {
		return fail(e, "story %d articles: %v", id, err)
	}
	ann, cmpr, err := storyComparison(ctx, st, id, arts)
	if err != nil {
		return fail(e, "%v", err)
	}
	merges, err := st.StoryMerges(ctx, id)
	if err != nil {
		return fail(e, "story %d: %v", id, err)
	}
	if *asJSON {
		if arts == nil {
			arts = []news.Article{}
		}
		view := storyView{Story: s, Articles: arts, Annotations: ann, Merges: merges}
		if *withCompare {
			view.Comparison = &cmpr
		}
		if err := writeJSON(e.stdout, view); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	w := e.stdout
	short := make(map[int64]string, len(arts))
	fmt.Fprintf(w, "Story %d: %s\n", s.ID, s.Title)
	fmt.Fprintf(w, "%d articles (%d original, %d reprints) from %d sources, %s to %s\n\n",
		s.Articles, s.Originals, s.Articles-s.Originals, s.Sources, when(s.FirstSeen), when(s.LastSeen))
	for _, a := range arts {
		src := a.Source
		if src == "" {
			src = "(unknown source)"
		}
		title := a.Title
		if title == "" {
			title = clip(a.Text, 80)
		}
		fmt.Fprintf(w, "#%d  %s  %s\n     %s\n", a.ID, when(a.Published), src, title)
		short[a.ID] = fmt.Sprintf("#%d %s", a.ID, src)
		if a.DuplicateOf != 0 {
			fmt.Fprintf(w, "     reprint of #%d (resemblance %.2f)\n", a.DuplicateOf, a.Assignment.Similarity)
		}
		if *explain {
			fmt.Fprintf(w, "     %s\n", explainAssignment(a.Assignment, s.ID))
		}
	}
	if *explain && len(merges) > 0 {
		fmt.Fprintf(w, "\nMerges (later reports showed these stories report one event)\n")
		for _, m := range merges {
			fmt.Fprintf(w, "  story %d into story %d at %s: the stories scored %.2f as wholes\n", m.From, m.Into, when(m.At), m.Score)
		}
	}
	printStoryAnnotations(w, ann, cmpr.Quotes, short)
	if *withCompare {
		printComparison(w, cmpr)
	}
	return exitOK
}

// explainAssignment says in words why an article is where it is, in
// story storyID: placed there, or in a story since merged into it.
func explainAssignment(a news.Assignment, storyID int64) string {
	var b strings.Builder
	story, merged := "the story", ""
	if a.StoryID != 0 && a.StoryID != storyID {
		story, merged = fmt.Sprintf("story %d", a.StoryID), ", since merged into this one,"
	}
	if a.NewStory {
		fmt.Fprintf(&b, "started %s%s (best other story scored %.2f)", story, strings.TrimSuffix(merged, ","), a.Score)
		return b.String()
	}
	if merged != "" {
		fmt.Fprintf(&b, "joined %s%s with score %.2f", story, merged, a.Score)
	} else {
		fmt.Fprintf(&b, "joined with score %.2f", a.Score)
	}
	if a.RunnerUp > 0 {
		fmt.Fprintf(&b, " (next best story %.2f)", a.RunnerUp)
	}
	if len(a.Entities) > 0 {
		fmt.Fprintf(&b, "; shared names: %s", strings.Join(a.Entities, ", "))
	}
	if len(a.Terms) > 0 {
		fmt.Fprintf(&b, "; shared terms: %s", strings.Join(a.Terms, ", "))
	}
	if a.TimeGap != 0 {
		fmt.Fprintf(&b, "; %s after the story's previous report", a.TimeGap.Round(time.Minute))
	}
	return b.String()
}

func idArg(e *env, args []string, what string) (int64, bool) {
	if len(args) != 1 {
		fmt.Fprintf(e.stderr, "parallax: give one %s ID\n", what)
		return 0, false
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id < 1 {
		fmt.Fprintf(e.stderr, "parallax: %s ID %q: want a positive number\n", what, args[0])
		return 0, false
	}
	return id, true
}

func runArticle(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "article", "ID")
	e.cfg.RegisterDB(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	id, ok := idArg(e, fs.Args(), "article")
	if !ok {
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	a, err := st.Article(ctx, id)
	if errors.Is(err, news.ErrNotFound) {
		return fail(e, "article %d not found", id)
	}
	if err != nil {
		return fail(e, "article %d: %v", id, err)
	}
	if err := articleAnnotations(ctx, st, &a); err != nil {
		return fail(e, "article %d annotations: %v", id, err)
	}
	if *asJSON {
		if err := writeJSON(e.stdout, map[string]any{"article": a}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	fmt.Fprintf(e.stdout, "#%d  %s  %s  story %d\n%s\n%s\n\n%s\n", a.ID, when(a.Published), a.Source, a.StoryID, a.Title, a.URL, a.Text)
	printArticleAnnotations(e.stdout, a.Annotations)
	return exitOK
}

func runSearch(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "search", "QUERY")
	e.cfg.RegisterDB(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 20, "most hits to show")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		fmt.Fprintln(e.stderr, "parallax search: give a query")
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	hits, err := st.Search(ctx, q, *limit)
	if err != nil {
		return fail(e, "search %q: %v", q, err)
	}
	if *asJSON {
		if hits == nil {
			hits = []news.SearchHit{}
		}
		if err := writeJSON(e.stdout, map[string]any{"query": q, "hits": hits}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	for _, h := range hits {
		fmt.Fprintf(e.stdout, "#%d  story %d  %s  %s\n     %s\n", h.Article.ID, h.Article.StoryID, h.Article.Source, h.Article.Title, clip(h.Snippet, 160))
	}
	if len(hits) == 0 {
		fmt.Fprintln(e.stderr, "no matches")
	}
	return exitOK
}
