package feed

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"strings"
)

// Kind is what a document is, as Sniff tells it.
type Kind int

// Kinds of document.
const (
	KindUnknown      Kind = iota
	KindFeed              // RSS, Atom or JSON Feed
	KindSitemap           // <urlset>, or a plain-text list of URLs
	KindSitemapIndex      // <sitemapindex>
	KindOPML              // <opml>
	KindHTML              // an HTML or XHTML page
)

func (k Kind) String() string {
	switch k {
	case KindFeed:
		return "feed"
	case KindSitemap:
		return "sitemap"
	case KindSitemapIndex:
		return "sitemap index"
	case KindOPML:
		return "opml"
	case KindHTML:
		return "html"
	}
	return "unknown"
}

// MarshalText writes the kind as its String.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	for c := KindUnknown; c <= KindHTML; c++ {
		if c.String() == string(b) {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("unknown kind %q", b)
}

// sniffLen is how much of a document Sniff looks at.
const sniffLen = 64 << 10

// Sniff tells what kind of document data is. The bytes decide: the root
// element of XML (rss, rdf:RDF and feed are feeds; urlset a sitemap;
// sitemapindex a sitemap index; opml; html), a JSON object naming a
// jsonfeed.org version, an HTML doctype or tag, or lines that are all
// http(s) URLs (a plain-text sitemap). Gzip data is looked into. Only when
// the bytes say nothing does contentType (a Content-Type header value, may
// be empty) decide, so an HTML error page served as application/rss+xml is
// HTML. Binary data is KindUnknown whatever contentType says.
func Sniff(data []byte, contentType string) Kind {
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		inner, err := gunzipPrefix(data, sniffLen)
		if err != nil || bytes.HasPrefix(inner, []byte{0x1f, 0x8b}) {
			return KindUnknown
		}
		data = inner
	}
	if len(data) > sniffLen {
		data = data[:sniffLen]
	}
	if k := sniffBytes(data); k != KindUnknown {
		return k
	}
	if looksBinary(data) {
		return KindUnknown
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return KindUnknown
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return KindHTML
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json":
		return KindFeed
	case "text/x-opml", "application/x-opml", "text/x-opml+xml":
		return KindOPML
	}
	return KindUnknown
}

// sniffBytes tells the kind from the bytes alone.
func sniffBytes(data []byte) Kind {
	head := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n\f\v")
	if len(head) == 0 {
		return KindUnknown
	}
	switch head[0] {
	case '<':
		root, doctype := rootElement(head)
		switch root {
		case "rss", "rdf", "feed":
			return KindFeed
		case "urlset":
			return KindSitemap
		case "sitemapindex":
			return KindSitemapIndex
		case "opml":
			return KindOPML
		case "html":
			return KindHTML
		}
		if strings.EqualFold(doctype, "html") || htmlRoots[root] {
			return KindHTML
		}
	case '{':
		if bytes.Contains(head, []byte("jsonfeed.org/version")) {
			return KindFeed
		}
	default:
		if textSitemap(head) {
			return KindSitemap
		}
	}
	return KindUnknown
}

// htmlRoots are elements that, first in a document, make it an HTML page.
var htmlRoots = map[string]bool{
	"head": true, "body": true, "div": true, "p": true, "script": true, "meta": true,
	"title": true, "link": true, "a": true, "table": true, "h1": true, "h2": true,
	"style": true, "span": true, "iframe": true, "br": true, "form": true,
}

// rootElement returns the lower-cased local name of the first element in
// XML or HTML data, skipping the XML declaration, processing instructions,
// comments and the doctype, and the doctype's first word (such as "html").
// It returns "" when there is none in data.
func rootElement(data []byte) (root, doctype string) {
	for {
		data = bytes.TrimLeft(data, " \t\r\n\f\v")
		switch {
		case len(data) == 0 || data[0] != '<':
			return "", doctype
		case bytes.HasPrefix(data, []byte("<?")):
			i := bytes.Index(data, []byte("?>"))
			if i < 0 {
				return "", doctype
			}
			data = data[i+2:]
		case bytes.HasPrefix(data, []byte("<!--")):
			i := bytes.Index(data[4:], []byte("-->"))
			if i < 0 {
				return "", doctype
			}
			data = data[4+i+3:]
		case len(data) >= 9 && strings.EqualFold(string(data[:9]), "<!doctype"):
			rest := bytes.TrimLeft(data[9:], " \t\r\n")
			end := bytes.IndexAny(rest, " \t\r\n>[")
			if end > 0 {
				doctype = strings.ToLower(string(rest[:end]))
			}
			i := doctypeEnd(data)
			if i < 0 {
				return "", doctype
			}
			data = data[i:]
		case bytes.HasPrefix(data, []byte("<!")):
			i := bytes.IndexByte(data, '>')
			if i < 0 {
				return "", doctype
			}
			data = data[i+1:]
		default:
			name := data[1:]
			end := bytes.IndexAny(name, " \t\r\n/>")
			if end < 0 {
				return "", doctype
			}
			name = name[:end]
			if i := bytes.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			return strings.ToLower(string(name)), doctype
		}
	}
}

// doctypeEnd returns the index just past the doctype at the start of data,
// allowing for an internal subset in brackets, or -1.
func doctypeEnd(data []byte) int {
	depth := 0
	var quote byte
	for i := 9; i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + 1
		}
	}
	return -1
}

// textSitemap reports whether every complete non-blank line of data is an
// absolute http(s) URL, and there is one at least.
func textSitemap(data []byte) bool {
	lines := bytes.Split(data, []byte("\n"))
	if len(data) == sniffLen && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut
	}
	n := 0
	for _, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		if _, ok := parseTextURL(string(l)); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// looksBinary reports whether data holds NUL bytes or other control
// characters that text never does.
func looksBinary(data []byte) bool {
	for _, c := range data {
		if c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) {
			return true
		}
	}
	return false
}

// gunzipPrefix decompresses at most limit bytes from the start of gzip
// data; a cut-off stream is not an error.
func gunzipPrefix(data []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit))
	if err != nil && len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// describe says what data looks like, for an error about a document that
// is not of the kind wanted. k is Sniff's verdict.
func describe(data []byte, k Kind) string {
	switch k {
	case KindHTML:
		return "the document is an HTML page"
	case KindSitemap:
		return "the document is a sitemap"
	case KindSitemapIndex:
		return "the document is a sitemap index"
	case KindOPML:
		return "the document is an OPML outline"
	case KindFeed:
		return "the document is a feed"
	}
	if len(data) > sniffLen {
		data = data[:sniffLen]
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n\f\v")
	switch {
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return "the document is gzip data"
	case looksBinary(head):
		return "the document is binary data"
	case len(head) > 0 && head[0] == '<':
		if root, _ := rootElement(head); root != "" {
			return fmt.Sprintf("root element is <%s>", root)
		}
		return "no root element"
	case len(head) > 0 && head[0] == '{':
		return "JSON without a jsonfeed.org version"
	}
	if len(head) > 24 {
		head = head[:24]
	}
	return fmt.Sprintf("the document starts with %q", head)
}
