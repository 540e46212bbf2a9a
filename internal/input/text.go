package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/extract"
)

// maxTitleRunes is the longest first line taken as a title.
const maxTitleRunes = 200

// readAll reads br whole, up to MaxFileBytes.
func (r *reader) readAll(br *bufio.Reader) ([]byte, error) {
	limit := r.opt.MaxFileBytes
	data, err := io.ReadAll(io.LimitReader(br, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("file is larger than the %d-byte limit", limit)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty file")
	}
	return data, nil
}

// text reads a plain-text article: an optional title line, then the text.
func (r *reader) text(origin string, br *bufio.Reader) error {
	data, err := r.readAll(br)
	if err != nil {
		return r.fault(origin, err)
	}
	skip := 0
	if bytes.HasPrefix(data, bom) {
		skip = len(bom)
	}
	body := data[skip:]
	if !utf8.Valid(body) {
		return r.fault(origin, fmt.Errorf("invalid UTF-8 at byte %d", skip+invalidAt(body)))
	}
	if binary(body, false) {
		return r.fault(origin, errBinary)
	}
	s := cleanText(string(body))
	if name := strings.TrimSuffix(strings.ToLower(origin), ".gz"); strings.HasSuffix(name, ".md") {
		s = markdownHeading(s)
	}
	title, text := splitTitle(s)
	return r.send(Draft{Title: title, Text: text, Origin: origin})
}

// markdownHeading rewrites a leading Markdown heading, "# Title" or
// "Title" underlined with = or -, as a plain first line followed by a
// blank line.
func markdownHeading(s string) string {
	first, rest, _ := strings.Cut(s, "\n")
	if strings.HasPrefix(first, "#") {
		return strings.TrimSpace(strings.TrimLeft(first, "#")) + "\n\n" + rest
	}
	under, after, _ := strings.Cut(rest, "\n")
	under = strings.TrimSpace(under)
	if len(under) >= 2 && (strings.Trim(under, "=") == "" || strings.Trim(under, "-") == "") {
		return first + "\n\n" + after
	}
	return s
}

// splitTitle separates the first line of s as a title when it reads like
// one: short, not ending like a sentence, and followed by more text, either
// after a blank line or on the next line when that line starts a new
// sentence rather than continuing a wrapped one.
func splitTitle(s string) (title, text string) {
	first, rest, ok := strings.Cut(s, "\n")
	if !ok {
		return "", s
	}
	first = strings.TrimSpace(first)
	blankAfter := strings.HasPrefix(strings.TrimLeft(rest, " \t"), "\n")
	rest = strings.TrimSpace(rest)
	if rest == "" || first == "" || utf8.RuneCountInString(first) >= maxTitleRunes {
		return "", s
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(first, "\"'\u201d\u2019)"))
	switch last {
	case '.', ',', ';', ':', '-', '\u2013', '\u2014':
		if !strings.HasSuffix(first, "...") && !strings.HasSuffix(first, "\u2026") {
			return "", s
		}
	}
	if !blankAfter {
		next, _ := utf8.DecodeRuneInString(rest)
		if unicode.IsLower(next) {
			return "", s // a wrapped paragraph, not a title
		}
	}
	return cleanTitle(first), rest
}

// html reads a saved page through extract.Page.
func (r *reader) html(origin string, br *bufio.Reader) error {
	data, err := r.readAll(br)
	if err != nil {
		return r.fault(origin, err)
	}
	// A saved page has no address but the one it states (Result.URL).
	res, err := extract.Page(data, "")
	if err != nil {
		return r.fault(origin, errors.New(strings.TrimPrefix(err.Error(), "extract: ")))
	}
	return r.send(Draft{
		URL:       res.URL,
		Source:    res.SiteName,
		Title:     res.Title,
		Text:      res.Text,
		Lang:      res.Lang,
		Published: res.Published,
		Origin:    origin,
	})
}
