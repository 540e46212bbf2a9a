package api

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

// Listing limits shared by the JSON API and the HTML pages.
const (
	DefaultStoryLimit  = 50
	MaxStoryLimit      = 200
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
	// MaxQueryLen caps a search query, in bytes.
	MaxQueryLen = 500
	// ExcerptLen is the length, in characters, of article excerpts.
	ExcerptLen = 300
)

// cursorVersion is the first byte of every encoded cursor, so the format
// can change without old cursors being misread.
const cursorVersion = 1

// cursorLen is version + seconds + nanoseconds + story ID.
const cursorLen = 1 + 8 + 4 + 8

// EncodeCursor returns the opaque cursor for the listing position just
// after story s: the page that follows starts with the next older story.
func EncodeCursor(s news.Story) string {
	var b [cursorLen]byte
	b[0] = cursorVersion
	binary.BigEndian.PutUint64(b[1:9], uint64(s.LastSeen.Unix()))
	binary.BigEndian.PutUint32(b[9:13], uint32(s.LastSeen.Nanosecond()))
	binary.BigEndian.PutUint64(b[13:21], uint64(s.ID))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// DecodeCursor parses a cursor made by EncodeCursor. It returns an
// ErrBadParam error for anything else.
func DecodeCursor(raw string) (*news.StoryCursor, error) {
	bad := func(reason string) error { return BadParam("cursor", shorten(raw, 40), reason) }
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return nil, bad("not a cursor from this server")
	}
	if len(b) != cursorLen || b[0] != cursorVersion {
		return nil, bad("not a cursor from this server")
	}
	sec := int64(binary.BigEndian.Uint64(b[1:9]))
	nsec := int64(binary.BigEndian.Uint32(b[9:13]))
	id := int64(binary.BigEndian.Uint64(b[13:21]))
	if nsec >= int64(time.Second) || id <= 0 {
		return nil, bad("damaged cursor")
	}
	return &news.StoryCursor{LastSeen: time.Unix(sec, nsec).UTC(), ID: id}, nil
}

// ParseID parses a positive record ID from a path segment; what names the
// record kind in the error ("story", "article").
func ParseID(what, raw string) (int64, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, BadParam(what+" id", shorten(raw, 40), "must be a positive integer")
	}
	return id, nil
}

// IntParam reads an optional integer query parameter: def when absent,
// an ErrBadParam error when malformed or outside [lo, hi].
func IntParam(q url.Values, name string, def, lo, hi int) (int, error) {
	raw := q.Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, BadParam(name, shorten(raw, 40), fmt.Sprintf("must be an integer from %d to %d", lo, hi))
	}
	return n, nil
}

// StoryFilter builds the store filter from the listing query parameters
// limit, cursor and min_articles.
func StoryFilter(q url.Values) (news.StoryFilter, error) {
	var f news.StoryFilter
	var err error
	if f.Limit, err = IntParam(q, "limit", DefaultStoryLimit, 1, MaxStoryLimit); err != nil {
		return f, err
	}
	if f.MinArticles, err = IntParam(q, "min_articles", 0, 0, 1_000_000); err != nil {
		return f, err
	}
	if raw := q.Get("cursor"); raw != "" {
		if f.Before, err = DecodeCursor(raw); err != nil {
			return f, err
		}
	}
	return f, nil
}

// SearchQuery reads and checks the q parameter.
func SearchQuery(q url.Values) (string, error) {
	query := strings.TrimSpace(q.Get("q"))
	switch {
	case query == "":
		return "", Describe(ErrBadParam, "missing search query q")
	case len(query) > MaxQueryLen:
		return "", BadParam("q", shorten(query, 40), fmt.Sprintf("longer than %d bytes", MaxQueryLen))
	case !utf8.ValidString(query):
		return "", BadParam("q", shorten(query, 40), "not valid UTF-8")
	}
	return query, nil
}

// Excerpt returns the first n characters of text with runs of white space
// folded to one space, cut at a word boundary and ended with "…" when
// shortened. The bool reports whether text was shortened.
func Excerpt(text string, n int) (string, bool) {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text, false
	}
	cut, count := len(text), 0
	for i := range text {
		if count == n {
			cut = i
			break
		}
		count++
	}
	s := text[:cut]
	if sp := strings.LastIndexByte(s, ' '); sp > 0 && utf8.RuneCountInString(s[:sp]) > n*2/3 {
		s = s[:sp]
	}
	return strings.TrimRight(s, " ,;:.-–—") + "…", true
}

// shorten cuts s to at most n characters for echoing in error messages.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
