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

// StoryFilter builds the store filter from the listing query parameters:
// limit, cursor, min_articles, since and until (RFC 3339 times, dates
// such as 2026-03-10, or spans back from now such as 24h or 7d), source
// (an outlet's exact name), entity (an entity key, "PER:marta olsen") and
// lang (a language code).
func StoryFilter(q url.Values) (news.StoryFilter, error) {
	return StoryFilterAt(q, time.Now())
}

// StoryFilterAt is StoryFilter with spans such as 24h counted back from now.
func StoryFilterAt(q url.Values, now time.Time) (news.StoryFilter, error) {
	var f news.StoryFilter
	var err error
	if f.Since, err = TimeParam(q, "since", now); err != nil {
		return f, err
	}
	if f.Until, err = TimeParam(q, "until", now); err != nil {
		return f, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, BadParam("until", q.Get("until"), "must be later than since")
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"source", &f.Source}, {"entity", &f.Entity}, {"lang", &f.Language}} {
		v := strings.TrimSpace(q.Get(p.name))
		if len(v) > MaxQueryLen || !utf8.ValidString(v) {
			return f, BadParam(p.name, shorten(v, 40), fmt.Sprintf("must be valid UTF-8 of at most %d bytes", MaxQueryLen))
		}
		*p.dst = v
	}
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

// FilterValues returns the query parameters that select f's stories, the
// cursor and limit left out: what a link to another page of the same
// listing carries.
func FilterValues(f news.StoryFilter) url.Values {
	v := url.Values{}
	if f.MinArticles > 0 {
		v.Set("min_articles", strconv.Itoa(f.MinArticles))
	}
	if !f.Since.IsZero() {
		v.Set("since", f.Since.UTC().Format(time.RFC3339))
	}
	if !f.Until.IsZero() {
		v.Set("until", f.Until.UTC().Format(time.RFC3339))
	}
	for name, val := range map[string]string{"source": f.Source, "entity": f.Entity, "lang": f.Language} {
		if val != "" {
			v.Set(name, val)
		}
	}
	return v
}

// TimeParam reads an optional time: an RFC 3339 time, a date (UTC
// midnight), or a span back from now in hours or days ("24h", "7d").
// Absent is the zero time.
func TimeParam(q url.Values, name string, now time.Time) (time.Time, error) {
	raw := strings.TrimSpace(q.Get(name))
	if raw == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, raw); err == nil {
		return t, nil
	}
	if n := len(raw); n >= 2 && (raw[n-1] == 'h' || raw[n-1] == 'd') {
		if k, err := strconv.Atoi(raw[:n-1]); err == nil && k > 0 && k <= 100*366 {
			unit := time.Hour
			if raw[n-1] == 'd' {
				unit = 24 * time.Hour
			}
			return now.Add(-time.Duration(k) * unit).UTC(), nil
		}
	}
	return time.Time{}, BadParam(name, shorten(raw, 40), "must be an RFC 3339 time, a date (2006-01-02) or a span such as 24h or 7d")
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
	// Only the head of a long text can reach the excerpt: fold that, and
	// the whole text only when the head is mostly white space.
	head := text
	if limit := 8*n + 64; len(head) > limit {
		head = head[:limit]
	}
	folded := strings.Join(strings.Fields(head), " ")
	if len(head) < len(text) && utf8.RuneCountInString(folded) <= n {
		folded = strings.Join(strings.Fields(text), " ")
	}
	text = folded
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
