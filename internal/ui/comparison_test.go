package ui_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite/sqlitetest"
	"github.com/parallax-news/parallax/internal/ui"
)

// comparedServer serves story 1, reported by three outlets that give
// different frost damage figures, quote a grower in two wordings and spell
// her name two ways, and story 2, one unannotated report.
func comparedServer(t *testing.T) *httptest.Server {
	t.Helper()
	st := sqlitetest.Open(t)
	pell := news.EntityRef{Name: "Ana Pell", Type: "PER", Mentions: 2, Key: "PER:ana pell"}
	union := news.EntityRef{Name: "Growers Union", Type: "ORG", Mentions: 1, Key: "ORG:growers union"}
	hectares := func(text string, v float64, hedge string) news.Claim {
		return news.Claim{Text: text, Value: v, Low: v, High: v, Hedge: hedge, Unit: "ha", Measure: "orchards damaged by frost"}
	}
	quote := func(text string) news.Quote {
		return news.Quote{Text: text, Kind: "direct", Name: "Ana Pell", SpeakerEntity: 0, SpeakerStart: -1, SpeakerEnd: -1}
	}
	arts := []news.Article{
		{Source: "Valley <b>Times</b>", Title: "Frost hits orchards", Text: "Grower Ana Pell spoke.", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{pell, union},
				Quotes:   []news.Quote{quote("We lost <script>alert(1)</script> half the blossom in one night")},
				Claims:   []news.Claim{hectares("300 hectares", 300, "exact")},
			}},
		{Source: "Orchard News", Title: "Frost damage counted", Text: "Grower Anna Pell spoke.", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{{Name: "Anna Pell", Type: "PER", Mentions: 1, Key: "PER:anna pell"}, union},
				Quotes:   []news.Quote{{Text: "We lost half the blossom in a single night", Kind: "direct", Name: "Anna Pell", SpeakerEntity: 0, SpeakerStart: -1, SpeakerEnd: -1}},
				Claims:   []news.Claim{hectares("120 hectares", 120, "exact")},
			}},
		{Source: "Farm Wire", Title: "Orchards count losses", Text: "The union met.", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{union, {Name: "Lake Orva", Type: "LOC", Mentions: 1, Key: "LOC:lake orva"}},
			}},
		{Source: "Local Ledger", Title: "Library hours", Text: "The library opens on Sundays.", StoryID: 2},
	}
	for i := range arts {
		arts[i].Published = base.Add(time.Duration(i) * time.Hour)
	}
	sqlitetest.Add(t, st, arts...)
	srv, _ := serveUI(t, st)
	return srv
}

// serveUI serves the pages of st on a test server.
func serveUI(t *testing.T, st ui.Store) (*httptest.Server, *ui.UI) {
	t.Helper()
	u, err := ui.New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	u.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, u
}

func TestStoryPageComparison(t *testing.T) {
	srv := comparedServer(t)
	body := page(t, srv, "/stories/1", http.StatusOK)
	mustContain(t, "story page", body,
		`<section id="comparison" class="comparison">`,
		// The organisation all three name is the consensus.
		`<li class="fact" data-kind="entity"><small>entity</small> Growers Union <span class="sources">3 sources:`,
		// The figures contradict, each outlet's in a row.
		`<li class="claim-group" data-class="contradict">`,
		`<td>300 hectares</td><td>300 ha</td>`, `<td>120 hectares</td><td>120 ha</td>`,
		// One quote in two wordings, the words that differ marked.
		`<li class="quote-group"><span class="tag">Ana Pell</span>`,
		`<del>`, `<ins>`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		// The name spelled two ways.
		`<section id="names">`, `Ana Pell</span> also written Anna Pell`,
		// What only one outlet reports.
		`<section id="alone">`, `<a class="source" href="/outlets/Farm%20Wire">Farm Wire</a> alone: <span data-kind="entity">Lake Orva</span>`,
		// The outlets side by side, the first marked.
		`<a href="/outlets/Valley%20%3Cb%3ETimes%3C%2Fb%3E">Valley &lt;b&gt;Times&lt;/b&gt;</a> <span class="badge">first</span>`,
		// Entities link to their pages.
		`<a class="tag" href="/entities/PER:ana%20pell">Ana Pell</a>`,
		// Charts are inline SVG.
		`<svg class="chart activity"`, `<svg class="chart timeline"`,
	)
	mustNotContain(t, "story page", body, "<script>", "<b>Times")
	// Consensus, then differences, then quotes, then what one source alone says.
	order := []string{`id="consensus"`, `id="differences"`, `id="quotes"`, `id="alone"`, `id="sources"`, `id="articles"`}
	last := -1
	for _, marker := range order {
		i := strings.Index(body, marker)
		if i < last {
			t.Errorf("section %s comes before the one above it in %v", marker, order)
		}
		last = i
	}

	plain := page(t, srv, "/stories/2", http.StatusOK)
	mustNotContain(t, "story page without annotations", plain, `id="comparison"`)
	mustContain(t, "story page without annotations", plain, `<svg class="chart activity"`)
}

