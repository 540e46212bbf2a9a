// Package when finds date expressions in news text and resolves them
// against the publication time, and reads the dateline at the head of an
// article ("TEHRAN, Iran (Reuters) –").
//
// Recognition is a small English grammar over tokens: absolute dates
// ("8 May 2022", "May 8", "February 2019", "2011", "the 1990s"), relative
// ones ("on Sunday", "last year", "in March", "yesterday", "a decade ago",
// "next week") and numeric ones ("08/05/2022", "2022-05-08"). Each date
// carries its granularity, so "February 2019" and "2019" compare as a more
// and a less precise statement of one time (see Date.Covers and Agree).
//
// Why not go-dateparser's Search over the whole text: on a 700-word article
// it takes 30–80 ms, and it reports "and we" as a Wednesday, "now the" as
// today and "four decades" as a date. Find therefore recognises the
// expressions itself and resolves month and weekday arithmetic directly;
// numeric dates, whose day/month order is ambiguous, are handed to
// go-dateparser's Parse with the order chosen per article (see numericOrder).
//
// Resolution rules, relative to the publication day P:
//   - a bare weekday or month, or a day and month without a year, is the
//     latest such day or month on or before P ("on Sunday" in a story
//     published on a Sunday is that day), unless its clause is about the
//     future ("will", "is expected to", "set for", …): then the first one
//     after P (for months and yearless days: on or after P);
//   - "last Tuesday" is strictly before P, "next Tuesday" strictly after;
//   - "last/this/next week|month|year" and "N units ago" count calendar
//     periods from P; weeks start on Monday;
//   - a period is represented by its first instant, in P's location.
//
// The package is pure and safe for concurrent use.
package when

import (
	"strings"
	"time"
)

// Granularity is the precision of a date.
type Granularity int8

// Granularities, finest first.
const (
	Day Granularity = iota + 1
	Week
	Month
	Year
	Decade
)

var granularityNames = [...]string{Day: "day", Week: "week", Month: "month", Year: "year", Decade: "decade"}

// String returns "day", "week", "month", "year" or "decade".
func (g Granularity) String() string {
	if g >= Day && g <= Decade {
		return granularityNames[g]
	}
	return "unknown"
}

// MarshalText writes the granularity's name.
func (g Granularity) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (g *Granularity) UnmarshalText(b []byte) error {
	for i, n := range granularityNames {
		if n != "" && n == string(b) {
			*g = Granularity(i)
			return nil
		}
	}
	*g = 0
	return nil
}

// Date is one date expression found in a text.
type Date struct {
	// Text is the expression as written, Start and End its byte span.
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Time is the first instant of the period the expression names, in the
	// location of the publication time.
	Time        time.Time   `json:"time"`
	Granularity Granularity `json:"granularity"`
	// Relative is true when the expression needed the publication time
	// ("on Sunday", "last year", "in March", "May 8").
	Relative bool `json:"relative,omitempty"`
}

// Until returns the first instant after the date's period.
func (d Date) Until() time.Time {
	switch d.Granularity {
	case Day:
		return d.Time.AddDate(0, 0, 1)
	case Week:
		return d.Time.AddDate(0, 0, 7)
	case Month:
		return d.Time.AddDate(0, 1, 0)
	case Year:
		return d.Time.AddDate(1, 0, 0)
	case Decade:
		return d.Time.AddDate(10, 0, 0)
	}
	return d.Time
}

// Covers reports whether o's period lies within d's: "2019" covers
// "February 2019", which covers "14 February 2019".
func (d Date) Covers(o Date) bool {
	return !o.Time.Before(d.Time) && !o.Until().After(d.Until())
}

// Agree reports whether two dates can name the same time: one period lies
// within the other, so they differ at most in precision.
func Agree(a, b Date) bool { return a.Covers(b) || b.Covers(a) }

// Find returns the date expressions in text, in order, resolved against
// published. With a zero published time, expressions that need it (relative
// ones and dates without a year) are left out.
func Find(text string, published time.Time) []Date {
	toks := lex(text)
	f := finder{text: text, toks: toks, pub: published}
	if !published.IsZero() {
		y, m, d := published.Date()
		f.day = time.Date(y, m, d, 0, 0, 0, 0, published.Location())
	}
	var out []Date
	for i := 0; i < len(toks); {
		d, next, ok := f.match(i)
		if !ok {
			i++
			continue
		}
		out = append(out, d)
		i = next
	}
	return out
}

