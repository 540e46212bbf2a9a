package ui

import (
	"fmt"
	"html/template"
	"strings"
	"time"
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

// Snippet markers set by the store around matched words.
const (
	markOpen  = '«'
	markClose = '»'
)

// highlight turns a store snippet into HTML: the text between « and » is
// wrapped in <mark>, everything else is escaped. Only the <mark> tags this
// function writes are raw HTML; a stray or unbalanced marker is kept as
// text and an open <mark> is closed at the end.
func highlight(snippet string) template.HTML {
	var b strings.Builder
	open := false
	start := 0
	flush := func(end int) {
		b.WriteString(template.HTMLEscapeString(snippet[start:end]))
	}
	for i, r := range snippet {
		switch {
		case r == markOpen && !open:
			flush(i)
			b.WriteString("<mark>")
			open = true
		case r == markClose && open:
			flush(i)
			b.WriteString("</mark>")
			open = false
		default:
			continue
		}
		start = i + len(string(r))
	}
	flush(len(snippet))
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) //nolint:gosec // every byte of snippet went through HTMLEscapeString
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
