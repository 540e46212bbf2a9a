package feeds

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// atomNS is the Atom namespace (RFC 4287).
const atomNS = "http://www.w3.org/2005/Atom"

// maxHeadlines caps the articles listed in one story entry.
const maxHeadlines = 20

// The Atom elements Parallax writes. Every string that reaches them has
// been through Clean; encoding/xml escapes the markup characters.
type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string        `xml:"id"`
	Title     atomText      `xml:"title"`
	Subtitle  *atomText     `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Author    atomPerson    `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomText struct {
	// Type is "text" (the default, left out) or "html".
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr,omitempty"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomGenerator struct {
	URI  string `xml:"uri,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Links     []atomLink   `xml:"link"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Authors   []atomPerson `xml:"author"`
	Summary   *atomText    `xml:"summary,omitempty"`
	Content   *atomText    `xml:"content,omitempty"`
	// updated is Updated as a time, to date the feed.
	updated time.Time
}

// site builds absolute URLs on the host the request was sent to.
type site string

// abs returns the absolute URL of path, which must be escaped already.
func (s site) abs(path string) string { return string(s) + path }

func (s site) story(id int64) string   { return s.abs("/stories/" + strconv.FormatInt(id, 10)) }
func (s site) article(id int64) string { return s.abs("/articles/" + strconv.FormatInt(id, 10)) }

// atomTime formats t for Atom, in UTC to the second.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// encode renders the feed as a complete XML document.
func encode(feed *atomFeed) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return nil, fmt.Errorf("encode atom feed: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// storyEntry is one story and its articles (nil when they could not be
// read) as a feed entry.
func storyEntry(s site, st news.Story, articles []news.Article) atomEntry {
	link := s.story(st.ID)
	return atomEntry{
		ID:        link,
		Title:     atomText{Body: storyTitle(st)},
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Updated:   atomTime(st.LastSeen),
		Published: atomTime(st.FirstSeen),
		updated:   st.LastSeen,
		Summary:   &atomText{Body: storySummary(st, articles)},
		Content:   &atomText{Type: "html", Body: storyContent(s, st, articles)},
	}
}

func storyTitle(st news.Story) string {
	if t := oneLine(st.Title); t != "" {
		return t
	}
	return "Untitled story"
}

// storyCounts says how many articles and outlets a story has:
// "3 articles (1 reprint) from 3 sources".
func storyCounts(st news.Story) string {
	s := plural(st.Articles, "article", "articles")
	if r := st.Articles - st.Originals; r > 0 && st.Originals > 0 {
		s += " (" + plural(r, "reprint", "reprints") + ")"
	}
	return s + " from " + plural(st.Sources, "source", "sources")
}

// outlets lists the distinct outlets of articles, in order of first
// report.
func outlets(articles []news.Article) []string {
	var list []string
	seen := make(map[string]bool)
	for _, a := range articles {
		name := oneLine(a.Source)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		list = append(list, name)
	}
	return list
}

// storySummary is the plain-text summary of a story entry.
func storySummary(st news.Story, articles []news.Article) string {
	s := storyCounts(st)
	if names := outlets(articles); len(names) > 0 {
		s += ": " + strings.Join(names, ", ")
	}
	return s + "."
}

// storyContent is the HTML body of a story entry: the counts, then each
// article's headline linked to its page, with its outlet. Every piece of
// text is escaped for HTML here, and the whole again for XML by the
// encoder.
func storyContent(s site, st news.Story, articles []news.Article) string {
	var b strings.Builder
	b.WriteString("<p>")
	b.WriteString(html.EscapeString(storyCounts(st)))
	switch first, last := humanTime(st.FirstSeen), humanTime(st.LastSeen); {
	case st.FirstSeen.IsZero():
	case first == last:
		b.WriteString(", reported " + first)
	default:
		b.WriteString(", reported from " + first + " to " + last)
	}
	b.WriteString(".</p>")
	if names := outlets(articles); len(names) > 0 {
		b.WriteString("<p>Outlets: ")
		b.WriteString(html.EscapeString(strings.Join(names, ", ")))
		b.WriteString(".</p>")
	}
	if len(articles) > 0 {
		b.WriteString("<ul>")
		for i, a := range articles {
			if i == maxHeadlines {
				break
			}
			b.WriteString(`<li><a href="`)
			b.WriteString(html.EscapeString(s.article(a.ID)))
			b.WriteString(`">`)
			b.WriteString(html.EscapeString(articleTitle(a)))
			b.WriteString("</a>")
			if src := oneLine(a.Source); src != "" {
				b.WriteString(" — ")
				b.WriteString(html.EscapeString(src))
			}
			if a.DuplicateOf != 0 {
				b.WriteString(" (reprint)")
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
		if more := len(articles) - maxHeadlines; more > 0 {
			b.WriteString("<p>And " + plural(more, "more article", "more articles") + ".</p>")
		}
	}
	b.WriteString(`<p><a href="`)
	b.WriteString(html.EscapeString(s.story(st.ID)))
	b.WriteString(`">Compare the coverage on Parallax</a></p>`)
	return b.String()
}

// hitEntry is one search hit as a feed entry; fallback dates an article
// with neither publication nor ingestion time.
func hitEntry(s site, h news.SearchHit, fallback time.Time) atomEntry {
	a := h.Article
	link := s.article(a.ID)
	at := articleTime(a, fallback)
	e := atomEntry{
		ID:      link,
		Title:   atomText{Body: articleTitle(a)},
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Updated: atomTime(at),
		updated: at,
	}
	if !a.Published.IsZero() {
		e.Published = atomTime(a.Published)
	}
	if orig, ok := webURL(a.URL); ok {
		e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: orig, Title: "Original report"})
	}
	if src := oneLine(a.Source); src != "" {
		e.Authors = []atomPerson{{Name: src}}
	}
	if snip := plainSnippet(h.Snippet); snip != "" {
		e.Summary = &atomText{Body: snip}
	}
	return e
}

// articleTime is when an article was published, else when it was stored,
// else fallback.
func articleTime(a news.Article, fallback time.Time) time.Time {
	switch {
	case !a.Published.IsZero():
		return a.Published
	case !a.Ingested.IsZero():
		return a.Ingested
	}
	return fallback
}

func articleTitle(a news.Article) string {
	if t := oneLine(a.Title); t != "" {
		return t
	}
	return "Untitled article"
}

// webURL returns raw, cleaned, when it is an absolute http or https URL:
// the only original links a feed passes on.
func webURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(Clean(raw)))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	return Clean(u.String()), true
}

func humanTime(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