type finder struct {
	text  string
	toks  []tok
	pub   time.Time
	day   time.Time // publication day at midnight; zero when unknown
	order string    // "DMY" or "MDY" for ambiguous numeric dates, decided lazily
}

// match tries every pattern at token i; it returns the date, the index of
// the token after it, and whether one matched.
func (f *finder) match(i int) (Date, int, bool) {
	t := f.toks[i]
	switch t.kind {
	case number:
		if d, n, ok := f.numeric(i); ok {
			return d, n, true
		}
		if d, n, ok := f.dayMonth(i); ok {
			return d, n, true
		}
		if d, n, ok := f.decade(i); ok {
			return d, n, true
		}
		if d, n, ok := f.ago(i); ok {
			return d, n, true
		}
		return f.year(i)
	case word:
		if _, ok := months[t.lower]; ok && capitalised(t.text) {
			return f.month(i)
		}
		if _, ok := weekdays[t.lower]; ok && capitalised(t.text) {
			return f.weekday(i)
		}
		if d, n, ok := f.relative(i); ok {
			return d, n, true
		}
		if t.lower == "the" {
			return f.decade(i)
		}
		return f.ago(i)
	case punct:
		if t.text == "'" || t.text == "’" {
			return f.decade(i)
		}
	}
	return Date{}, 0, false
}

// date builds a Date spanning tokens [lo, hi).
func (f *finder) date(lo, hi int, at time.Time, g Granularity, relative bool) Date {
	s, e := f.toks[lo].start, f.toks[hi-1].end
	return Date{Text: f.text[s:e], Start: s, End: e, Time: at, Granularity: g, Relative: relative}
}

func (f *finder) loc() *time.Location {
	if f.pub.IsZero() {
		return time.UTC
	}
	return f.pub.Location()
}

