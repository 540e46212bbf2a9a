package browsertest

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The demo's look-alike earthquakes, told apart by the places their
// reports name; see internal/demo. The Kestria quake is the one whose
// death toll differs between outlets (21, 23, 26).
var (
	kestriaWords = []string{"Kestria", "Varno", "Dravna"}
	solenneWords = []string{"Solenne", "Maraval", "Porto Lenz"}
)

// storyItem is one entry of the story list.
type storyItem struct {
	Href  string `json:"href"`
	Title string `json:"title"`
	Meta  string `json:"meta"`
}

// listedStories reads the story list on the current page.
func listedStories(t *testing.T, ctx context.Context) []storyItem {
	t.Helper()
	return eval[[]storyItem](t, ctx, `Array.from(document.querySelectorAll('ol.stories > li')).map(li => {
		const a = li.querySelector('h2 a'), m = li.querySelector('.meta');
		return {href: a ? a.getAttribute('href') : '', title: a ? a.textContent.trim() : '', meta: m ? m.textContent.replace(/\s+/g, ' ').trim() : ''};
	})`)
}

func mentions(s string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
}

// storiesAbout returns the listed stories whose titles name any of words.
func storiesAbout(stories []storyItem, words []string) []storyItem {
	var out []storyItem
	for _, s := range stories {
		if mentions(s.Title, words) {
			out = append(out, s)
		}
	}
	return out
}

