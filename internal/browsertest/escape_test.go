package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// markupArticle is a report that quotes markup, as a story about a hacked
// web site might. The pages must show it as text: no element of it may
// reach the DOM, and none of its script may run.
var markupArticle = map[string]string{
	"id":        "markup-001",
	"title":     `Hackers planted <script> tags on the Lowmere council site`,
	"published": "2026-03-12T09:00:00Z",
	"source":    "Test Gazette",
	"url":       "https://test-gazette.example/2026/03/12/lowmere-council-site",
	"lang":      "en",
	"text": `LOWMERE (Test Gazette) - The Lowmere council's web site served planted code for six hours on Tuesday, the council said.

Investigators found the line <script>document.title="owned";window.parallaxInjected=true</script> at the top of the planning page, and a second trick, <img src="x" onerror="window.parallaxInjected=true">, in a comment form.

"No resident data was taken," a council spokeswoman said. The site was restored from a backup by the evening.`,
}

// TestArticleMarkupIsText opens the page of an article whose text holds a
// <script> element and checks that the reader sees the markup as text and
// that the browser builds no element from it.
func TestArticleMarkupIsText(t *testing.T) {
	t.Parallel()
	exe := findChromium(t)
	st := newStore(t)
	line, err := json.Marshal(markupArticle)
	if err != nil {
		t.Fatal(err)
	}
	ingest(t, st, append(line, '\n'))
	base := serve(t, st)
	ctx := newBrowser(t, exe)
	shots := newShooter(t, ctx)

	// Reach the article as a reader would: list, story, article.
	open(t, ctx, base+"/")
	href := eval[string](t, ctx, `document.querySelector('ol.stories h2 a')?.getAttribute('href') ?? ''`)
	if href == "" {
		t.Fatal("the story list shows no story for the ingested article")
	}
	follow(t, ctx, "open the story", chromedp.Click(chromedp.CSS(`ol.stories h2 a[href="`+href+`"]`)))
	follow(t, ctx, "open the article page", chromedp.Click(chromedp.CSS(`ol.articles p.more a`)))
	defer shots.shoot(t, "article")
	checkMarkupShownAsText(t, ctx)
}

// checkMarkupShownAsText checks that the article page in the tab shows
// markupArticle's markup as text and has no element made from it.
func checkMarkupShownAsText(t *testing.T, ctx context.Context) {
	t.Helper()
	type page struct {
		Path     string `json:"path"`
		Title    string `json:"title"`
		H1       string `json:"h1"`
		Text     string `json:"text"`
		Scripts  int    `json:"scripts"`
		Planted  int    `json:"planted"`
		Images   int    `json:"images"`
		Handlers int    `json:"handlers"`
		Injected bool   `json:"injected"`
	}
	got := eval[page](t, ctx, `({
		path: location.pathname,
		title: document.title,
		h1: document.querySelector('main h1')?.innerText ?? '',
		text: document.querySelector('main article')?.innerText ?? '',
		scripts: document.scripts.length,
		planted: Array.from(document.scripts).filter(s => s.textContent.includes('parallaxInjected')).length,
		images: document.querySelectorAll('main img').length,
		handlers: document.querySelectorAll('[onerror], [onload]').length,
		injected: window.parallaxInjected === true || document.title === 'owned',
	})`)
	if !strings.HasPrefix(got.Path, "/articles/") {
		t.Fatalf("landed on %s, want an article page", got.Path)
	}
	for _, want := range []string{
		`<script>document.title="owned";window.parallaxInjected=true</script>`,
		`<img src="x" onerror="window.parallaxInjected=true">`,
	} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the article on the page does not show the literal text %s; it reads %s", want, quote(got.Text, 400))
		}
	}
	if want := markupArticle["title"]; got.H1 != want {
		t.Errorf("article heading reads %q, want the title as text %q", got.H1, want)
	}
	if !strings.HasPrefix(got.Title, markupArticle["title"]) {
		t.Errorf("document title %q, want it to start with the article title as text %q", got.Title, markupArticle["title"])
	}
	if got.Planted != 0 || got.Images != 0 || got.Handlers != 0 {
		t.Errorf("the article's markup reached the DOM: %d <script> elements with its code, %d <img> in main, "+
			"%d elements with onerror or onload; want none", got.Planted, got.Images, got.Handlers)
	}
	if got.Injected {
		t.Error("the article's script ran: window.parallaxInjected or the document title is set")
	}
	if own := got.Scripts - got.Planted; own > 0 {
		t.Logf("note: the page has %d script elements of its own", own)
	}
}
