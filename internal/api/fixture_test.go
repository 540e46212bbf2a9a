package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// base is the fixture's clock: every time is an offset from it.
var base = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)

// longText is over 300 characters, in three paragraphs.
const longText = "The harbour bridge reopened to traffic on Sunday morning after nine days of storm repairs, " +
	"the city's transport office said.\n" +
	"Crews replaced two damaged expansion joints and resurfaced the northern approach, " +
	"working through the night to finish before the weekday rush.\n" +
	"Mayor Ilse Varga thanked commuters for their patience and said a full inspection of the " +
	"remaining spans would follow in the spring, with lane closures limited to nights."

// fixture is what openFixture stored, by name.
type fixture struct {
	store    *sqlite.Store
	articles map[string]int64
}

// openFixture opens a fresh store in t.TempDir and fills it with seven
// stories: story 1 has three articles (one a reprint), story 2 carries
// markup in its title and text, stories 3-7 hold one article each, and
// stories 4 and 5 share their last-seen time, so the cursor must break the
// tie by ID. Newest first, the listing is 1, 2, 3, 5, 4, 6, 7.
func openFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := &fixture{store: st, articles: make(map[string]int64)}
	add := func(name string, a news.Article) {
		t.Helper()
		a.Identity = "url:" + a.URL
		if a.URL == "" || strings.HasPrefix(a.URL, "javascript:") {
			a.Identity = "sha256:" + name
		}
		a.Ingested = a.Published.Add(time.Minute)
		a.Assignment.StoryID = a.StoryID
		id, err := st.AddArticle(ctx, &a)
		if err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		f.articles[name] = id
	}

	add("bridge-herald", news.Article{
		URL: "https://herald.example/bridge-reopens", Source: "Coastal Herald",
		Title: "Harbour bridge reopens after storm repairs", Text: longText, Lang: "en",
		Published: base, StoryID: 1,
		Assignment: news.Assignment{NewStory: true},
	})
	add("bridge-post", news.Article{
		URL: "https://post.example/news/bridge", Source: "Northern Post",
		Title: "Bridge traffic resumes as repairs finish early",
		Text:  "Traffic returned to the harbour bridge on Sunday.\nThe repairs finished a day early.",
		Lang:  "en", Published: base.Add(90 * time.Minute), StoryID: 1,
		Assignment: news.Assignment{
			Score: 0.62, RunnerUp: 0.11,
			Terms:    []string{"bridge", "harbour", "repairs"},
			Entities: []string{"Ilse Varga"},
			TimeGap:  90 * time.Minute,
		},
	})
	add("bridge-wire", news.Article{
		URL: "https://wire.example/a/1", Source: "Wire Digest",
		Title: "Harbour bridge reopens after storm repairs", Text: longText, Lang: "en",
		Published: base.Add(3 * time.Hour), StoryID: 1, DuplicateOf: f.articles["bridge-herald"],
		Assignment: news.Assignment{
			Score: 0.9, TimeGap: 90 * time.Minute,
			DuplicateOf: f.articles["bridge-herald"], Similarity: 0.97,
		},
	})
	add("frost", news.Article{
		URL: "javascript:alert(1)", Source: "Valley <b>Times</b>",
		Title: "Frost <script>alert(1)</script> hits orchards",
		Text:  "Growers counted losses <script>alert(1)</script> after the frost.\nApple blossom took the worst of it.",
		Lang:  "en", Published: base.Add(-24 * time.Hour), StoryID: 2,
		Assignment: news.Assignment{NewStory: true},
	})
	for i, s := range []struct {
		name, title string
		at          time.Duration
	}{
		{"library", "Library extends weekend opening hours", -48 * time.Hour},
		{"ferry", "Ferry timetable changes for the summer", -72 * time.Hour},
		{"marathon", "Marathon route announced for autumn race", -72 * time.Hour},
		{"school", "School meals contract goes to local bakery", -96 * time.Hour},
		{"park", "", -120 * time.Hour},
	} {
		add(s.name, news.Article{
			URL: "https://local.example/" + s.name, Source: "Local Ledger",
			Title: s.title, Text: "A short local report about the " + s.name + ".",
			Published: base.Add(s.at), StoryID: int64(3 + i),
			Assignment: news.Assignment{NewStory: true},
		})
	}
	return f
}

// logBuffer collects log output from handlers running on other goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLogger(b *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