// count reads "<n> <noun>" or "<n> <noun>s" from a story's meta line; -1
// when absent.
func count(meta, noun string) int {
	m := regexp.MustCompile(`(\d+) ` + noun + `s?\b`).FindStringSubmatch(meta)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// kestriaStory finds the Kestria earthquake story in the list on the
// current page.
func kestriaStory(t *testing.T, ctx context.Context) storyItem {
	t.Helper()
	stories := listedStories(t, ctx)
	found := storiesAbout(stories, kestriaWords)
	if len(found) != 1 {
		t.Fatalf("want exactly one listed story naming %v (the Kestria earthquake), got %d: %+v", kestriaWords, len(found), found)
	}
	return found[0]
}

// storyPage is what a story page shows.
type storyPage struct {
	H1       string   `json:"h1"`
	Articles int      `json:"articles"`
	Titles   []string `json:"titles"`
	Sources  []string `json:"sources"`
	Links    int      `json:"links"`
}

func readStoryPage(t *testing.T, ctx context.Context) storyPage {
	t.Helper()
	return eval[storyPage](t, ctx, `(() => {
		const items = Array.from(document.querySelectorAll('ol.articles > li'));
		const text = el => el ? el.textContent.trim() : '';
		return {
			h1: text(document.querySelector('main h1')),
			articles: items.length,
			titles: items.map(li => text(li.querySelector('h2, h3, h4'))),
			sources: items.map(li => text(li.querySelector('.source'))),
			links: items.filter(li => li.querySelector('a[href^="/articles/"]')).length,
		};
	})()`)
}

// checkStoryPage checks that the current page shows the listed story with
// all its articles and sources.
func checkStoryPage(t *testing.T, ctx context.Context, want storyItem) {
	t.Helper()
	got := readStoryPage(t, ctx)
	if got.H1 != want.Title {
		t.Errorf("story page heading %q, want the listed title %q", got.H1, want.Title)
	}
	if n := count(want.Meta, "article"); got.Articles != n {
		t.Errorf("story page lists %d articles, the story list said %d (%q)", got.Articles, n, want.Meta)
	}
	if got.Links != got.Articles {
		t.Errorf("%d of %d articles link to their article page", got.Links, got.Articles)
	}
	for i, title := range got.Titles {
		if title == "" {
			t.Errorf("article %d on the story page has no heading", i+1)
		}
	}
	sources := make(map[string]bool)
	for i, s := range got.Sources {
		if s == "" {
			t.Errorf("article %d (%q) on the story page names no source", i+1, got.Titles[i])
			continue
		}
		sources[s] = true
	}
	if n := count(want.Meta, "source"); len(sources) != n {
		t.Errorf("story page names %d distinct sources %v, the story list said %d (%q)", len(sources), got.Sources, n, want.Meta)
	}
}

// TestBrowseDemo walks the demo as a reader would: the story list, a
// search from the header, a story reached by clicking, and its comparison
// of the figures the outlets give.
func TestBrowseDemo(t *testing.T) {
	t.Parallel()
	exe := findChromium(t)
	base := demoServer(t)
	ctx := newBrowser(t, exe)
	shots := newShooter(t, ctx)

	t.Run("1-list", func(t *testing.T) {
		open(t, ctx, base+"/")
		defer shots.shoot(t, "1-list")
		title := eval[string](t, ctx, `document.title`)
		if title != "Stories · Parallax" {
			t.Errorf("story list title %q, want %q", title, "Stories · Parallax")
		}
		if h1 := eval[string](t, ctx, `document.querySelector('main h1')?.textContent ?? ''`); h1 != "Stories" {
			t.Errorf("story list heading %q, want %q", h1, "Stories")
		}
		// The style sheet is allowed by the page's CSP and loads.
		if rules := eval[int](t, ctx, `Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)`); rules == 0 {
			t.Error("the page loaded no CSS rules: the style sheet is missing or blocked")
		}
		stories := listedStories(t, ctx)
		if len(stories) < 7 {
			t.Errorf("%d stories listed, want the demo's 7 events: %+v", len(stories), stories)
		}
		kestria := storiesAbout(stories, kestriaWords)
		solenne := storiesAbout(stories, solenneWords)
		if len(kestria) != 1 || len(solenne) != 1 {
			t.Fatalf("want one story naming %v and one naming %v (the two earthquakes), got %d and %d; listed: %+v",
				kestriaWords, solenneWords, len(kestria), len(solenne), stories)
		}
		if kestria[0].Href == solenne[0].Href || mentions(kestria[0].Title, solenneWords) {
			t.Errorf("the Kestria and Solenne earthquakes share a story: %+v and %+v", kestria[0], solenne[0])
		}
		t.Logf("Kestria: %s %q (%s)", kestria[0].Href, kestria[0].Title, kestria[0].Meta)
		t.Logf("Solenne: %s %q (%s)", solenne[0].Href, solenne[0].Title, solenne[0].Meta)
	})

	t.Run("2-search", func(t *testing.T) {
		const query = "aftershocks"
		open(t, ctx, base+"/")
		box := chromedp.CSS(`header form.search input[name="q"]`)
		if err := chromedp.Do(ctx, chromedp.SendKeys(box, query)); err != nil {
			t.Fatalf("type %q into the header search box: %v", query, err)
		}
		follow(t, ctx, "submit the header search form",
			chromedp.Click(chromedp.CSS(`header form.search button[type="submit"]`)))
		defer shots.shoot(t, "2-search")
		if loc, want := location(t, ctx), "/search?q="+query; loc != want {
			t.Errorf("search went to %s, want %s", loc, want)
		}
		type results struct {
			Hits    int      `json:"hits"`
			Marks   []string `json:"marks"`
			Snippet string   `json:"snippet"`
			Box     string   `json:"box"`
		}
		got := eval[results](t, ctx, `({
			hits: document.querySelectorAll('ol.hits > li').length,
			marks: Array.from(document.querySelectorAll('.snippet mark, ol.hits mark')).map(m => m.textContent),
			snippet: document.querySelector('.snippet')?.textContent ?? '',
			box: document.querySelector('header form.search input[name="q"]')?.value ?? '',
		})`)
		if got.Box != query {
			t.Errorf("header search box holds %q after the search, want %q", got.Box, query)
		}
		if got.Hits == 0 {
			t.Fatalf("no hits in ol.hits for %q; the demo has several articles about aftershocks", query)
		}
		if len(got.Marks) == 0 {
			hint := ""
			if strings.ContainsAny(got.Snippet, "«»") {
				hint = " (the snippet shows « » markers instead)"
			}
			t.Fatalf("%d hits but no <mark> element inside .snippet or ol.hits: want the matched words highlighted with <mark>%s; first snippet: %s",
				got.Hits, hint, quote(got.Snippet, 200))
		}
		for _, m := range got.Marks {
			if !strings.HasPrefix(strings.ToLower(m), "aftershock") {
				t.Errorf("<mark> highlights %q, want only forms of %q; all marks: %q", m, query, got.Marks)
			}
		}
		t.Logf("%d hits, %d highlighted words", got.Hits, len(got.Marks))
	})

	// storyURL is the Kestria story page, reached by clicking in step 3.
	var storyURL string

	t.Run("3-story", func(t *testing.T) {
		open(t, ctx, base+"/")
		story := kestriaStory(t, ctx)
		follow(t, ctx, "click the story "+story.Title,
			chromedp.Click(chromedp.CSS(`ol.stories h2 a[href="`+story.Href+`"]`)))
		defer shots.shoot(t, "3-story")
		if loc := location(t, ctx); loc != story.Href {
			t.Fatalf("clicking %q went to %s, want %s", story.Title, loc, story.Href)
		}
		storyURL = base + story.Href
		checkStoryPage(t, ctx, story)
	})

	// Step 4 depends on the comparison section of the story page; it is
	// last so that the steps before it stand on their own.
	t.Run("4-comparison", func(t *testing.T) {
		if storyURL == "" {
			t.Skip("step 3 did not reach the Kestria story")
		}
		open(t, ctx, storyURL)
		defer shots.shoot(t, "4-comparison")
		type group struct {
			Class string `json:"class"`
			Text  string `json:"text"`
		}
		type comparison struct {
			Present bool    `json:"present"`
			Visible bool    `json:"visible"`
			Groups  []group `json:"groups"`
		}
		got := eval[comparison](t, ctx, `(() => {
			const s = document.querySelector('section#comparison');
			if (!s) return {present: false, visible: false, groups: []};
			return {
				present: true,
				visible: s.getClientRects().length > 0,
				groups: Array.from(s.querySelectorAll('.claim-group')).map(g => ({
					class: g.getAttribute('data-class') ?? '',
					text: g.innerText.replace(/\s+/g, ' ').trim(),
				})),
			};
		})()`)
		if !got.Present {
			t.Fatalf("story page %s has no <section id=\"comparison\">: want the outlets' figures compared there, "+
				"as elements of class claim-group with data-class agree, compatible, contradict, update or single, "+
				"and at least one group that differs (the death toll: 21, 23, then 26)", storyURL)
		}
		if !got.Visible {
			t.Errorf("section#comparison on %s is not displayed", storyURL)
		}
		allowed := []string{"agree", "compatible", "contradict", "update", "single"}
		differs := func(c string) bool { return c == "compatible" || c == "contradict" || c == "update" }
		var classes []string
		var differing []group
		seenSingle := false
		for i, g := range got.Groups {
			classes = append(classes, g.Class)
			if !slices.Contains(allowed, g.Class) {
				t.Errorf("claim-group %d has data-class %q, want one of %v: %s", i+1, g.Class, allowed, quote(g.Text, 120))
			}
			if g.Class == "single" {
				seenSingle = true
			}
			if differs(g.Class) {
				differing = append(differing, g)
				if seenSingle {
					t.Errorf("claim-group %d (%s) comes after a single-source group: want differing figures before single ones; order %v",
						i+1, g.Class, classes)
				}
			}
		}
		if len(differing) == 0 {
			t.Fatalf("section#comparison on %s has %d claim-groups with data-class %v: want at least one that is not agree or single "+
				"(the outlets' death tolls differ: 21, 23, then 26)", storyURL, len(got.Groups), classes)
		}
		for _, g := range differing {
			t.Logf("differing figure (%s): %s", g.Class, quote(g.Text, 160))
		}
	})
}

// TestStoryWithoutJavaScript loads the story list and a story with script
// execution off: the pages are server-rendered and must not need it.
func TestStoryWithoutJavaScript(t *testing.T) {
	t.Parallel()
	exe := findChromium(t)
	base := demoServer(t)
	ctx := newBrowser(t, exe)
	shots := newShooter(t, ctx)
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}
	// Prove that the switch took: a page script that would retitle the
	// page must not run.
	open(t, ctx, `data:text/html,<title>still off</title><script>document.title="script ran"</script>`)
	if title := eval[string](t, ctx, `document.title`); title != "still off" {
		t.Fatalf("with script execution disabled, a page script ran anyway (title %q)", title)
	}

	open(t, ctx, base+"/")
	story := kestriaStory(t, ctx)
	open(t, ctx, base+story.Href)
	defer shots.shoot(t, "story-nojs")
	checkStoryPage(t, ctx, story)
	if excerpts := eval[int](t, ctx, `document.querySelectorAll('ol.articles p.excerpt').length`); excerpts == 0 {
		t.Error("no article excerpts on the story page with JavaScript off")
	}
}
