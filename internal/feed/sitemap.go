package feed

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// MaxSitemapBytes caps a sitemap, before and after decompression: the
// sitemap protocol's own limit of 50 MiB uncompressed.
const MaxSitemapBytes = 50 << 20

// ErrNotSitemap reports a document that is neither a sitemap nor a sitemap
// index.
var ErrNotSitemap = errors.New("not a sitemap")

// Sitemap is one parsed sitemap or sitemap index.
type Sitemap struct {
	// Kind is KindSitemap for a <urlset> or a plain-text sitemap and
	// KindSitemapIndex for a <sitemapindex>.
	Kind Kind `json:"kind"`
	// URLs are the pages of a sitemap, in document order.
	URLs []SitemapURL `json:"urls,omitempty"`
	// Sitemaps are the child sitemaps of a sitemap index.
	Sitemaps []SitemapRef `json:"sitemaps,omitempty"`
	// Skipped lists entries left out, in document order.
	Skipped []SitemapSkip `json:"skipped,omitempty"`
	// Notes says what was repaired to read the sitemap, as in Feed.Notes.
	Notes []string `json:"notes,omitempty"`
}

// SitemapURL is one <url> of a sitemap.
type SitemapURL struct {
	// Loc is the page's address, absolute, http or https.
	Loc string `json:"loc"`
	// LastMod is the page's <lastmod>, zero when absent or unreadable.
	LastMod time.Time `json:"lastmod,omitzero"`
	// News holds the Google News extension, when present.
	News *News `json:"news,omitempty"`
}

// News is the Google News sitemap extension of one URL.
type News struct {
	// Publication is news:publication/news:name.
	Publication string `json:"publication,omitempty"`
	// Lang is news:publication/news:language (ISO 639, such as "en" or
	// "zh-cn").
	Lang string `json:"lang,omitempty"`
	// Published is news:publication_date, zero when unreadable.
	Published time.Time `json:"published,omitzero"`
	Title     string    `json:"title,omitempty"`
}

// SitemapRef is one <sitemap> of a sitemap index.
type SitemapRef struct {
	Loc     string    `json:"loc"`
	LastMod time.Time `json:"lastmod,omitzero"`
}

// SitemapSkip records one entry ParseSitemap left out.
type SitemapSkip struct {
	// Index is the entry's position among the document's <url> or
	// <sitemap> elements (or non-blank lines), from 0.
	Index  int    `json:"index"`
	Loc    string `json:"loc,omitempty"`
	Reason string `json:"reason"`
}

// Reasons a sitemap entry is skipped.
const (
	ReasonNoLoc  = "no loc"
	ReasonBadLoc = "loc is not an http or https URL"
)

