// Package feed turns the bytes of syndication documents into values: RSS
// 0.9x/1.0/2.0, Atom 1.0 and JSON Feed (through gofeed), XML and plain-text
// sitemaps, OPML subscription lists, and the feed links of an HTML page.
//
// Everything here is pure: bytes in, values out, no I/O and no logging. All
// input is untrusted; every parser has a size cap, returns an error rather
// than panicking, and is fuzzed.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	gfjson "github.com/mmcdole/gofeed/json"
)

// MaxFeedBytes is the largest feed Parse accepts.
const MaxFeedBytes = 20 << 20

// Sentinel errors, for errors.Is.
var (
	// ErrEmpty reports input with nothing but white space in it.
	ErrEmpty = errors.New("empty input")
	// ErrTooLarge reports input (or decompressed input) over a size cap.
	ErrTooLarge = errors.New("input too large")
	// ErrNotFeed reports a document that is not RSS, Atom or JSON Feed.
	ErrNotFeed = errors.New("not a feed")
	// ErrMalformed reports a document of the right kind that cannot be read.
	ErrMalformed = errors.New("malformed")
)

// Feed is one parsed feed.
type Feed struct {
	// Format is the feed's format and version as gofeed reports them, such
	// as "rss 2.0", "atom 1.0" or "json 1.1".
	Format string `json:"format"`
	Title  string `json:"title,omitempty"`
	// Link is the site the feed belongs to, absolute (empty when the feed
	// names none or names one that is not http or https).
	Link string `json:"link,omitempty"`
	// Lang is the feed's language as declared (RSS <language>, dc:language,
	// Atom xml:lang, JSON Feed language), or empty.
	Lang  string `json:"lang,omitempty"`
	Items []Item `json:"items"`
	// Skipped lists the entries that were not turned into items, in feed
	// order.
	Skipped []Skip `json:"skipped,omitempty"`
	// Notes says what was repaired to read the feed, such as invalid UTF-8.
	Notes []string `json:"notes,omitempty"`
}

// Item is one entry of a feed.
type Item struct {
	// GUID is the entry's identifier (RSS guid, Atom id, JSON Feed id) as
	// written, or empty.
	GUID string `json:"guid,omitempty"`
	// URL is the entry's link, absolute, http or https.
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Summary is the entry's description as plain text on one line.
	Summary string `json:"summary,omitempty"`
	// Content is the entry's full content (content:encoded, Atom content,
	// JSON Feed content_html or content_text) as plain text, one paragraph
	// per line.
	Content string `json:"content,omitempty"`
	// Author is the names of the entry's authors, joined with ", ".
	Author string `json:"author,omitempty"`
	// Published is when the entry was first published, in UTC; Atom
	// entries without <published> use <updated>. Zero when absent or
	// unreadable.
	Published time.Time `json:"published,omitzero"`
	// Updated is when the entry was last changed, in UTC; zero when absent.
	Updated    time.Time `json:"updated,omitzero"`
	Categories []string  `json:"categories,omitempty"`
	// Lang is the entry's language (JSON Feed item language, RSS item
	// dc:language), else the feed's.
	Lang string `json:"lang,omitempty"`
}

// Skip records one entry that Parse left out.
type Skip struct {
	// Index is the entry's position in the feed, from 0.
	Index int    `json:"index"`
	GUID  string `json:"guid,omitempty"`
	Title string `json:"title,omitempty"`
	// Reason is one of the Reason constants.
	Reason string `json:"reason"`
}

// Reasons an entry is skipped.
const (
	// ReasonNoLink: the entry has no link, and its GUID is no URL either.
	ReasonNoLink = "no link"
	// ReasonBadLink: the entry's link is not an http or https URL.
	ReasonBadLink = "link is not an http or https URL"
	// ReasonNoText: the entry has neither a title nor any text.
	ReasonNoText = "no title or text"
)

