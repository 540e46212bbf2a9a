package feed

import (
	"bytes"
	"mime"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// feedTypes are the link types Discover takes for feeds.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true, // RSS 1.0
}

// Discover returns the feeds an HTML page links to with
// <link rel="alternate" type="application/rss+xml"> (or atom+xml,
// feed+json, rdf+xml), made absolute against the page's <base href> and
// pageURL, in document order without repeats. Links whose address is not
// http or https are left out. It never fails: a page without such links,
// or bytes that are not HTML at all, give nil.
func Discover(html []byte, pageURL string) []string {
	base, _ := url.Parse(strings.TrimSpace(pageURL))
	if base != nil && !base.IsAbs() {
		base = nil
	}
	var hrefs []string
	baseSeen := false
	z := xhtml.NewTokenizer(bytes.NewReader(html))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch string(name) {
		case "base":
			// The first <base href> sets the base for the whole document,
			// links before it included.
			if baseSeen {
				continue
			}
			if href, ok := attrOf(z, "href"); ok {
				baseSeen = true
				if u, err := url.Parse(strings.TrimSpace(href)); err == nil {
					if base != nil {
						u = base.ResolveReference(u)
					}
					if u.IsAbs() {
						base = u
					}
				}
			}
		case "link":
			var rel, typ, href string
			var hasHref bool
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "rel":
					rel = string(v)
				case "type":
					typ = string(v)
				case "href":
					href, hasHref = string(v), true
				}
				if !more {
					break
				}
			}
			if hasHref && isAlternate(rel) && isFeedType(typ) {
				hrefs = append(hrefs, href)
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, h := range hrefs {
		u, ok := absHTTP(base, h)
		if ok && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// attrOf returns the value of the current tag's attribute key.
func attrOf(z *xhtml.Tokenizer, key string) (string, bool) {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v), true
		}
		if !more {
			return "", false
		}
	}
}

func isAlternate(rel string) bool {
	for _, r := range strings.Fields(rel) {
		if strings.EqualFold(r, "alternate") {
			return true
		}
	}
	return false
}

func isFeedType(typ string) bool {
	mt, _, err := mime.ParseMediaType(typ)
	return err == nil && feedTypes[mt]
}

// guessPaths are the places feeds are commonly found.
var guessPaths = []string{"feed", "rss", "rss.xml", "atom.xml", "feed.xml", "index.xml"}

// Guesses returns the usual feed addresses of a site, for when its pages
// link none: /feed, /rss, /rss.xml, /atom.xml, /feed.xml and /index.xml
// under the site's directory (when siteURL has a path) and then under its
// root, without repeats. It returns nil when siteURL is not an absolute
// http or https URL.
func Guesses(siteURL string) []string {
	u, err := url.Parse(strings.TrimSpace(siteURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	dirs := []string{"/"}
	if p := u.EscapedPath(); p != "" && p != "/" {
		if !strings.HasSuffix(p, "/") {
			p += "/"
		}
		dirs = []string{p, "/"}
	}
	var out []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		for _, p := range guessPaths {
			g := url.URL{Scheme: u.Scheme, Host: u.Host}
			ref, err := url.Parse(dir + p)
			if err != nil {
				continue
			}
			s := g.ResolveReference(ref).String()
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