// ParseSitemap reads an XML sitemap (<urlset>, with the Google News
// extension), a sitemap index (<sitemapindex>) or a plain-text sitemap (one
// URL per line), fetched from base (which may be empty). Gzip data,
// recognised by its magic bytes, is decompressed first. Elements are
// matched by local name without regard to case or namespace; other
// elements (image:, video:, xhtml:link) are ignored.
//
// Relative locations are resolved against base; entries whose location is
// missing or not http(s) are left out and listed in Sitemap.Skipped.
// Dates, in UTC, are W3C Datetime (RFC 3339 and its shortenings down to a year,
// plus common slips such as a space for the "T" or a missing zone, read as
// UTC); an unreadable date is left zero. Encodings are handled as in Parse.
//
// Errors wrap ErrEmpty, ErrTooLarge (over MaxSitemapBytes, compressed or
// not), ErrNotSitemap or ErrMalformed. When the XML breaks off (a truncated
// download), the entries read before the break are returned together with
// the error.
func ParseSitemap(data []byte, base string) (Sitemap, error) {
	if len(data) > MaxSitemapBytes {
		return Sitemap{}, fmt.Errorf("parse sitemap: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxSitemapBytes)
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		var err error
		if data, err = gunzip(data, MaxSitemapBytes); err != nil {
			return Sitemap{}, fmt.Errorf("parse sitemap: %w", err)
		}
	}
	data, notes, err := toUTF8(data)
	if err != nil {
		return Sitemap{}, fmt.Errorf("parse sitemap: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Sitemap{}, fmt.Errorf("parse sitemap: %w", ErrEmpty)
	}
	baseURL, _ := url.Parse(strings.TrimSpace(base))
	if baseURL != nil && !baseURL.IsAbs() {
		baseURL = nil
	}
	var sm Sitemap
	if firstByte(data) == '<' {
		sm, err = parseXMLSitemap(data, baseURL)
	} else {
		sm, err = parseTextSitemap(data, baseURL)
	}
	sm.Notes = notes
	if err != nil {
		return sm, fmt.Errorf("parse sitemap: %w", err)
	}
	return sm, nil
}

// gunzip decompresses gzip data (all members) up to limit bytes.
func gunzip(data []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: gzip: %v", ErrMalformed, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: gzip: %v", ErrMalformed, err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("%w: decompressed data over %d bytes", ErrTooLarge, limit)
	}
	return out, nil
}

// newXMLDecoder returns a lenient decoder (stray '&' and unknown entities
// are left as text, as feeds and sitemaps in the wild need) that converts
// declared encodings. Custom entities declared in a DTD are never
// expanded.
func newXMLDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	return d
}

// xmlURL is what is read from a <url> or <sitemap> element.
type xmlURL struct {
	Loc, LastMod string
	News         bool // a news:news element was seen
	NewsName     string
	NewsLang     string
	NewsDate     string
	NewsTitle    string
}

// maxFieldBytes caps the text kept for one field of an entry.
const maxFieldBytes = 64 << 10

// readEntry reads the rest of an entry element just started, keeping the text of
// the children it knows (by lower-cased local name, whatever the
// namespace). Only the first news:news element counts.
func readEntry(d *xml.Decoder) (xmlURL, error) {
	var x xmlURL
	var path []string
	news := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return x, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			path = append(path, name)
			if len(path) == 1 && name == "news" {
				news++
				x.News = true
			}
		case xml.EndElement:
			if len(path) == 0 {
				return x, nil
			}
			path = path[:len(path)-1]
		case xml.CharData:
			var field *string
			switch {
			case len(path) == 1 && path[0] == "loc":
				field = &x.Loc
			case len(path) == 1 && path[0] == "lastmod":
				field = &x.LastMod
			case news != 1 || len(path) < 2 || path[0] != "news":
			case len(path) == 3 && path[1] == "publication" && path[2] == "name":
				field = &x.NewsName
			case len(path) == 3 && path[1] == "publication" && path[2] == "language":
				field = &x.NewsLang
			case len(path) == 2 && path[1] == "publication_date":
				field = &x.NewsDate
			case len(path) == 2 && path[1] == "title":
				field = &x.NewsTitle
			}
			if field != nil && len(*field)+len(t) <= maxFieldBytes {
				*field += string(t)
			}
		}
	}
}

// parseXMLSitemap reads a <urlset> or <sitemapindex>.
func parseXMLSitemap(data []byte, base *url.URL) (Sitemap, error) {
	d := newXMLDecoder(data)
	root, err := rootStart(d)
	if err != nil {
		return Sitemap{}, err
	}
	var sm Sitemap
	var entry string
	switch strings.ToLower(root.Name.Local) {
	case "urlset":
		sm.Kind, entry = KindSitemap, "url"
	case "sitemapindex":
		sm.Kind, entry = KindSitemapIndex, "sitemap"
	default:
		return Sitemap{}, fmt.Errorf("%w: %s, want <urlset> or <sitemapindex>", ErrNotSitemap, describe(data, Sniff(data, "")))
	}
	index := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sm, fmt.Errorf("%w: xml: document ends inside <%s>", ErrMalformed, root.Name.Local)
		}
		if err != nil {
			return sm, fmt.Errorf("%w: xml: %v", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return sm, nil // the root's end: a lenient decoder checks no more
		case xml.StartElement:
			if !strings.EqualFold(t.Name.Local, entry) {
				if err := d.Skip(); err != nil {
					return sm, fmt.Errorf("%w: xml: %v", ErrMalformed, err)
				}
				continue
			}
			x, err := readEntry(d)
			if err != nil {
				return sm, fmt.Errorf("%w: xml: <%s> %d: %v", ErrMalformed, entry, index, err)
			}
			sm.add(x, index, base)
			index++
		}
	}
}

