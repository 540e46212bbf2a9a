package news

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// trackingParams are query parameters that identify a campaign or a reader,
// not a document; CanonicalURL drops them.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "mc_cid": true, "mc_eid": true,
	"ocid": true, "cmpid": true, "track": true, "ref": true, "ncid": true,
	"ito": true, "icid": true, "smid": true, "cid": true, "__twitter_impression": true,
}

// CanonicalURL returns the normalised form of an article URL: lower-case
// scheme and host, no default port, no fragment, no "www." prefix, no
// tracking parameters (utm_* and common campaign keys), sorted query, and
// no trailing slash. It returns "" for anything that is not an absolute
// http(s) URL.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if port := u.Port(); port != "" && !(port == "80" && scheme == "http") && !(port == "443" && scheme == "https") {
		host += ":" + port
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var qs strings.Builder
	for _, k := range keys {
		vals := q[k]
		sort.Strings(vals)
		for _, v := range vals {
			if qs.Len() > 0 {
				qs.WriteByte('&')
			}
			qs.WriteString(url.QueryEscape(k))
			qs.WriteByte('=')
			qs.WriteString(url.QueryEscape(v))
		}
	}
	path := u.EscapedPath()
	path = strings.TrimRight(path, "/")
	// Both schemes name one document; identity ignores the difference.
	out := "//" + host + path
	if qs.Len() > 0 {
		out += "?" + qs.String()
	}
	return out
}

// ContentHash returns a hex SHA-256 of the title and text with case,
// punctuation and runs of white space folded, so that re-encodings and
// re-wrappings of the same text hash alike.
func ContentHash(title, text string) string {
	h := sha256.New()
	writeFolded(h, title)
	h.Write([]byte{0})
	writeFolded(h, text)
	return hex.EncodeToString(h.Sum(nil))
}

func writeFolded(h interface{ Write([]byte) (int, error) }, s string) {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	h.Write([]byte(b.String()))
}

// Identity returns the key that makes an article unique in a store: its
// canonical URL when it has one, else the hash of its content.
func Identity(rawURL, title, text string) string {
	if c := CanonicalURL(rawURL); c != "" {
		return "url:" + c
	}
	return "sha256:" + ContentHash(title, text)
}
