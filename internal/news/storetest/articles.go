package storetest

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

var addArticleTests = []test{
	{"creates story", testAddCreatesStory},
	{"story totals", testAddStoryTotals},
	{"story title", testAddStoryTitle},
	{"duplicate identity", testAddDuplicate},
	{"duplicate rolls back new story", testAddDuplicateAtomic},
	{"invalid", testAddInvalid},
	{"ingested defaults to now", testAddIngestedDefault},
}

var articleTests = []test{
	{"round trip", testArticleRoundTrip},
	{"assignment evidence", testAssignmentEvidence},
	{"times", testArticleTimes},
	{"unicode", testArticleUnicode},
	{"not found", testArticleNotFound},
	{"has identity", testHasIdentity},
}

func testAddCreatesStory(t *testing.T, s news.Store) {
	a := newArticle("first", 42, hours(1), "harbour-gazette")
	a.Assignment.NewStory = true
	id := add(t, s, a)

	st := getStory(t, s, 42)
	want := storyTotals{Articles: 1, Sources: 1, Originals: 1, FirstSeen: hours(1), LastSeen: hours(1)}
	if d := want.diff(st); d != "" {
		t.Error(d)
	}
	if st.ID != 42 {
		t.Errorf("story ID = %d, want 42", st.ID)
	}
	if st.Title != a.Title {
		t.Errorf("story title = %q, want %q", st.Title, a.Title)
	}
	got := getArticle(t, s, id)
	w := *a
	w.ID = id
	if d := articleDiff(got, w); d != "" {
		t.Errorf("Article(%d) differs from what was added:\n%s", id, d)
	}

	// A second article gets a different, larger ID.
	id2 := add(t, s, newArticle("second", 42, hours(2), "coast-daily"))
	if id2 <= id {
		t.Errorf("second article id = %d, want above %d", id2, id)
	}
}