// add appends one decoded entry, or a skip.
func (sm *Sitemap) add(x xmlURL, index int, base *url.URL) {
	raw := strings.TrimSpace(x.Loc)
	if raw == "" {
		sm.Skipped = append(sm.Skipped, SitemapSkip{Index: index, Reason: ReasonNoLoc})
		return
	}
	loc, ok := absHTTP(base, raw)
	if !ok {
		sm.Skipped = append(sm.Skipped, SitemapSkip{Index: index, Loc: raw, Reason: ReasonBadLoc})
		return
	}
	lastMod, _ := parseW3CDate(x.LastMod)
	if sm.Kind == KindSitemapIndex {
		sm.Sitemaps = append(sm.Sitemaps, SitemapRef{Loc: loc, LastMod: lastMod})
		return
	}
	u := SitemapURL{Loc: loc, LastMod: lastMod}
	if x.News {
		pub, _ := parseW3CDate(x.NewsDate)
		u.News = &News{
			Publication: oneLine(x.NewsName),
			Lang:        oneLine(x.NewsLang),
			Published:   pub,
			Title:       oneLine(x.NewsTitle),
		}
	}
	sm.URLs = append(sm.URLs, u)
}

// rootStart returns the document's first start element, or an error
// saying there is none.
func rootStart(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return xml.StartElement{}, fmt.Errorf("%w: no root element", ErrMalformed)
		}
		if err != nil {
			return xml.StartElement{}, fmt.Errorf("%w: xml: %v", ErrMalformed, err)
		}
		if t, ok := tok.(xml.StartElement); ok {
			return t, nil
		}
	}
}

// parseTextSitemap reads one URL per non-blank line.
func parseTextSitemap(data []byte, base *url.URL) (Sitemap, error) {
	if looksBinary(data) {
		return Sitemap{}, fmt.Errorf("%w: %s", ErrNotSitemap, describe(data, KindUnknown))
	}
	sm := Sitemap{Kind: KindSitemap}
	index := 0
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if loc, ok := absHTTP(base, line); ok && !strings.ContainsAny(line, " \t") {
			sm.URLs = append(sm.URLs, SitemapURL{Loc: loc})
		} else {
			if len(line) > 200 {
				line = line[:200]
			}
			sm.Skipped = append(sm.Skipped, SitemapSkip{Index: index, Loc: line, Reason: ReasonBadLoc})
		}
		index++
	}
	if len(sm.URLs) == 0 {
		return Sitemap{}, fmt.Errorf("%w: no line is an http or https URL (%s)", ErrNotSitemap, describe(data, KindUnknown))
	}
	return sm, nil
}

// parseTextURL parses one line of a plain-text sitemap, which must be an
// absolute http(s) URL.
func parseTextURL(s string) (string, bool) {
	if strings.ContainsAny(s, " \t") {
		return "", false
	}
	return absHTTP(nil, s)
}

// w3cLayouts are the forms of W3C Datetime and its common slips, most
// common first. Layouts without a zone are read as UTC.
var w3cLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01",
	"2006",
}

// parseW3CDate parses a W3C Datetime as sitemaps use it.
func parseW3CDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, layout := range w3cLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
