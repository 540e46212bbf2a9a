package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// record is one line of the corpus format.
type record struct {
	ID        flexString `json:"id"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Published string     `json:"published"`
	Source    string     `json:"source"`
	URL       string     `json:"url"`
	Lang      string     `json:"lang"`
	Event     string     `json:"event"`
}

// flexString is a JSON string or number, kept as text; null is "". Only
// the id field uses it.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case string(b) == "null":
		*f = ""
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*f = flexString(b)
	default:
		return errors.New(`field "id" is neither a string nor a number`)
	}
	return nil
}

// jsonLines reads JSON Lines from br. Lines longer than MaxLineBytes are
// skipped without being held in memory.
func (r *reader) jsonLines(origin string, br *bufio.Reader) error {
	limit := r.opt.MaxLineBytes
	var buf []byte
	blank := true
	for n := 1; ; n++ {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		buf = buf[:0]
		var size int64 // bytes of the line, newline included
		var rerr error
		for {
			chunk, err := br.ReadSlice('\n')
			size += int64(len(chunk))
			if size <= limit+1 { // +1 for the newline
				buf = appendCapped(buf, chunk, int(limit+1))
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				rerr = err
				break
			}
		}
		lineOrigin := fmt.Sprintf("%s:%d", origin, n)
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return r.fault(lineOrigin, rerr)
		}
		if size == 0 { // end of input
			break
		}
		content := size
		if rerr == nil {
			content-- // the newline
		}
		if content > limit {
			blank = false
			r.problem(Problem{Origin: lineOrigin, Reason: fmt.Sprintf("line is %d bytes, limit is %d; skipped", content, limit)})
		} else if len(bytes.TrimSpace(buf)) > 0 {
			blank = false
			d, err := parseLine(buf)
			if err != nil {
				r.problem(Problem{Origin: lineOrigin, Reason: err.Error()})
			} else {
				d.Origin = lineOrigin
				if err := r.send(d); err != nil {
					return err
				}
			}
		}
		if rerr != nil {
			break
		}
	}
	if blank {
		r.problem(Problem{Origin: origin, Reason: "empty file"})
	}
	return nil
}

// appendCapped appends b to buf, doubling its capacity when it must grow
// (append grows large slices by a quarter, which for a line of many
// megabytes allocates several times its size) but never past max.
func appendCapped(buf, b []byte, limit int) []byte {
	if need := len(buf) + len(b); need > cap(buf) {
		c := max(min(max(2*cap(buf), 4096), limit), need)
		grown := make([]byte, len(buf), c)
		copy(grown, buf)
		buf = grown
	}
	return append(buf, b...)
}

// parseLine turns one JSON line into a draft.
func parseLine(line []byte) (Draft, error) {
	line = bytes.TrimSpace(bytes.TrimPrefix(line, bom))
	if !utf8.Valid(line) {
		return Draft{}, fmt.Errorf("invalid UTF-8 at byte %d", invalidAt(line))
	}
	if len(line) == 0 {
		return Draft{}, errors.New("invalid JSON: empty line")
	}
	if line[0] != '{' {
		return Draft{}, errors.New("invalid JSON: not an object")
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return Draft{}, jsonReason(err)
	}
	return rec.draft()
}

// draft validates rec and turns it into a Draft.
func (rec record) draft() (Draft, error) {
	d := Draft{
		ID:     strings.TrimSpace(string(rec.ID)),
		Title:  cleanTitle(rec.Title),
		Text:   cleanText(rec.Text),
		Source: strings.TrimSpace(rec.Source),
		URL:    strings.TrimSpace(rec.URL),
		Lang:   strings.TrimSpace(rec.Lang),
		Event:  strings.TrimSpace(rec.Event),
	}
	if d.Title == "" && d.Text == "" {
		return Draft{}, errors.New("no title or text")
	}
	t, err := parseTime(rec.Published)
	if err != nil {
		return Draft{}, err
	}
	d.Published = t
	return d, nil
}

// jsonReason words a decoding error.
func jsonReason(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fmt.Errorf("invalid JSON: %s where an object is expected", typ.Value)
		}
		return fmt.Errorf("invalid JSON: field %q is a %s, a string is expected", typ.Field, typ.Value)
	}
	return fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// timeLayouts are the accepted forms of "published": RFC 3339 and its
// date-only and zone-less cousins, read as UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

// parseTime parses a published date; "" is the zero time.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	v := s
	if len(v) > 10 && (v[10] == ' ' || v[10] == 't') {
		v = v[:10] + "T" + v[11:] // RFC 3339 allows a space or lower-case t
	}
	if n := len(v); n > 0 && v[n-1] == 'z' {
		v = v[:n-1] + "Z"
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad published date %s: want RFC 3339 (2006-01-02T15:04:05Z) or empty", strconv.Quote(truncate(s, 64)))
}

// invalidAt returns the offset of the first byte of b that is not valid
// UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// cleanTitle folds all runs of white space, line breaks included, to one
// space.
func cleanTitle(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanText turns \r\n and lone \r into \n, drops trailing space on each
// line and trims the ends.
func cleanText(s string) string {
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.Contains(s, " \n") || strings.Contains(s, "\t\n") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " \t")
		}
		s = strings.Join(lines, "\n")
	}
	return strings.TrimSpace(s)
}

// truncate shortens s to at most n bytes, on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
