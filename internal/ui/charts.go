package ui

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// The charts are drawn on the server as inline SVG: no script, no
// outside files. Every label goes through template.HTMLEscapeString and
// every coordinate is a number formatted here, so the markup they return
// is safe to mark as HTML.

// maxBins caps the bars of the articles-over-time chart.
const maxBins = 48

// binWidths are the bar widths tried in turn, the first that fits the
// story's span into maxBins bars.
var binWidths = []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// articleTime is when an article counts on the charts: its publication
// time, else when Parallax saw it.
func articleTime(a news.Article) time.Time {
	if !a.Published.IsZero() {
		return a.Published.UTC()
	}
	return a.Ingested.UTC()
}

// activityChart draws the story's articles per hour (or per wider bin for
// long stories) as a bar chart.
func activityChart(articles []news.Article) template.HTML {
	if len(articles) == 0 {
		return ""
	}
	first, last := articleTime(articles[0]), articleTime(articles[0])
	for _, a := range articles {
		t := articleTime(a)
		first, last = minT(first, t), maxT(last, t)
	}
	width := binWidths[len(binWidths)-1]
	for _, w := range binWidths {
		if int(last.Sub(first.Truncate(w))/w)+1 <= maxBins {
			width = w
			break
		}
	}
	start := first.Truncate(width)
	n := int(last.Sub(start)/width) + 1
	if n > maxBins {
		// Stories longer than maxBins weeks: the last bar takes the rest.
		n = maxBins
	}
	counts := make([]int, n)
	for _, a := range articles {
		i := min(int(articleTime(a).Sub(start)/width), n-1)
		counts[i]++
	}
	peak := slices.Max(counts)

	const (
		w, h         = 640, 120
		left, bottom = 28, 20
		top          = 8
	)
	plotW, plotH := float64(w-left-4), float64(h-top-bottom)
	barW := plotW / float64(n)
	var b strings.Builder
	unit := "hour"
	if width != time.Hour {
		unit = formatDuration(width)
	}
	label := fmt.Sprintf("Articles per %s, %s to %s; peak %d", unit,
		start.Format("2 Jan 15:04"), last.Format("2 Jan 15:04 MST"), peak)
	fmt.Fprintf(&b, `<svg class="chart activity" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(label))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(label))
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, h-bottom, w-4, h-bottom)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">%d</text>`, left-4, top+8, peak)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">0</text>`, left-4, h-bottom)
	for i, c := range counts {
		if c == 0 {
			continue
		}
		bh := plotH * float64(c) / float64(peak)
		x := float64(left) + float64(i)*barW
		at := start.Add(time.Duration(i) * width)
		fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
			x+0.5, float64(h-bottom)-bh, max(barW-1, 1), bh, esc(at.Format("2 Jan 15:04")), esc(plural(c, "article", "articles")))
	}
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d">%s</text>`, left, h-4, esc(start.Format("2 Jan 15:04")))
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">%s</text>`, w-4, h-4,
		esc(start.Add(time.Duration(n)*width).Format("2 Jan 15:04 MST")))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // labels escaped, numbers formatted here
}

// outletRow is one outlet on the timeline.
type outletRow struct {
	name  string
	times []time.Time
	dups  []bool
}

// timelineChart draws when each outlet reported: a row per outlet, in
// order of its first article, a dot per article (hollow for reprints).
func timelineChart(articles []news.Article) template.HTML {
	if len(articles) == 0 {
		return ""
	}
	var rows []*outletRow
	byName := make(map[string]*outletRow)
	first, last := articleTime(articles[0]), articleTime(articles[0])
	for _, a := range articles {
		t := articleTime(a)
		first, last = minT(first, t), maxT(last, t)
		name := a.Source
		if name == "" {
			name = "(no source)"
		}
		r := byName[name]
		if r == nil {
			r = &outletRow{name: name}
			byName[name] = r
			rows = append(rows, r)
		}
		r.times = append(r.times, t)
		r.dups = append(r.dups, a.DuplicateOf != 0)
	}
	span := last.Sub(first)
	const (
		w, rowH     = 640, 22
		left, right = 170, 12
		top, bottom = 6, 22
	)
	h := top + bottom + rowH*len(rows)
	plotW := float64(w - left - right)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(t.Sub(first))/float64(span)
	}
	label := fmt.Sprintf("When each of %s reported, %s to %s", plural(len(rows), "outlet", "outlets"),
		first.Format("2 Jan 15:04"), last.Format("2 Jan 15:04 MST"))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart timeline" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(label))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(label))
	for i, r := range rows {
		y := top + rowH*i + rowH/2
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, left-8, y+4, esc(shortLabel(r.name, 20)))
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, y, w-right, y)
		for j, t := range r.times {
			class := "dot"
			if r.dups[j] {
				class = "dot reprint"
			}
			fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%d" r="5"><title>%s · %s</title></circle>`,
				class, x(t), y, esc(r.name), esc(t.Format("2 Jan 15:04 MST")))
		}
	}
	base := h - bottom
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, base, w-right, base)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d">%s</text>`, left, h-6, esc(first.Format("2 Jan 15:04")))
	if span > 0 {
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">%s</text>`, w-right, h-6, esc("+"+formatDuration(span)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // labels escaped, numbers formatted here
}

// sourcesBar draws one story's count of sources as a bar scaled to the
// page's largest, for the story list.
func sourcesBar(sources, most int) template.HTML {
	if most <= 0 {
		return ""
	}
	const w, h = 80, 10
	bw := float64(w) * float64(sources) / float64(most)
	label := plural(sources, "source", "sources")
	return template.HTML(fmt.Sprintf( //nolint:gosec // numbers and a label escaped here
		`<svg class="chart sources-bar" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s"><rect class="track" width="%d" height="%d"/><rect class="bar" width="%.1f" height="%d"/></svg>`,
		w, h, w, h, esc(label), w, h, bw, h))
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// shortLabel cuts s to n characters with an ellipsis.
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func minT(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxT(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