// at returns the token at i, or a zero token out of range.
func (f *finder) at(i int) tok {
	if i < 0 || i >= len(f.toks) {
		return tok{}
	}
	return f.toks[i]
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (f *finder) adjacent(i int) bool {
	return i+1 < len(f.toks) && f.toks[i].end == f.toks[i+1].start
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

// fullMonth reports whether a month word is spelled out (abbreviations need
// a day or year beside them).
func fullMonth(lower string) bool { return len(lower) > 3 && lower != "sept" || lower == "may" }

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// monthAt returns the month named by token i, allowing an abbreviation's
// full stop, and the index after it.
func (f *finder) monthAt(i int) (time.Month, int, bool) {
	t := f.at(i)
	if t.kind != word || !capitalised(t.text) {
		return 0, 0, false
	}
	m, ok := months[t.lower]
	if !ok {
		return 0, 0, false
	}
	next := i + 1
	if !fullMonth(t.lower) && f.at(next).text == "." && f.adjacent(i) {
		next++
	}
	return m, next, true
}

// yearAt reports whether token i is a four-digit year usable in a date.
func (f *finder) yearAt(i int) (int, bool) {
	t := f.at(i)
	if t.kind != number || t.ordinal || len(t.text) != 4 || t.val < 1000 || t.val > 2199 {
		return 0, false
	}
	if f.partOfLargerNumber(i) {
		return 0, false
	}
	return t.val, true
}

// partOfLargerNumber reports whether number token i is glued to digits by
// a comma or point ("1,998", "2011.5").
func (f *finder) partOfLargerNumber(i int) bool {
	if p := f.at(i + 1); (p.text == "," || p.text == ".") && f.adjacent(i) && f.at(i+2).kind == number && f.adjacent(i+1) {
		return true
	}
	if p := f.at(i - 1); (p.text == "," || p.text == ".") && f.adjacent(i-1) && f.at(i-2).kind == number && f.adjacent(i-2) {
		return true
	}
	return false
}

// dayNumber reports whether token i can be a day of the month.
func (f *finder) dayNumber(i int) (int, bool) {
	t := f.at(i)
	if t.kind != number || t.val < 1 || t.val > 31 || len(t.text) > 2 && !t.ordinal {
		return 0, false
	}
	if f.partOfLargerNumber(i) {
		return 0, false
	}
	// "10:30" is a time.
	if p := f.at(i + 1); p.text == ":" && f.adjacent(i) {
		return 0, false
	}
	return t.val, true
}

func validDay(y int, m time.Month, d int) bool {
	return d >= 1 && d <= time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dayMonth matches "8 May 2022", "8th of May", "8 May".
func (f *finder) dayMonth(i int) (Date, int, bool) {
	d, ok := f.dayNumber(i)
	if !ok {
		return Date{}, 0, false
	}
	j := i + 1
	if f.at(j).lower == "of" {
		j++
	}
	m, j, ok := f.monthAt(j)
	if !ok {
		return Date{}, 0, false
	}
	k := j
	if f.at(k).text == "," {
		k++
	}
	if y, ok := f.yearAt(k); ok {
		if !validDay(y, m, d) {
			return Date{}, 0, false
		}
		return f.date(i, k+1, time.Date(y, m, d, 0, 0, 0, 0, f.loc()), Day, false), k + 1, true
	}
	return f.yearless(i, j, m, d)
}

// yearless resolves a day and month without a year against the
// publication day.
func (f *finder) yearless(lo, hi int, m time.Month, d int) (Date, int, bool) {
	if f.day.IsZero() || !validDay(2024, m, d) {
		return Date{}, 0, false
	}
	y := f.day.Year()
	at := func(y int) time.Time { return time.Date(y, m, min(d, daysIn(y, m)), 0, 0, 0, 0, f.loc()) }
	t := at(y)
	if f.future(lo, hi) {
		if t.Before(f.day) {
			t = at(y + 1)
		}
	} else if t.After(f.day) {
		t = at(y - 1)
	}
	return f.date(lo, hi, t, Day, true), hi, true
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// month matches "May 8, 2022", "May 8", "February 2019" and a bare month
// after a cue word ("in March", "since June", "mid-March", "last April").
func (f *finder) month(i int) (Date, int, bool) {
	m, j, ok := f.monthAt(i)
	if !ok {
		return Date{}, 0, false
	}
	// Month day [,] [year]
	if d, ok := f.dayNumber(j); ok && !(f.at(j+1).kind == word && f.at(j+1).lower == "s") {
		k := j + 1
		if f.at(k).text == "," {
			k++
		}
		if y, ok := f.yearAt(k); ok {
			if validDay(y, m, d) {
				return f.date(i, k+1, time.Date(y, m, d, 0, 0, 0, 0, f.loc()), Day, false), k + 1, true
			}
			return Date{}, 0, false
		}
		return f.yearless(i, j+1, m, d)
	}
	// Month [of] year
	k := j
	if f.at(k).lower == "of" {
		k++
	}
	if y, ok := f.yearAt(k); ok {
		lo := f.modifierStart(i)
		return f.date(lo, k+1, time.Date(y, m, 1, 0, 0, 0, 0, f.loc()), Month, false), k + 1, true
	}
	// Bare month: needs a cue before it and a publication time.
	if !fullMonth(f.toks[i].lower) || f.day.IsZero() {
		return Date{}, 0, false
	}
	prev := f.at(i - 1)
	lo := f.modifierStart(i)
	if lo == i && !monthCues[prev.lower] {
		return Date{}, 0, false
	}
	if f.toks[i].lower == "may" && lo == i && !strongMonthCues[prev.lower] {
		return Date{}, 0, false
	}
	y := f.day.Year()
	hi := j
	mod := ""
	if lo < i {
		mod = f.toks[lo].lower
	}
	// "April last year", "March this year".
	if w := f.at(j); (w.lower == "last" || w.lower == "this" || w.lower == "next") && f.at(j+1).lower == "year" {
		switch w.lower {
		case "last":
			y--
		case "next":
			y++
		}
		t := time.Date(y, m, 1, 0, 0, 0, 0, f.loc())
		return f.date(lo, j+2, t, Month, true), j + 2, true
	}
	t := time.Date(y, m, 1, 0, 0, 0, 0, f.loc())
	first := time.Date(f.day.Year(), f.day.Month(), 1, 0, 0, 0, 0, f.loc())
	switch {
	case mod == "last":
		if !t.Before(first) {
			t = t.AddDate(-1, 0, 0)
		}
	case mod == "next":
		if !t.After(first) {
			t = t.AddDate(1, 0, 0)
		}
	case f.future(lo, hi):
		if t.Before(first) {
			t = t.AddDate(1, 0, 0)
		}
	default:
		if t.After(first) {
			t = t.AddDate(-1, 0, 0)
		}
	}
	return f.date(lo, hi, t, Month, true), hi, true
}

// monthCues are the words after which a bare capitalised month name is
// read as a date.
var monthCues = map[string]bool{
	"in": true, "since": true, "by": true, "until": true, "till": true, "from": true,
	"during": true, "before": true, "after": true, "through": true, "throughout": true,
	"to": true, "between": true, "and": true, "or": true, "of": true, "early": true,
	"late": true, "last": true, "next": true, "this": true, "for": true, "around": true,
	"mid": true, "on": true,
}

// strongMonthCues are the cues that make "May" a month rather than a
// modal verb or a surname.
var strongMonthCues = map[string]bool{
	"in": true, "since": true, "by": true, "until": true, "till": true, "from": true,
	"during": true, "before": true, "after": true, "through": true, "throughout": true,
	"early": true, "late": true, "last": true, "next": true, "mid": true, "of": true,
}

// modifierStart returns the index of a modifier that belongs to the date
// starting at token i ("last", "next", "this", "early", "late", "mid-"),
// or i.
func (f *finder) modifierStart(i int) int {
	p := f.at(i - 1)
	if p.text == "-" && f.adjacent(i-1) && f.at(i-2).lower == "mid" && f.adjacent(i-2) {
		return i - 2
	}
	switch p.lower {
	case "last", "next", "this", "early", "late", "mid", "earlier", "later":
		if p.kind == word && i > 0 && !f.toks[i].paraStart {
			return i - 1
		}
	}
	return i
}

// weekday matches "Sunday", "on Sunday morning", "last Tuesday",
// "next Friday", "Sunday's".
func (f *finder) weekday(i int) (Date, int, bool) {
	if f.day.IsZero() {
		return Date{}, 0, false
	}
	wd := weekdays[f.toks[i].lower]
	lo := f.modifierStart(i)
	// "the last Friday of Ramadan", "the first Monday in June" name no
	// single day.
	if n := f.at(i + 1); n.lower == "of" || n.lower == "in" && f.at(i+2).kind == word && capitalised(f.at(i+2).text) {
		return Date{}, 0, false
	}
	if p := f.at(lo - 1); p.lower == "the" || p.lower == "every" || p.lower == "each" {
		return Date{}, 0, false
	}
	hi := i + 1
	if n := f.at(i + 1); !f.toks[i].poss && n.kind == word {
		switch n.lower {
		case "morning", "afternoon", "evening", "night":
			hi = i + 2
		}
	}
	mod := ""
	if lo < i {
		mod = f.toks[lo].lower
	}
	back := (int(f.day.Weekday()) - int(wd) + 7) % 7 // days back to the latest such weekday
	var t time.Time
	switch {
	case mod == "last":
		if back == 0 {
			back = 7
		}
		t = f.day.AddDate(0, 0, -back)
	case mod == "next" || f.future(lo, hi):
		fwd := (int(wd) - int(f.day.Weekday()) + 7) % 7
		if fwd == 0 {
			fwd = 7
		}
		t = f.day.AddDate(0, 0, fwd)
	default:
		t = f.day.AddDate(0, 0, -back)
	}
	return f.date(lo, hi, t, Day, true), hi, true
}

// relative matches "yesterday", "today", "tonight", "tomorrow", "last
// night", "this morning", "last/this/next week|month|year", "earlier this
// year".
func (f *finder) relative(i int) (Date, int, bool) {
	if f.day.IsZero() {
		return Date{}, 0, false
	}
	t := f.toks[i]
	switch t.lower {
	case "today", "tonight":
		return f.date(i, i+1, f.day, Day, true), i + 1, true
	case "yesterday":
		return f.date(i, i+1, f.day.AddDate(0, 0, -1), Day, true), i + 1, true
	case "tomorrow":
		return f.date(i, i+1, f.day.AddDate(0, 0, 1), Day, true), i + 1, true
	case "last", "this", "next", "earlier", "later":
	default:
		return Date{}, 0, false
	}
	j, shift := i+1, 0
	switch t.lower {
	case "last":
		shift = -1
	case "next":
		shift = 1
	case "earlier", "later":
		if f.at(j).lower != "this" {
			return Date{}, 0, false
		}
		j++
	}
	unit := f.at(j)
	if unit.kind != word {
		return Date{}, 0, false
	}
	switch unit.lower {
	case "night":
		if t.lower != "last" {
			return Date{}, 0, false
		}
		return f.date(i, j+1, f.day.AddDate(0, 0, -1), Day, true), j + 1, true
	case "morning", "afternoon", "evening":
		if t.lower != "this" {
			return Date{}, 0, false
		}
		return f.date(i, j+1, f.day, Day, true), j + 1, true
	case "week":
		monday := f.day.AddDate(0, 0, -((int(f.day.Weekday()) + 6) % 7))
		return f.date(i, j+1, monday.AddDate(0, 0, 7*shift), Week, true), j + 1, true
	case "month":
		first := time.Date(f.day.Year(), f.day.Month()+time.Month(shift), 1, 0, 0, 0, 0, f.loc())
		return f.date(i, j+1, first, Month, true), j + 1, true
	case "year":
		first := time.Date(f.day.Year()+shift, 1, 1, 0, 0, 0, 0, f.loc())
		return f.date(i, j+1, first, Year, true), j + 1, true
	}
	return Date{}, 0, false
}

var smallNumbers = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}

// ago matches "three days ago", "a decade ago", "two years ago".
func (f *finder) ago(i int) (Date, int, bool) {
	if f.day.IsZero() {
		return Date{}, 0, false
	}
	t := f.toks[i]
	n := 0
	switch t.kind {
	case number:
		if t.ordinal || f.partOfLargerNumber(i) || t.val > 1000 {
			return Date{}, 0, false
		}
		n = t.val
	case word:
		v, ok := smallNumbers[t.lower]
		if !ok {
			return Date{}, 0, false
		}
		n = v
	default:
		return Date{}, 0, false
	}
	unit, a := f.at(i+1), f.at(i+2)
	if a.lower != "ago" {
		return Date{}, 0, false
	}
	u := strings.TrimSuffix(unit.lower, "s")
	var at time.Time
	var g Granularity
	switch u {
	case "day":
		at, g = f.day.AddDate(0, 0, -n), Day
	case "week":
		d := f.day.AddDate(0, 0, -7*n)
		at, g = d.AddDate(0, 0, -((int(d.Weekday())+6)%7)), Week
	case "month":
		at, g = time.Date(f.day.Year(), f.day.Month()-time.Month(n), 1, 0, 0, 0, 0, f.loc()), Month
	case "year":
		at, g = time.Date(f.day.Year()-n, 1, 1, 0, 0, 0, 0, f.loc()), Year
	case "decade":
		at, g = time.Date(f.day.Year()-10*n, 1, 1, 0, 0, 0, 0, f.loc()), Year
	default:
		return Date{}, 0, false
	}
	return f.date(i, i+3, at, g, true), i + 3, true
}

// decade matches "the 1990s", "1990s", "the '90s".
func (f *finder) decade(i int) (Date, int, bool) {
	lo, j := i, i
	if f.at(j).lower == "the" {
		j++
	}
	short := false
	if p := f.at(j); (p.text == "'" || p.text == "’") && f.adjacent(j) {
		j++
		short = true
	}
	n := f.at(j)
	if n.kind != number || n.ordinal || f.at(j+1).lower != "s" || !f.adjacent(j) {
		return Date{}, 0, false
	}
	y := 0
	switch {
	case short && len(n.text) == 2 && n.val%10 == 0:
		y = 1900 + n.val
		if n.val < 30 {
			y = 2000 + n.val
		}
	case !short && len(n.text) == 4 && n.val%10 == 0 && n.val >= 1000 && n.val < 2200:
		y = n.val
	default:
		return Date{}, 0, false
	}
	return f.date(lo, j+2, time.Date(y, 1, 1, 0, 0, 0, 0, f.loc()), Decade, false), j + 2, true
}

// year matches a four-digit year standing for a date ("in 2011", "the
// 2020 election", "early 2021", "2019-2020"), and not a count ("2000
// people") or part of a larger number.
func (f *finder) year(i int) (Date, int, bool) {
	y, ok := f.yearAt(i)
	if !ok || y < 1800 || y > 2100 {
		return Date{}, 0, false
	}
	prev, next := f.at(i-1), f.at(i+1)
	if currencyOrHedge[prev.lower] || prev.kind == punct && currencySigns[prev.text] {
		return Date{}, 0, false
	}
	switch next.lower {
	case "%", "per", "percent":
		return Date{}, 0, false
	case "-", "–":
		// "2019-2020" is two years; "2011-style" is not one.
		if f.at(i+2).kind != number {
			return Date{}, 0, false
		}
	}
	if next.kind == word && !capitalised(next.text) && (strings.HasSuffix(next.lower, "s") || countNouns[next.lower]) && !yearCues[prev.lower] && !(prev.kind == punct) {
		return Date{}, 0, false
	}
	lo := f.modifierStart(i)
	if lo < i {
		switch f.toks[lo].lower {
		case "early", "late", "mid":
		default:
			lo = i
		}
	}
	return f.date(lo, i+1, time.Date(y, 1, 1, 0, 0, 0, 0, f.loc()), Year, false), i + 1, true
}

// countNouns are plurals without a final s that follow counts, not years.
var countNouns = map[string]bool{
	"people": true, "children": true, "men": true, "women": true, "police": true,
	"staff": true, "personnel": true, "feet": true, "sheep": true, "cattle": true,
	"aircraft": true, "million": true, "billion": true, "thousand": true, "hundred": true,
}

// yearCues are words after which a four-digit number is a year even when
// a plural noun follows ("in 2020 elections").
var yearCues = map[string]bool{
	"in": true, "since": true, "by": true, "until": true, "during": true, "before": true,
	"after": true, "from": true, "of": true, "for": true, "on": true, "the": true,
	"early": true, "late": true, "mid": true, "year": true,
}

var currencyOrHedge = map[string]bool{
	"about": true, "around": true, "nearly": true, "almost": true, "over": true, "some": true,
	"than": true, "least": true, "approximately": true, "roughly": true, "estimated": true,
	"usd": true, "eur": true, "gbp": true, "chf": true, "rs": true, "us": true, "top": true,
	"number": true, "no": true, "flight": true, "route": true,
}

var currencySigns = map[string]bool{"$": true, "€": true, "£": true, "¥": true, "₹": true, "#": true}

// future reports whether the clause around tokens [lo, hi) speaks of the
// future: a future marker between the clause start and the date, or, for
// a date that opens its sentence ("On Monday, the team will …"), in the
// clause after it.
func (f *finder) future(lo, hi int) bool {
	cs := lo // first token of the clause
	for j := lo - 1; j >= 0 && lo-j <= 20; j-- {
		t := f.toks[j]
		if t.kind == punct && clauseBreak(t.text) {
			break
		}
		if futureMarkers[t.lower] || futureVerbs[t.lower] {
			return true
		}
		cs = j
		if t.paraStart {
			break
		}
	}
	opens := cs == 0 || f.toks[cs].paraStart
	if cs > 0 && !opens {
		p := f.toks[cs-1]
		opens = p.kind == punct && sentenceBreak(p.text)
	}
	if !opens {
		return false
	}
	for k := cs; k < lo; k++ {
		switch f.toks[k].lower {
		case "on", "by", "from", "in", "until", "early", "late", "next", "this", "last":
		default:
			return false
		}
	}
	clauses := 0
	for k := hi; k < len(f.toks) && k-hi < 20; k++ {
		t := f.toks[k]
		if k > hi && t.paraStart || t.kind == punct && sentenceBreak(t.text) {
			break
		}
		if t.kind == punct && clauseBreak(t.text) {
			if k > hi {
				clauses++
			}
			if clauses > 1 {
				break
			}
			continue
		}
		switch t.lower {
		case "said", "told", "announced", "reported", "added":
			return false
		case "would":
			continue
		}
		if futureMarkers[t.lower] || futureVerbs[t.lower] {
			return true
		}
	}
	return false
}

// futureVerbs are words of "set for", "expected to", "due to", "plans to".
var futureVerbs = map[string]bool{
	"set": true, "expected": true, "due": true, "scheduled": true, "plans": true,
	"planned": true, "plan": true, "aims": true, "going": true,
}

var futureMarkers = map[string]bool{
	"will": true, "shall": true, "would": true, "upcoming": true, "won't": true, "won’t": true,
	"’ll": true, "'ll": true,
}

func clauseBreak(s string) bool {
	switch s {
	case ",", ";", ":", ".", "!", "?", "\"", "“", "”", "(", ")", "—", "–":
		return true
	}
	return false
}

func sentenceBreak(s string) bool {
	switch s {
	case ".", "!", "?":
		return true
	}
	return false
}