func testAddStoryTotals(t *testing.T, s news.Store) {
	var firstID int64
	steps := []struct {
		name    string
		article func() *news.Article
		story   int64
		want    storyTotals
	}{
		{
			name:    "first report",
			article: func() *news.Article { return newArticle("t1", 7, hours(2), "harbour-gazette") },
			story:   7,
			want:    storyTotals{1, 1, 1, hours(2), hours(2)},
		},
		{
			name:    "earlier report from a second outlet",
			article: func() *news.Article { return newArticle("t2", 7, hours(1), "coast-daily") },
			story:   7,
			want:    storyTotals{2, 2, 2, hours(1), hours(2)},
		},
		{
			name: "later reprint by the first outlet",
			article: func() *news.Article {
				a := newArticle("t3", 7, hours(5), "harbour-gazette")
				a.DuplicateOf = firstID
				a.Assignment.DuplicateOf = firstID
				a.Assignment.Similarity = 0.96
				return a
			},
			story: 7,
			want:  storyTotals{3, 2, 2, hours(1), hours(5)},
		},
		{
			name: "undated report without a source, ingested early",
			article: func() *news.Article {
				a := newArticle("t4", 7, time.Time{}, "")
				a.Ingested = hours(-3)
				return a
			},
			story: 7,
			want:  storyTotals{4, 2, 3, hours(-3), hours(5)},
		},
		{
			name: "undated report ingested late",
			article: func() *news.Article {
				a := newArticle("t5", 7, time.Time{}, "metro-post")
				a.Ingested = hours(9)
				return a
			},
			story: 7,
			want:  storyTotals{5, 3, 4, hours(-3), hours(9)},
		},
		{
			name:    "another story is separate",
			article: func() *news.Article { return newArticle("t6", 8, hours(30), "metro-post") },
			story:   8,
			want:    storyTotals{1, 1, 1, hours(30), hours(30)},
		},
		{
			name:    "first story unchanged by the second",
			article: nil,
			story:   7,
			want:    storyTotals{5, 3, 4, hours(-3), hours(9)},
		},
	}
	for _, step := range steps {
		if step.article != nil {
			id := add(t, s, step.article())
			if firstID == 0 {
				firstID = id
			}
		}
		if d := step.want.diff(getStory(t, s, step.story)); d != "" {
			t.Errorf("after %s: %s", step.name, d)
		}
	}
	want := news.Stats{Articles: 6, Stories: 2, Reprints: 1, Sources: 3}
	if got := getStats(t, s); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

func testAddStoryTitle(t *testing.T, s news.Store) {
	longText := "Cranes at the north harbour stood idle on Tuesday as dockworkers walked out over " +
		"new shift patterns, leaving three container ships waiting in the outer roads."
	cases := []struct {
		name     string
		articles []news.Article // in insertion order; published times vary on purpose
		want     string         // exact title, or "" to check an excerpt of the first text
	}{
		{
			name: "first article's title",
			articles: []news.Article{
				{Title: "Dockworkers walk out at north harbour", Text: longText, Published: hours(2)},
				{Title: "Harbour strike enters second day", Text: "More text.", Published: hours(3)},
			},
			want: "Dockworkers walk out at north harbour",
		},
		{
			name: "earliest ID wins over earliest published",
			articles: []news.Article{
				{Title: "Later published, stored first", Text: "A.", Published: hours(5)},
				{Title: "Earlier published, stored second", Text: "B.", Published: hours(1)},
			},
			want: "Later published, stored first",
		},
		{
			name: "untitled first article gives way to a titled one",
			articles: []news.Article{
				{Title: "", Text: longText, Published: hours(1)},
				{Title: "Ships wait as harbour strike holds", Text: "C.", Published: hours(2)},
				{Title: "A third headline", Text: "D.", Published: hours(3)},
			},
			want: "Ships wait as harbour strike holds",
		},
		{
			name: "short untitled text is the whole title",
			articles: []news.Article{
				{Title: "", Text: "Ferry timetable changes from Monday.", Published: hours(1)},
			},
			want: "Ferry timetable changes from Monday.",
		},
		{
			name: "no titles at all: an excerpt of the first text",
			articles: []news.Article{
				{Title: "", Text: longText, Published: hours(1)},
				{Title: "", Text: "Unrelated second text that must not become the title.", Published: hours(2)},
			},
			want: "",
		},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			story := int64(100 + i)
			for j, a := range tc.articles {
				a.Identity = "title-" + tc.name + "-" + string(rune('a'+j))
				a.StoryID = story
				a.Ingested = hours(48)
				add(t, s, &a)
			}
			got := getStory(t, s, story).Title
			if tc.want != "" {
				if got != tc.want {
					t.Errorf("title = %q, want %q", got, tc.want)
				}
				return
			}
			first := strings.Fields(tc.articles[0].Text)
			n := utf8.RuneCountInString(got)
			if n < 20 || n > 100 {
				t.Errorf("title = %q (%d characters), want an excerpt of about 80", got, n)
			}
			if opening := strings.Join(first[:6], " "); !strings.HasPrefix(got, opening) {
				t.Errorf("title = %q, want it to open with %q", got, opening)
			}
		})
	}
}

func testAddDuplicate(t *testing.T, s news.Store) {
	a := newArticle("url://harbour-gazette.example/strike", 7, hours(1), "harbour-gazette")
	id := add(t, s, a)
	before := getStory(t, s, 7)
	stats := getStats(t, s)

	cases := []struct {
		name string
		edit func(a *news.Article)
	}{
		{"same article again", func(*news.Article) {}},
		{"same identity, other story", func(a *news.Article) {
			a.StoryID, a.Assignment.StoryID = 9, 9
		}},
		{"same identity, other content", func(a *news.Article) {
			a.Title, a.Text, a.Source, a.Published = "Different", "Different text.", "coast-daily", hours(7)
		}},
	}
	for _, tc := range cases {
		b := *a
		tc.edit(&b)
		got, err := s.AddArticle(t.Context(), &b)
		mustFailWith(t, tc.name, err, news.ErrDuplicate)
		if got != 0 && got != id {
			t.Errorf("%s: AddArticle returned id %d for a rejected duplicate", tc.name, got)
		}
	}
	if after := getStory(t, s, 7); after != before {
		t.Errorf("story after duplicates = %+v, want unchanged %+v", after, before)
	}
	if _, err := s.Story(t.Context(), 9); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Story(9) after a rejected duplicate: error = %v, want ErrNotFound", err)
	}
	if after := getStats(t, s); after != stats {
		t.Errorf("Stats after duplicates = %+v, want unchanged %+v", after, stats)
	}
	if got := getArticle(t, s, id); got.Title != a.Title || got.StoryID != 7 {
		t.Errorf("stored article changed by a duplicate: %+v", got)
	}
}