func TestEntityPage(t *testing.T) {
	srv := comparedServer(t)
	body := page(t, srv, "/entities/"+"ORG:growers%20union", http.StatusOK)
	mustContain(t, "entity page", body,
		`<h1>Growers Union <small>ORG</small></h1>`,
		"1 story", "3 articles", "3 sources",
		`<a href="/stories/1">Frost hits orchards</a>`,
		`<link rel="alternate" type="application/atom+xml" title="Atom feed" href="/feeds/entities/ORG:growers%20union.atom">`,
		`href="/?entity=ORG%3Agrowers&#43;union"`,
	)
	page(t, srv, "/entities/PER:nobody", http.StatusNotFound)
}

func TestOutletPages(t *testing.T) {
	srv := comparedServer(t)
	body := page(t, srv, "/outlets/Orchard%20News", http.StatusOK)
	mustContain(t, "outlet page", body,
		"<h1>Orchard News</h1>", "1 article", "1 story",
		`<dt>First to report</dt><dd>0 of 1 story (0%)</dd>`,
		`<dt>Its figure differed</dt><dd>1, 1 of them contradicting</dd>`,
		`<a href="/stories/1">Frost hits orchards</a>`,
	)
	first := page(t, srv, "/outlets/Valley%20%3Cb%3ETimes%3C%2Fb%3E", http.StatusOK)
	mustContain(t, "first outlet page", first, "<h1>Valley &lt;b&gt;Times&lt;/b&gt;</h1>", `<dd>1 of 1 story (100%)</dd>`)
	mustNotContain(t, "first outlet page", first, "<b>Times")
	page(t, srv, "/outlets/Nobody", http.StatusNotFound)

	list := page(t, srv, "/outlets", http.StatusOK)
	mustContain(t, "outlets page", list, `<a href="/outlets/Local%20Ledger">Local Ledger</a>`, `<a href="/outlets/Farm%20Wire">Farm Wire</a>`)
}

func TestIndexFilters(t *testing.T) {
	srv := comparedServer(t)
	body := page(t, srv, "/?source=Farm+Wire", http.StatusOK)
	mustContain(t, "filtered list", body,
		`<a href="/stories/1">Frost hits orchards</a>`,
		`source <strong>Farm Wire</strong> <a href="/" aria-label="Remove the source filter">×</a>`,
		`<input name="source" value="Farm Wire"`,
		`href="/feeds/stories.atom?source=Farm&#43;Wire"`,
	)
	mustNotContain(t, "filtered list", body, "Library hours")
	body = page(t, srv, "/?since=2024-03-10T10:30:00Z", http.StatusOK)
	mustContain(t, "recent list", body, "Library hours")
	mustNotContain(t, "recent list", body, "Frost hits orchards")
	page(t, srv, "/?since=tomorrow", http.StatusBadRequest)
}