// Parse reads an RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed document fetched
// from feedURL (which may be empty when unknown).
//
// Entry links are made absolute: xml:base is honoured where it appears,
// then a relative link is resolved against the feed's site link (itself
// resolved against feedURL) or, when the feed names no site, against
// feedURL. An entry without a link falls back to its GUID when that is an
// absolute http or https URL. Entries with no usable link, or with neither
// title nor text, are left out and listed in Feed.Skipped.
//
// Input that is not UTF-8 although the document declares no other encoding
// is repaired rather than rejected, and the repair is listed in Feed.Notes:
// when none of its non-ASCII bytes form UTF-8 the whole document is read as
// Windows-1252 (the usual mislabelling), otherwise each invalid sequence is
// replaced with U+FFFD. UTF-16 with a byte order mark is converted. XML
// declaring another encoding is converted from it.
//
// Gzip data, recognised by its magic bytes, is decompressed first.
// Entities declared in a DTD are never expanded (the XML decoder does not
// support them): a reference to one stays in the text as written, so a
// "billion laughs" document costs no more than its size.
//
// Errors wrap ErrEmpty, ErrTooLarge (over MaxFeedBytes, compressed or not), ErrNotFeed (the
// error says what the document looks like instead) or ErrMalformed (syntax
// errors, with the parser's message, and parser panics).
func Parse(data []byte, feedURL string) (Feed, error) {
	if len(data) > MaxFeedBytes {
		return Feed{}, fmt.Errorf("parse feed: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxFeedBytes)
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		var err error
		if data, err = gunzip(data, MaxFeedBytes); err != nil {
			return Feed{}, fmt.Errorf("parse feed: %w", err)
		}
	}
	data, notes, err := toUTF8(data)
	if err != nil {
		return Feed{}, fmt.Errorf("parse feed: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Feed{}, fmt.Errorf("parse feed: %w", ErrEmpty)
	}
	// A JSON object without a jsonfeed.org version may still be a JSON
	// Feed (the version is often left out): gofeed decides.
	k := Sniff(data, "")
	json := k == KindUnknown && firstByte(data) == '{'
	if k != KindFeed && !json {
		return Feed{}, fmt.Errorf("parse feed: %w: %s", ErrNotFeed, describe(data, k))
	}
	gf, err := parseGofeed(data)
	if err != nil {
		return Feed{}, fmt.Errorf("parse feed: %w", err)
	}
	if json && gf.Title == "" && len(gf.Items) == 0 {
		return Feed{}, fmt.Errorf("parse feed: %w: %s", ErrNotFeed, describe(data, k))
	}
	f := convert(gf, feedURL)
	f.Notes = notes
	return f, nil
}

// parseGofeed runs gofeed's universal parser, turning its panics into
// errors.
func parseGofeed(data []byte) (gf *gofeed.Feed, err error) {
	defer recoverParser(&err)
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	gf, err = p.Parse(bytes.NewReader(data))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, fmt.Errorf("%w: feed type not detected", ErrNotFeed)
	case err != nil:
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, syntaxName(data), err)
	case gf == nil:
		return nil, fmt.Errorf("%w: parser returned no feed", ErrMalformed)
	}
	return gf, nil
}

// recoverParser turns a panic into an error in *err; deferred around
// third-party parsers.
func recoverParser(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: parser panicked: %v", ErrMalformed, r)
	}
}

// syntaxName names the syntax of a document for error messages.
func syntaxName(data []byte) string {
	if c := firstByte(data); c == '{' || c == '[' {
		return "json"
	}
	return "xml"
}

// convert turns gofeed's universal feed into a Feed.
func convert(gf *gofeed.Feed, feedURL string) Feed {
	f := Feed{
		Format: format(gf),
		Title:  title(gf.Title),
		Lang:   strings.TrimSpace(gf.Language),
		Items:  []Item{},
	}
	feedBase, _ := url.Parse(strings.TrimSpace(feedURL))
	if feedBase != nil && !feedBase.IsAbs() {
		feedBase = nil
	}
	base := feedBase
	if link, ok := absHTTP(feedBase, gf.Link); ok {
		f.Link = link
		base, _ = url.Parse(link)
	}
	var jsonItems []*gfjson.Item
	if jf, ok := gf.OriginalFeed().(*gfjson.Feed); ok && jf != nil {
		jsonItems = jf.Items
	}
	for i, gi := range gf.Items {
		if gi == nil {
			continue
		}
		var ji *gfjson.Item
		if i < len(jsonItems) {
			ji = jsonItems[i]
		}
		it, reason := convertItem(gi, ji, base, f.Lang)
		if reason != "" {
			f.Skipped = append(f.Skipped, Skip{Index: i, GUID: strings.TrimSpace(gi.GUID), Title: title(gi.Title), Reason: reason})
			continue
		}
		f.Items = append(f.Items, it)
	}
	return f
}

