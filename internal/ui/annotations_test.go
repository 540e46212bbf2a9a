package ui_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
	"github.com/parallax-news/parallax/internal/ui"
)

func TestStoryPageAnnotations(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for i, a := range []news.Article{
		{Source: "Valley <b>Times</b>", Title: "Frost hits orchards", Text: "Grower Ana Pell said …", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{{Name: "Ana Pell", Type: "PER", Mentions: 2, Key: "PER:ana pell"}},
				Quotes: []news.Quote{{Text: "We lost <script>alert(1)</script> half the blossom", Kind: "direct",
					Name: "Ana Pell", SpeakerEntity: 0}},
				Claims: []news.Claim{{Text: "nearly 300 hectares", Value: 300, Low: 300, High: 300, Hedge: "below",
					Unit: "ha", Measure: "orchards damaged", Attribution: "the growers' union"}},
			}},
		{Source: "Orchard News", Title: "Frost damage counted", Text: "Pell said …", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{{Name: "Pell", Type: "PER", Mentions: 1, Key: "PER:pell"}},
			}},
		{Source: "Local Ledger", Title: "Library hours", Text: "The library opens on Sundays.", StoryID: 2},
	} {
		a.Identity = "test:" + string(rune('a'+i))
		a.Published = base.Add(time.Duration(i) * time.Hour)
		if _, err := st.AddArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	u, err := ui.New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	u.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	body := page(t, srv, "/stories/1", http.StatusOK)
	mustContain(t, "story page", body,
		`<section class="annotations">`,
		`<span class="tag">Ana Pell</span> <small>PER</small> <span class="aliases">also Pell</span>`,
		`3 mentions · Valley &lt;b&gt;Times&lt;/b&gt;, Orchard News`,
		`“We lost &lt;script&gt;alert(1)&lt;/script&gt; half the blossom”`,
		`<span class="tag">nearly 300 hectares</span> below 300 ha · orchards damaged · according to the growers&#39; union`,
	)
	mustNotContain(t, "story page", body, "<script>alert(1)</script>", "<b>Times</b>")

	plain := page(t, srv, "/stories/2", http.StatusOK)
	mustNotContain(t, "story page without annotations", plain, `class="annotations"`)
}