// testAddDuplicateAtomic checks that a rejected article leaves no trace of
// the story it would have created, nor of its source or search entry.
func testAddDuplicateAtomic(t *testing.T, s news.Store) {
	add(t, s, newArticle("dup", 1, hours(1), "harbour-gazette"))
	b := newArticle("dup", 2, hours(2), "zeppelin-weekly")
	b.Title, b.Text = "Zeppelin hangar reopens", "The zeppelin hangar reopens to visitors."
	if _, err := s.AddArticle(t.Context(), b); !errors.Is(err, news.ErrDuplicate) {
		t.Fatalf("AddArticle(duplicate) error = %v, want ErrDuplicate", err)
	}
	if _, err := s.Story(t.Context(), 2); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("Story(2) error = %v, want ErrNotFound: the failed add left its story behind", err)
	}
	if max, err := s.MaxStoryID(t.Context()); err != nil || max != 1 {
		t.Errorf("MaxStoryID = %d, %v; want 1", max, err)
	}
	if got := getStats(t, s); got != (news.Stats{Articles: 1, Stories: 1, Sources: 1}) {
		t.Errorf("Stats = %+v, want one article, story and source", got)
	}
	hits, err := s.Search(t.Context(), "zeppelin", 10)
	if err != nil || len(hits) != 0 {
		t.Errorf("Search(zeppelin) = %d hits, %v; want none: the failed add left a search entry", len(hits), err)
	}
}

func testAddInvalid(t *testing.T, s news.Store) {
	cases := []struct {
		name string
		a    *news.Article
	}{
		{"nil article", nil},
		{"empty identity", func() *news.Article { a := newArticle("", 1, hours(1), "x"); return a }()},
		{"no story", func() *news.Article {
			a := newArticle("no-story", 0, hours(1), "x")
			a.Assignment.StoryID = 0
			return a
		}()},
		{"negative story", func() *news.Article { a := newArticle("neg", -3, hours(1), "x"); a.Assignment.StoryID = -3; return a }()},
	}
	for _, tc := range cases {
		_, err := s.AddArticle(t.Context(), tc.a)
		mustFailWith(t, tc.name, err, news.ErrInvalid)
	}
	if got := getStats(t, s); got != (news.Stats{}) {
		t.Errorf("Stats after invalid adds = %+v, want empty", got)
	}
}

func testAddIngestedDefault(t *testing.T, s news.Store) {
	a := newArticle("no-ingested", 3, time.Time{}, "harbour-gazette")
	a.Ingested = time.Time{}
	before := time.Now()
	id := add(t, s, a)
	after := time.Now()
	got := getArticle(t, s, id).Ingested
	if got.Before(before.Add(-time.Second)) || got.After(after.Add(time.Second)) {
		t.Errorf("Ingested = %v, want the time of AddArticle (%v to %v)", got, before, after)
	}
	st := getStory(t, s, 3)
	if !sameTime(st.FirstSeen, got) || !sameTime(st.LastSeen, got) {
		t.Errorf("story seen %v to %v, want the article's ingestion time %v", st.FirstSeen, st.LastSeen, got)
	}
}

