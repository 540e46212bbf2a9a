package ui

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// funcs are the helpers the templates call. None of them marks untrusted
// text as safe HTML except highlight, which escapes it first.
var funcs = template.FuncMap{
	"utc":        formatUTC,
	"iso":        formatISO,
	"dur":        formatDuration,
	"score":      func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"highlight":  highlight,
	"paragraphs": paragraphs,
	"join":       func(list []string) string { return strings.Join(list, ", ") },
	"pathEscape": url.PathEscape,
	"bar":        sourcesBar,
	"add": func(a ...int) int {
		n := 0
		for _, v := range a {
			n += v
		}
		return n
	},
	"link":       link,
	"plural":     plural,
	"orUntitled": orUntitled,
	"claim":      claimFigure,
}

// formatUTC renders t for people, in UTC; "" for the zero time.
func formatUTC(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

// formatISO renders t for a <time datetime> attribute.
func formatISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// formatDuration renders d compactly: "45s", "12m", "3h 5m", "2d 4h".
func formatDuration(d time.Duration) string {
	if d < 0 {
		return "-" + formatDuration(-d)
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh %dm", h, m)
	default:
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return fmt.Sprintf("%dd", days)
		}
		return fmt.Sprintf("%dd %dh", days, h)
	}
}

// highlight turns a store snippet into HTML: matched runs are wrapped in
// <mark>, and every byte of text is escaped; only the <mark> tags this
// function writes are raw HTML.
func highlight(snippet string) template.HTML {
	var b strings.Builder
	for _, p := range news.SnippetParts(snippet) {
		if p.Match {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(p.Text))
		if p.Match {
			b.WriteString("</mark>")
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every byte of text went through HTMLEscapeString
}

// paragraphs splits article text on newlines, dropping blank lines.
func paragraphs(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// plural renders "1 article" or "3 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func orUntitled(title string) string {
	if strings.TrimSpace(title) == "" {
		return "(untitled)"
	}
	return title
}

// link builds a URL from a path and query name, value pairs, leaving out
// empty values: {{link "/" "entity" .Key}}.
func link(path string, pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
