package news

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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
	var buf foldBuffer
	buf.write(h, title)
	h.Write([]byte{0})
	buf.write(h, text)
	return hex.EncodeToString(h.Sum(nil))
}

// foldBuffer holds folded text on its way into a hash, so that folding
// an article allocates nothing and hands the hash large blocks.
type foldBuffer [2048]byte

// asciiFold maps each ASCII letter and digit to itself lower-cased, and
// every other byte (including those of runes beyond ASCII) to 0.
var asciiFold = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	return t
}()

// write writes s to h folded: its letters and digits lower-cased, each
// run of other characters (including invalid UTF-8) between two of them
// as one space, and none at either end. Runs of ASCII letters and digits,
// most of any text, are copied a byte at a time without decoding runes.
func (f *foldBuffer) write(h hash.Hash, s string) {
	// A folded rune takes at most utf8.UTFMax bytes and a space before it.
	const room = 1 + utf8.UTFMax
	buf, n := f[:], 0
	space, started := false, false
	for i := 0; i < len(s); {
		if n > len(buf)-room {
			h.Write(buf[:n])
			n = 0
		}
		c := s[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			if asciiFold[c] == 0 {
				space = true
				i++
				continue
			}
		} else if r, size = utf8.DecodeRuneInString(s[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			i += size
			continue
		}
		if space && started {
			buf[n] = ' '
			n++
		}
		space, started = false, true
		if c >= utf8.RuneSelf {
			n += utf8.EncodeRune(buf[n:], unicode.ToLower(r))
			i += size
			continue
		}
		for ; i < len(s) && n < len(buf); i++ {
			lc := asciiFold[s[i]]
			if lc == 0 {
				break
			}
			buf[n] = lc
			n++
		}
	}
	h.Write(buf[:n])
}

// Identity returns the key that makes an article unique in a store: its
// canonical URL when it has one, else the hash of its content.
func Identity(rawURL, title, text string) string {
	if c := CanonicalURL(rawURL); c != "" {
		return "url:" + c
	}
	return "sha256:" + ContentHash(title, text)
}