// convertItem turns one gofeed item into an Item, or says why it cannot.
// ji is the JSON Feed item it came from, if any.
func convertItem(gi *gofeed.Item, ji *gfjson.Item, base *url.URL, lang string) (Item, string) {
	it := Item{
		GUID:    strings.TrimSpace(gi.GUID),
		Title:   title(gi.Title),
		Summary: oneLine(htmlText(gi.Description)),
		Lang:    lang,
	}
	if ji != nil && ji.ContentHTML == "" && ji.ContentText != "" {
		it.Content = plainText(ji.ContentText)
	} else {
		it.Content = htmlText(gi.Content)
	}
	if ji != nil && strings.TrimSpace(ji.Language) != "" {
		it.Lang = strings.TrimSpace(ji.Language)
	} else if dc := gi.DublinCoreExt; dc != nil && len(dc.Language) > 0 && strings.TrimSpace(dc.Language[0]) != "" {
		it.Lang = strings.TrimSpace(dc.Language[0])
	}
	if gi.PublishedParsed != nil {
		it.Published = gi.PublishedParsed.UTC()
	}
	if gi.UpdatedParsed != nil {
		it.Updated = gi.UpdatedParsed.UTC()
	}
	it.Author = authors(gi)
	it.Categories = categories(gi.Categories)

	link := strings.TrimSpace(gi.Link)
	if link == "" {
		for _, l := range gi.Links {
			if l = strings.TrimSpace(l); l != "" {
				link = l
				break
			}
		}
	}
	switch {
	case link != "":
		u, ok := absHTTP(base, link)
		if !ok {
			return Item{}, ReasonBadLink
		}
		it.URL = u
	default:
		// A GUID is a permalink only when it is already absolute: resolving
		// "tag:" or "123" against the site would invent an address.
		if u, err := url.Parse(it.GUID); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			it.URL = u.String()
		} else {
			return Item{}, ReasonNoLink
		}
	}
	if it.Title == "" && it.Summary == "" && it.Content == "" {
		return Item{}, ReasonNoText
	}
	return it, ""
}

// format names a feed's format and version.
func format(gf *gofeed.Feed) string {
	v := gf.FeedVersion
	if i := strings.Index(v, "jsonfeed.org/version/"); i >= 0 {
		v = v[i+len("jsonfeed.org/version/"):]
	}
	return oneLine(gf.FeedType + " " + v)
}

// title cleans a title: entities are decoded (Atom titles of type html,
// and RSS titles escaped twice, carry them) but anything looking like a
// tag is kept, since RSS titles are text in which "<" may be meant.
func title(s string) string {
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return oneLine(s)
}

// authors joins an item's author names.
func authors(gi *gofeed.Item) string {
	var names []string
	seen := map[string]bool{}
	add := func(p *gofeed.Person) {
		if p == nil {
			return
		}
		n := oneLine(p.Name)
		if n == "" {
			n = oneLine(p.Email)
		}
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, p := range gi.Authors {
		add(p)
	}
	if len(names) == 0 {
		add(gi.Author)
	}
	return strings.Join(names, ", ")
}

// categories trims, drops empty and repeated categories, keeping order.
func categories(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range in {
		c = oneLine(c)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// absHTTP resolves ref against base (which may be nil) and reports whether
// the result is an absolute http or https URL.
func absHTTP(base *url.URL, ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// oneLine collapses all runs of white space in s to single spaces and trims
// it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// firstByte returns the first byte of data that is not white space or a
// UTF-8 byte order mark, or 0.
func firstByte(data []byte) byte {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n\f\v")
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

var utf8BOM = []byte("\uFEFF")