func testArticleRoundTrip(t *testing.T, s news.Store) {
	a := &news.Article{
		Identity:  "url://coast-daily.example/2024/03/ferry",
		URL:       "https://www.coast-daily.example/2024/03/ferry?utm_source=feed",
		Source:    "coast-daily",
		Title:     "Ferry service resumes after storm",
		Text:      "The island ferry resumed sailing at dawn.\n\nPassengers queued from five o'clock.",
		Lang:      "en",
		Published: hours(3.25),
		Ingested:  hours(3.5),
		Origin:    "https://coast-daily.example/feed.xml",
		StoryID:   11,
		Assignment: news.Assignment{
			StoryID:  11,
			Score:    0.62,
			RunnerUp: 0.18,
			Terms:    []string{"ferry", "storm", "island"},
			Entities: []string{"Coast Daily"},
			TimeGap:  95 * time.Minute,
		},
	}
	id := add(t, s, a)
	want := *a
	want.ID = id
	if d := articleDiff(getArticle(t, s, id), want); d != "" {
		t.Errorf("Article(%d) differs:\n%s", id, d)
	}
	list, err := s.StoryArticles(t.Context(), 11)
	if err != nil || len(list) != 1 {
		t.Fatalf("StoryArticles(11) = %d articles, %v; want 1", len(list), err)
	}
	if d := articleDiff(list[0], want); d != "" {
		t.Errorf("StoryArticles(11)[0] differs:\n%s", d)
	}
}

func testAssignmentEvidence(t *testing.T, s news.Store) {
	original := add(t, s, newArticle("evidence-original", 5, hours(0), "harbour-gazette"))
	cases := []struct {
		name        string
		duplicateOf int64
		assignment  news.Assignment
	}{
		{"new story without candidates", 0, news.Assignment{NewStory: true}},
		{"new story with a weak candidate", 0, news.Assignment{NewStory: true, RunnerUp: 0.07}},
		{"joined with full evidence", 0, news.Assignment{
			Score: 0.4123456789012345, RunnerUp: 0.1 + 0.2,
			Terms:    []string{"harbour", "strike", "crane", "shift"},
			Entities: []string{"North Harbour", "Dockworkers Union"},
			TimeGap:  3*time.Hour + 25*time.Minute + 17*time.Second + 123456789,
		}},
		{"published before the story's last report", 0, news.Assignment{
			Score: 1.0 / 3, TimeGap: -90 * time.Minute, Terms: []string{"tide"},
		}},
		{"reprint", original, news.Assignment{
			Score: 0.91, DuplicateOf: original, Similarity: 0.9765625,
			Terms: []string{"harbour"},
		}},
		{"tiny and huge numbers", 0, news.Assignment{
			Score: 5e-324, RunnerUp: math.MaxFloat64, TimeGap: math.MaxInt64,
		}},
		{"unicode words", 0, news.Assignment{
			Score:    0.5,
			Terms:    []string{"élection", "東京", "naïve", "\"quoted\"", `back\slash`, "<tag>&"},
			Entities: []string{"Zürich", "São Paulo", "Αθήνα"},
		}},
	}
	for i, tc := range cases {
		a := newArticle("evidence-"+string(rune('a'+i)), 5, hours(float64(i+1)), "coast-daily")
		a.DuplicateOf = tc.duplicateOf
		a.Assignment = tc.assignment
		a.Assignment.StoryID = 5
		id := add(t, s, a)
		got := getArticle(t, s, id)
		want := *a
		want.ID = id
		if d := articleDiff(got, want); d != "" {
			t.Errorf("%s: stored article differs:\n%s", tc.name, d)
		}
	}
}

func testArticleTimes(t *testing.T, s news.Store) {
	paris := time.FixedZone("CET", 3600)
	cases := []struct {
		name                string
		published, ingested time.Time
	}{
		{"nanoseconds in another zone", time.Date(2024, 3, 1, 14, 30, 15, 123456789, paris),
			time.Date(2024, 3, 1, 14, 31, 0, 999999999, paris)},
		{"no publication date", time.Time{}, time.Date(2024, 3, 2, 8, 0, 0, 500, time.UTC)},
		{"long ago", time.Date(1871, 1, 18, 0, 0, 0, 0, time.UTC), t0},
		{"far ahead", time.Date(2199, 12, 31, 23, 59, 59, 999999000, time.UTC), t0},
	}
	for i, tc := range cases {
		story := int64(20 + i)
		a := newArticle("times-"+tc.name, story, tc.published, "harbour-gazette")
		a.Ingested = tc.ingested
		id := add(t, s, a)
		got := getArticle(t, s, id)
		if !sameTime(got.Published, tc.published) {
			t.Errorf("%s: Published = %v (%v), want %v in UTC", tc.name, got.Published, got.Published.Location(), tc.published)
		}
		if !sameTime(got.Ingested, tc.ingested) {
			t.Errorf("%s: Ingested = %v (%v), want %v in UTC", tc.name, got.Ingested, got.Ingested.Location(), tc.ingested)
		}
		seen := tc.published
		if seen.IsZero() {
			seen = tc.ingested
		}
		st := getStory(t, s, story)
		if !sameTime(st.FirstSeen, seen) || !sameTime(st.LastSeen, seen) {
			t.Errorf("%s: story seen %v to %v, want %v in UTC", tc.name, st.FirstSeen, st.LastSeen, seen)
		}
	}
}

func testArticleUnicode(t *testing.T, s news.Store) {
	a := newArticle("unicode", 4, hours(1), "rhein-bote")
	a.Title = "Hochwasser in Köln: Rhein erreicht 9,5 Meter 🌊"
	a.Text = strings.Join([]string{
		"Der Pegel stieg über Nacht; Anwohner räumten Keller.",
		"Ελληνικά: η στάθμη ανέβηκε.",
		"العربية: ارتفع منسوب المياه.",
		"日本語：水位が上昇した。",
		"Combining: e\u0301 and precomposed é; ZWJ family 👨‍👩‍👧; flags 🇩🇪.",
		"Quotes «guillemets» „Gänsefüßchen“ and 'single' \"double\" `back`.",
		"Tab\tand\r\nline breaks and a trailing space ",
	}, "\n")
	a.Source = "rhein-bote-ö"
	a.Origin = "datei:///nachrichten/köln.jsonl:17"
	id := add(t, s, a)
	want := *a
	want.ID = id
	if d := articleDiff(getArticle(t, s, id), want); d != "" {
		t.Errorf("unicode article differs:\n%s", d)
	}
	if got := getStory(t, s, 4).Title; got != a.Title {
		t.Errorf("story title = %q, want %q", got, a.Title)
	}
	hits, err := s.Search(t.Context(), "Köln", 10)
	if err != nil || len(hits) != 1 || hits[0].Article.ID != id {
		t.Errorf("Search(Köln) = %+v, %v; want the article", hits, err)
	}
}

func testArticleNotFound(t *testing.T, s news.Store) {
	add(t, s, newArticle("present", 1, hours(1), "harbour-gazette"))
	for _, id := range []int64{0, -1, 999999} {
		if _, err := s.Article(t.Context(), id); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("Article(%d) error = %v, want ErrNotFound", id, err)
		}
		if _, err := s.Story(t.Context(), id); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("Story(%d) error = %v, want ErrNotFound", id, err)
		}
	}
}

func testHasIdentity(t *testing.T, s news.Store) {
	add(t, s, newArticle("url://harbour-gazette.example/a", 1, hours(1), "harbour-gazette"))
	cases := []struct {
		identity string
		want     bool
	}{
		{"url://harbour-gazette.example/a", true},
		{"url://harbour-gazette.example/b", false},
		{"URL://HARBOUR-GAZETTE.EXAMPLE/A", false},
		{"url://harbour-gazette.example/a ", false},
		{"", false},
		{"url://harbour-gazette.example/%", false},
	}
	for _, tc := range cases {
		got, err := s.HasIdentity(t.Context(), tc.identity)
		if err != nil || got != tc.want {
			t.Errorf("HasIdentity(%q) = %v, %v; want %v", tc.identity, got, err, tc.want)
		}
	}
}
