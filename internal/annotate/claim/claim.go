// Package claim finds numeric claims in news text: a value ("nearly
// 400,000", "$2 billion", "5.8%", "between 300 and 350", "two dozen",
// "hundreds of"), parsed into a number or a range with its hedge, its unit,
// what it measures and who it is attributed to.
//
// Decisions:
//   - dates and years ("8 May", "in 2011"), times ("10:30", "3 p.m."),
//     ordinals, phone numbers, list markers, numbers that belong to a name
//     ("Flight 370", "COVID-19"), sports scores ("won 3-1") and
//     referential counts ("the two men") are not claims;
//   - ages are claims ("a 33-year-old man", "Priya Raman, 34,", "aged
//     18-24"): sources disagree about them and a comparison should see it.
//     Their unit is "years" and their measure "age of …";
//   - durations written as adjectives are claims ("the 11-year war",
//     "more than decade-long crisis"), unit "years";
//   - vague plurals are ranges from two of the unit to just under ten:
//     "hundreds" is [200, 999], "tens of thousands" [20,000, 99,999],
//     "dozens" [24, 99]; their hedge is exact, the range carrying the
//     vagueness;
//   - shares written in words are percentages: "roughly half" is around
//     50 %, "a third" 33.3 %;
//   - "from 4.1% to 4.3%" after a verb of change ("rose", "fell") is two
//     claims, not a range.
//
// The package is pure and safe for concurrent use.
package claim

import (
	"math"
	"strings"
)

// Hedge is how a stated figure relates to the true one.
type Hedge string

// Hedges.
const (
	// Exact is a figure given as is ("41", "between 60 and 80").
	Exact Hedge = "exact"
	// Below is an upper bound: "nearly", "almost", "just under", "up to",
	// "fewer than", "as many as", "within".
	Below Hedge = "below"
	// Above is a lower bound: "over", "more than", "at least", "above".
	Above Hedge = "above"
	// Around is an approximation: "about", "around", "some", "roughly",
	// "an estimated".
	Around Hedge = "around"
)

// Claim is one numeric claim.
type Claim struct {
	// Text is the figure as written, hedge and unit included ("nearly
	// 400,000", "about 12,000 hectares", "$2.3 billion"); Start and End
	// are its byte span.
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Value is the stated number, the midpoint for a range. Low and High
	// bound the stated range; they equal Value for a single figure.
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Hedge Hedge   `json:"hedge"`
	// Unit is "people" for counts of people, "%", an ISO 4217 code for
	// money ("USD", "EUR"), a unit symbol ("km", "ha", "°C"), "years",
	// "months" … for durations and ages, or the counted noun ("homes").
	Unit string `json:"unit,omitempty"`
	// Measure is a short noun phrase for what the figure counts, taken
	// from its clause ("people killed in the war in Syria").
	Measure string `json:"measure,omitempty"`
	// Attribution is the source as written ("the UN", "UN numbers",
	// "officials", "the ministry"), or "".
	Attribution string `json:"attribution,omitempty"`
}

// IsRange reports whether the claim states a range.
func (c Claim) IsRange() bool { return c.Low != c.High }

// Bounds returns the interval the claim allows once its hedge is taken
// into account: "nearly 400,000" allows [320,000, 400,000], "over 350,000"
// [350,000, +Inf), "about 300" [270, 330]. The widths (20 % below, 10 %
// either side) are conventions for comparing figures, not facts.
func (c Claim) Bounds() (lo, hi float64) {
	switch c.Hedge {
	case Below:
		return c.Low * 0.8, c.High
	case Above:
		return c.Low, math.Inf(1)
	case Around:
		return c.Low * 0.9, c.High * 1.1
	}
	return c.Low, c.High
}

// Compatible reports whether two claims about one measure can both be
// true: their Bounds overlap and their units agree.
func Compatible(a, b Claim) bool {
	if a.Unit != b.Unit {
		return false
	}
	alo, ahi := a.Bounds()
	blo, bhi := b.Bounds()
	return alo <= bhi && blo <= ahi
}

// Find returns the numeric claims in text, in order.
func Find(text string) []Claim {
	f := &finder{text: text, toks: lex(text)}
	var found []found
	for i := 0; i < len(f.toks); {
		if t := f.toks[i]; t.kind != number && !startWords[t.lower] {
			i++
			continue
		}
		c, ok := f.claimAt(i)
		if !ok {
			i++
			continue
		}
		if n := len(found); n > 0 && c.lo < found[n-1].hi {
			i++
			continue
		}
		found = append(found, c)
		i = c.valueHi
	}
	out := make([]Claim, 0, len(found))
	for k := range found {
		c := &found[k]
		f.complete(found, k)
		s, e := f.toks[c.lo].start, f.toks[c.hi-1].end
		val := c.low
		if c.high != c.low {
			val = (c.low + c.high) / 2
		}
		out = append(out, Claim{
			Text: text[s:e], Start: s, End: e,
			Value: val, Low: c.low, High: c.high, Hedge: c.hedge,
			Unit: c.unit, Measure: c.measure, Attribution: c.attribution,
		})
	}
	return out
}

type finder struct {
	text string
	toks []tok
}

// found is a claim while it is being built; token indices throughout.
type found struct {
	lo, hi           int // the claim's text
	valueLo, valueHi int // the number itself, scale included
	nounLo, nounHi   int // counted noun phrase after the figure, if any
	low, high        float64
	hedge            Hedge
	unit             string
	kind             kind
	ofName           string // name an age belongs to ("Priya Raman, 34,")
	measure          string
	attribution      string
	adjective        bool // "11-year war", "14-kilometre stretch"
}

type kind uint8

const (
	count kind = iota
	money
	share
	quantity // a measured unit: km, °C, years …
	age
)

func (f *finder) tokAt(i int) tok {
	if i < 0 || i >= len(f.toks) {
		return tok{}
	}
	return f.toks[i]
}

// sameSentence reports whether tokens i and j are in one sentence.
func (f *finder) sameSentence(i, j int) bool {
	return i >= 0 && j >= 0 && i < len(f.toks) && j < len(f.toks) && f.toks[i].sent == f.toks[j].sent
}

// claimAt reads a claim whose number starts at token i.
func (f *finder) claimAt(i int) (found, bool) {
	t := f.toks[i]
	var v value
	var ok bool
	isFraction := false
	switch t.kind {
	case number:
		v, ok = parseValue(f.toks, i)
	case word:
		if v, ok = f.duration(i); ok {
			break
		}
		if v, ok = parseValue(f.toks, i); ok {
			break
		}
		if v, ok = parseFraction(f.toks, i); ok {
			isFraction = true
		}
	}
	if !ok || f.skip(i, v) {
		return found{}, false
	}
	c := found{lo: v.lo, hi: v.hi, valueLo: v.lo, valueHi: v.hi, low: v.low, high: v.high, hedge: Exact, nounLo: -1}
	// Currency before the number.
	start := v.lo
	if code, s, ok := f.currencyBefore(v.lo); ok {
		c.unit, c.kind = code, money
		start = s
	}
	// Hedge before the currency or number.
	between := false
	if h, s, ok := f.hedgeBefore(start); ok {
		c.hedge = h
		start = s
	} else if p := f.tokAt(start - 1); p.lower == "between" && f.sameSentence(start-1, start) {
		between = true
		start--
	} else if f.estimatedOf(start) {
		c.hedge = Around // "an estimated cost of 1.2 billion"
	}
	c.lo = start
	j := v.hi
	// Unit right after the number.
	if isFraction {
		if !f.fractionContext(v) {
			return found{}, false
		}
		c.unit, c.kind = "%", share
		// "a quarter point"
		if n := f.tokAt(j); n.lower == "point" || n.lower == "points" {
			c.low, c.high = c.low/100, c.high/100
			c.unit, c.kind = "percentage points", quantity
			j++
		}
	} else if c.kind != money {
		if u, k, n, ok := f.unitAfter(j, v); ok {
			c.unit, c.kind = u, k
			fct := factorOf(f.tokAt(j).lower)
			if f.tokAt(j).text == "-" {
				fct = factorOf(f.tokAt(j + 1).lower)
			}
			c.low, c.high = c.low*fct, c.high*fct
			if k == age {
				c.adjective = true
			}
			if f.tokAt(j).text == "-" && k != age {
				c.adjective = true
			}
			j = n
		}
	} else if _, k, n, ok := f.unitAfter(j, v); ok && k == money {
		j = n // "$2 billion dollars": the word repeats the sign
	}
	if v.unitHint != "" && c.unit == "" {
		c.unit, c.kind = v.unitHint, quantity
		if f.tokAt(v.hi-2).text == "-" {
			c.adjective = true // "decade-long"
		}
	}
	// "four years ago" is a date
	if c.kind == quantity && f.tokAt(j).lower == "ago" {
		return found{}, false
	}
	// "a magnitude 6.2 earthquake"
	if c.unit == "" && (f.tokAt(v.lo-1).lower == "magnitude" || f.tokAt(v.lo-1).lower == "of" && f.tokAt(v.lo-2).lower == "magnitude") {
		c.unit, c.kind = "magnitude", quantity // "a magnitude of 5.9"
	}
	c.hi = j
	c.valueHi = j
	// A range: "between 60 and 80", "25 to 50", "30-40", "two or three".
	if r, ok := f.rangeAfter(&c, between, v); ok {
		c = r
	} else if between {
		c.lo++ // "between" without "and"
	}
	// Hedges after the figure: "or more", "or so", "500+".
	if n := f.tokAt(c.hi); n.text == "+" && n.glued {
		c.hedge, c.hi = Above, c.hi+1
		c.valueHi = c.hi
	} else if n.lower == "or" {
		switch f.tokAt(c.hi + 1).lower {
		case "more":
			c.hedge, c.hi = Above, c.hi+2
		case "so":
			c.hedge, c.hi = Around, c.hi+2
		}
	}
	// Counted noun phrase.
	if c.unit == "" || c.kind == money || c.adjective {
		f.nounAfter(&c)
	} else if c.kind == quantity && f.nounFollows(c.hi, c.valueLo) {
		// "the 18 km line", "a magnitude 6.1 quake": the figure describes
		// the noun after it, as "18-kilometre" would
		if f.nounAfter(&c); c.nounLo >= 0 {
			c.adjective = true
		}
	}
	if c.kind == count && c.unit == "" && c.nounLo >= 0 {
		c.unit = unitOfNoun(f.toks[c.nounHi-1].lower, f.toks[c.nounLo:c.nounHi])
	}
	// "300 engineers or more"
	if c.nounLo >= 0 && c.hedge == Exact && f.tokAt(c.nounHi).lower == "or" && f.tokAt(c.nounHi+1).lower == "more" {
		c.hedge = Above
	}
	// "aged 45", "aged 18-24"
	if f.tokAt(c.lo-1).lower == "aged" && c.high <= 120 && (c.kind == count && c.nounLo < 0 || c.unit == "years") {
		c.kind, c.unit = age, "years"
	}
	if c.kind == count && c.unit == "" && v.vague {
		c.unit = "people"
	}
	// An age in apposition: "Priya Raman, 34, a passenger".
	if c.kind == count && c.unit == "" && c.hedge == Exact && c.low == c.high && f.apposedAge(&c) {
		c.kind, c.unit = age, "years"
	}
	// "respondents over 65", "children under five".
	if c.kind == count && c.unit == "" && c.hedge != Exact && f.ageAfterNoun(&c) {
		c.kind, c.unit = age, "years"
	}
	return c, true
}

// nounFollows reports whether a lower-case noun, not a verb, a function
// word or a unit, follows a measured figure at token j in its sentence.
func (f *finder) nounFollows(j, valueLo int) bool {
	t := f.tokAt(j)
	if t.kind != word || !f.sameSentence(j, valueLo) || capitalised(t.text) || function[t.lower] ||
		looksVerb(t.lower) || periodWord(t.lower) || notNounsAfterUnits[t.lower] {
		return false
	}
	_, unit := unitWords[t.lower]
	return !unit
}

// notNounsAfterUnits are words after a measured figure that do not name
// what it measures: "40 km downstream", "12 metres deep".
var notNounsAfterUnits = map[string]bool{
	"away": true, "long": true, "wide": true, "high": true, "deep": true, "tall": true, "old": true,
	"downstream": true, "upstream": true, "inland": true, "offshore": true, "apart": true,
	"ahead": true, "behind": true, "north": true, "south": true, "east": true, "west": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true, "overall": true,
	"more": true, "less": true, "higher": true, "lower": true, "late": true, "early": true,
}

// fractionContext accepts a fraction only where it states a share: before
// "of" or "point", after "by" or a hedge ("roughly half", "by a third").
func (f *finder) fractionContext(v value) bool {
	n := f.tokAt(v.hi)
	if n.lower == "of" || n.lower == "point" || n.lower == "points" {
		return true
	}
	if _, _, ok := f.hedgeBefore(v.lo); ok {
		return true
	}
	p := f.tokAt(v.lo - 1)
	return p.lower == "by" && f.sameSentence(v.lo-1, v.lo)
}

// duration reads "a decade", "an hour", "decade-long", "decades-long"
// where they state a length: after a hedge ("nearly an hour", "more than
// a decade"), before "-long", or "a decade" alone. It returns the value
// with the unit in value.unit.
func (f *finder) duration(i int) (value, bool) {
	t := f.toks[i]
	// "decade-long", "decades-long"
	if t.lower == "decade" || t.lower == "decades" || t.lower == "century" {
		if n, m := f.tokAt(i+1), f.tokAt(i+2); n.text == "-" && n.glued && m.glued && (m.lower == "long" || m.lower == "old") {
			v := value{lo: i, hi: i + 3, low: 10, high: 10, words: true, unitHint: "years"}
			switch t.lower {
			case "decades":
				v.low, v.high, v.vague = 20, 99, true
			case "century":
				v.low, v.high = 100, 100
			}
			return v, true
		}
		return value{}, false
	}
	if t.lower != "a" && t.lower != "an" {
		return value{}, false
	}
	u := f.tokAt(i + 1)
	n := 1.0
	unit := ""
	switch u.lower {
	case "decade":
		n, unit = 10, "years"
	case "century":
		n, unit = 100, "years"
	case "year", "month", "week", "day", "hour", "minute", "fortnight":
		unit = u.lower + "s"
		if u.lower == "fortnight" {
			n, unit = 2, "weeks"
		}
	default:
		return value{}, false
	}
	if f.tokAt(i+2).lower == "ago" || f.tokAt(i+2).lower == "earlier" || f.tokAt(i+2).lower == "later" {
		return value{}, false
	}
	_, _, hedged := f.hedgeBefore(i)
	if !hedged && u.lower != "decade" && u.lower != "century" {
		return value{}, false
	}
	return value{lo: i, hi: i + 2, low: n, high: n, words: true, unitHint: unit}, true
}

// skip reports whether the number at token i is not a claim: part of a
// date, time, name, phone number, score, list marker or a referential
// count.
func (f *finder) skip(i int, v value) bool {
	t := f.toks[i]
	p, n := f.tokAt(i-1), f.tokAt(i+1)
	if n := f.tokAt(v.hi); n.lower == "times" && !v.scaled {
		return true // a multiplier: "three times its target"
	}
	if t.kind == number {
		// times and numeric dates
		if (n.text == ":" || n.text == "/") && n.glued && f.tokAt(i+2).kind == number {
			return true
		}
		if (p.text == ":" || p.text == "/") && t.glued && f.tokAt(i-2).kind == number {
			return true
		}
		switch n.lower {
		case "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "cet", "est", "hrs":
			return true
		case "a", "p":
			if f.tokAt(i+2).text == "." {
				return true
			}
		}
		// phone numbers, codes: "020 7946 0958"
		if t.leadZero && len(t.text) >= 3 || p.text == "+" && t.glued {
			return true
		}
		if p.kind == number && !t.glued && p.sent == t.sent || n.kind == number && !n.glued && n.sent == t.sent {
			return true
		}
		if (n.text == "-" || n.text == "–") && n.glued && f.tokAt(i+2).kind == number && len(f.tokAt(i+2).text) >= 4 && !isYear(f.tokAt(i+2)) {
			return true
		}
		// list markers: "1." or "2)" opening a line
		if t.paraStart && (n.text == "." || n.text == ")") && n.glued {
			return true
		}
		// dates
		if !v.scaled && !t.decimal && t.val >= 1 && t.val <= 31 && len(t.text) <= 2 {
			if isMonth(p) || isMonth(n) || n.lower == "of" && isMonth(f.tokAt(i+2)) {
				return true
			}
		}
		if isYear(t) && !v.scaled {
			if !f.countAfterYear(i) {
				return true
			}
		}
		// ISO dates and year ranges "2019-2020"
		if (n.text == "-" || n.text == "–") && isYear(t) && isYear(f.tokAt(i+2)) {
			return true
		}
		// names: "COVID-19", "F-16", "Flight 370", "Article 5"
		if p.kind == word && capitalised(p.text) && (p.text == "-" || t.glued) {
			return true
		}
		if p.text == "-" && t.glued && f.tokAt(i-2).kind == word && capitalised(f.tokAt(i-2).text) && p.glued {
			return true
		}
		if p.kind == word && capitalised(p.text) && !p.sentStart && !isMonth(p) && !notNameWord(p.lower) && !t.grouped && !t.decimal {
			return true
		}
		// scores: "beat City 3-1", "a 2-0 win"
		if (n.text == "-" || n.text == "–") && f.tokAt(i+2).kind == number && t.val <= 20 && f.tokAt(i+2).val <= 20 && !t.decimal {
			if f.sportsContext(i) {
				return true
			}
		}
		if (p.text == "-" || p.text == "–") && f.tokAt(i-2).kind == number {
			// second half of a range or score handled with the first
			if f.sportsContext(i - 2) {
				return true
			}
		}
		return false
	}
	// multipliers: "three times its target"
	if n := f.tokAt(v.hi); n.lower == "times" && !v.scaled {
		return true
	}
	// number words
	w := t.lower
	if w == "one" {
		if n.lower == "of" || n.lower == "another" || p.lower == "no" || p.lower == "every" || p.lower == "any" {
			return true
		}
		if !v.scaled && !oneTakes(n.lower) {
			return true
		}
	}
	// "the two men", "both three" — a count that refers back, not a claim
	if !v.scaled && !v.vague && v.low <= 12 {
		switch p.lower {
		case "the", "these", "those", "its", "their", "our", "his", "her", "my", "your", "all":
			nn := f.tokAt(v.hi)
			if nn.kind == word && !nn.glued && nn.lower != "of" && nn.lower != "per" && nn.lower != "percent" {
				return true
			}
		}
	}
	return false
}

// oneTakes lists what may follow "one" in a claim.
func oneTakes(w string) bool {
	switch w {
	case "person", "man", "woman", "child", "boy", "girl", "soldier", "civilian", "officer",
		"death", "million", "billion", "trillion", "thousand", "hundred", "dozen", "percent",
		"per", "%", "year", "month", "week", "day", "hour", "minute", "km", "kilometre",
		"kilometer", "mile", "metre", "meter", "victim", "patient", "resident":
		return true
	}
	return false
}

// notNameWord lists capitalised words before a number that do not make it
// part of a name.
func notNameWord(w string) bool {
	switch w {
	case "nearly", "almost", "about", "around", "some", "over", "more", "less", "fewer",
		"just", "only", "roughly", "approximately", "between", "up", "at", "as", "close",
		"under", "above", "below", "and", "or", "to", "than", "least", "estimated", "an",
		"usd", "eur", "gbp", "chf", "jpy", "cny", "inr", "aud", "cad", "rs", "us", "a",
		"magnitude", "nzd", "hkd", "sek", "nok", "zar", "aed", "sar", "brl", "mxn", "krw":
		return true
	}
	return false
}

func isMonth(t tok) bool {
	if t.kind != word || !capitalised(t.text) {
		return false
	}
	switch t.lower {
	case "january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "jan", "feb", "mar", "apr",
		"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}

func isYear(t tok) bool {
	return t.kind == number && !t.grouped && !t.decimal && !t.ordinal && len(t.text) == 4 && t.val >= 1800 && t.val <= 2100
}

// countAfterYear reports whether a year-like number counts something: a
// currency or hedge before it, or a unit or plural noun after it ("2000
// people", "1500 troops").
func (f *finder) countAfterYear(i int) bool {
	if _, _, ok := f.currencyBefore(i); ok {
		return true
	}
	if _, _, ok := f.hedgeBefore(i); ok {
		return true
	}
	n := f.tokAt(i + 1)
	if n.kind == punct {
		return n.text == "%"
	}
	if n.kind != word || capitalised(n.text) {
		return false
	}
	if _, ok := unitWords[n.lower]; ok {
		return true
	}
	if humanNouns[n.lower] || strings.HasSuffix(n.lower, "s") && !notPlural(n.lower) {
		p := f.tokAt(i - 1)
		switch p.lower {
		case "in", "since", "by", "until", "during", "before", "after", "from", "of", "for", "on", "the":
			return false
		}
		return true
	}
	return false
}

func notPlural(w string) bool {
	switch w {
	case "was", "is", "has", "as", "this", "its", "his", "its'", "thus", "always", "plus":
		return true
	}
	return false
}

// sportsContext reports whether a score-like pair at token i sits near a
// word of winning or losing.
func (f *finder) sportsContext(i int) bool {
	for k := i - 4; k <= i+5; k++ {
		if k == i || !f.sameSentence(k, i) {
			continue
		}
		switch f.tokAt(k).lower {
		case "beat", "beats", "won", "win", "wins", "lost", "lose", "loses", "drew", "draw",
			"defeated", "defeat", "victory", "score", "scored", "thrashed", "edged", "scoreline",
			"lead", "led", "trailed", "goals", "sets", "match", "game":
			return true
		}
	}
	return false
}

// currencies maps signs and codes to ISO 4217 codes.
var currencySigns = map[string]string{
	"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₦": "NGN", "₽": "RUB",
	"₺": "TRY", "₩": "KRW", "₪": "ILS", "₴": "UAH", "₱": "PHP", "₫": "VND", "฿": "THB",
}

// dollarPrefixes are letters glued before "$".
var dollarPrefixes = map[string]string{
	"us": "USD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "nz": "NZD",
	"hk": "HKD", "s": "SGD", "r": "BRL", "nt": "TWD", "mx": "MXN",
}

var currencyCodes = map[string]string{
	"usd": "USD", "eur": "EUR", "gbp": "GBP", "chf": "CHF", "jpy": "JPY", "cny": "CNY",
	"inr": "INR", "aud": "AUD", "cad": "CAD", "rs": "INR", "sek": "SEK", "nok": "NOK",
	"dkk": "DKK", "aed": "AED", "sar": "SAR", "zar": "ZAR", "brl": "BRL", "mxn": "MXN",
	"nzd": "NZD", "hkd": "HKD", "sgd": "SGD", "krw": "KRW", "try": "TRY", "rub": "RUB",
	"ngn": "NGN", "kes": "KES", "egp": "EGP", "pkr": "PKR", "irr": "IRR", "uah": "UAH",
}

// currencyBefore reads a currency sign or code just before token i and
// returns its code and first token.
func (f *finder) currencyBefore(i int) (string, int, bool) {
	p := f.tokAt(i - 1)
	if i-1 < 0 || !f.sameSentence(i-1, i) {
		return "", 0, false
	}
	if code, ok := currencySigns[p.text]; ok {
		start := i - 1
		if p.text == "$" && p.glued {
			if q := f.tokAt(i - 2); q.kind == word {
				if c, ok := dollarPrefixes[q.lower]; ok && strings.ToUpper(q.text) == q.text {
					return c, i - 2, true
				}
			}
		}
		return code, start, true
	}
	if p.kind == word && (strings.ToUpper(p.text) == p.text || p.text == "Rs") {
		if code, ok := currencyCodes[p.lower]; ok {
			return code, i - 1, true
		}
	}
	if p.text == "." && p.glued && f.tokAt(i-2).text == "Rs" {
		return "INR", i - 2, true
	}
	return "", 0, false
}

type hedgePhrase struct {
	words []string
	hedge Hedge
}

// hedgePhrases, longest first so that "just under" wins over "under".
var hedgePhrases = func() []hedgePhrase {
	below := []string{"just under", "just below", "just shy of", "as many as", "as much as",
		"no more than", "not more than", "close to", "less than", "fewer than", "up to",
		"at most", "shy of", "short of", "nearly", "almost", "under", "below", "within", "barely"}
	above := []string{"in excess of", "no fewer than", "no less than", "more than", "at least",
		"upwards of", "just over", "just above", "well over", "well above", "greater than",
		"higher than", "over", "above", "exceeding", "beyond"}
	around := []string{"an estimated", "an approximate", "approximately", "estimated", "about",
		"around", "some", "roughly", "approx", "circa", "nearly about"}
	var out []hedgePhrase
	for _, l := range []struct {
		list []string
		h    Hedge
	}{{below, Below}, {above, Above}, {around, Around}} {
		for _, p := range l.list {
			out = append(out, hedgePhrase{strings.Fields(p), l.h})
		}
	}
	// longest first
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].words) > len(out[j-1].words); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// hedgeBefore reads a hedge ending just before token i.
func (f *finder) hedgeBefore(i int) (Hedge, int, bool) {
	for _, p := range hedgePhrases {
		n := len(p.words)
		if i-n < 0 {
			continue
		}
		ok := true
		for k, w := range p.words {
			t := f.toks[i-n+k]
			if t.lower != w || !f.sameSentence(i-n+k, i) {
				ok = false
				break
			}
		}
		if ok {
			return p.hedge, i - n, true
		}
	}
	return "", 0, false
}

// rangeAfter extends c into a range: "between 60 and 80", "25 to 50 basis
// points", "30-40", "two or three". "from 4.1% to 4.3%" after a verb of
// change is left as two claims.
func (f *finder) rangeAfter(c *found, between bool, v value) (found, bool) {
	j := c.hi
	sep := f.tokAt(j)
	switch {
	case between && sep.lower == "and":
	case !between && (sep.lower == "to" || sep.lower == "or"):
		if sep.lower == "to" && f.changeBefore(c.lo) {
			return found{}, false
		}
	case !between && (sep.text == "-" && sep.glued && f.tokAt(j+1).glued || sep.text == "–"):
		if v.words {
			return found{}, false
		}
	default:
		return found{}, false
	}
	k := j + 1
	if c.kind == money {
		if code, s, ok := f.currencyAfterSep(k); ok && code == c.unit {
			k = s
		}
	}
	if f.tokAt(k).kind == number && f.tokAt(k).ordinal {
		return found{}, false
	}
	v2, ok := parseValue(f.toks, k)
	if !ok || v2.vague || v.words != v2.words && !(v2.words && v2.scaled) {
		return found{}, false
	}
	if sep.lower == "-" && isYear(f.tokAt(c.valueLo)) {
		return found{}, false
	}
	r := *c
	low, high := c.low, v2.low
	// "between 2 and 3 million": the first figure takes the second's scale.
	if v2.scaled && !v.scaled && v2.scale > 0 && f.tokAt(c.valueLo).kind == number {
		if s := f.tokAt(c.valueLo).scaled(v2.scale); s <= high {
			low = s
		}
	}
	if high < low {
		return found{}, false
	}
	r.low, r.high = low, high
	end := v2.hi
	// a unit after the second figure: "25 to 50 basis points", "4.1% to 4.3%"
	if c.unit == "" || c.kind == share || c.kind == quantity {
		if u, kd, n, ok := f.unitAfter(end, v2); ok && (c.unit == "" || u == c.unit) {
			r.unit, r.kind = u, kd
			end = n
		}
	}
	r.hi, r.valueHi = end, end
	return r, true
}

// currencyAfterSep reads a repeated currency sign after a range separator
// ("$2 billion to $3 billion") and returns the token after it.
func (f *finder) currencyAfterSep(k int) (string, int, bool) {
	t := f.tokAt(k)
	if code, ok := currencySigns[t.text]; ok {
		return code, k + 1, true
	}
	return "", 0, false
}

// changeBefore reports whether "from" plus a verb of change precede token
// i: "rose from 4.1% to 4.3%".
func (f *finder) changeBefore(i int) bool {
	if f.tokAt(i-1).lower != "from" {
		return false
	}
	for k := i - 2; k >= i-5 && k >= 0; k-- {
		if changeVerbs[f.toks[k].lower] {
			return true
		}
	}
	return false
}

var changeVerbs = map[string]bool{
	"rose": true, "rise": true, "rises": true, "risen": true, "fell": true, "fall": true,
	"falls": true, "fallen": true, "increased": true, "increase": true, "decreased": true,
	"decrease": true, "dropped": true, "drop": true, "climbed": true, "jumped": true,
	"grew": true, "grown": true, "surged": true, "plunged": true, "slipped": true,
	"declined": true, "eased": true, "narrowed": true, "narrow": true, "widened": true,
	"cut": true, "raised": true, "lowered": true, "up": true, "down": true, "changed": true,
	"moved": true, "went": true, "soared": true, "slumped": true, "tumbled": true,
	"improved": true, "shrank": true, "expanded": true,
}

// estimatedOf reports whether "(an) estimated NOUN of" ends just before
// token i: the figure is an estimate.
func (f *finder) estimatedOf(i int) bool {
	if f.tokAt(i-1).lower != "of" {
		return false
	}
	for k := i - 2; k >= i-4 && k >= 0; k-- {
		if !f.sameSentence(k, i) {
			return false
		}
		switch f.toks[k].lower {
		case "estimated", "approximate", "approximately", "expected", "projected":
			return true
		}
	}
	return false
}

// startWords are the words a claim's number can start with.
var startWords = func() map[string]bool {
	m := map[string]bool{"a": true, "an": true, "half": true, "decade": true, "decades": true,
		"century": true, "tens": true}
	for w := range units {
		m[w] = true
	}
	for w := range tens {
		m[w] = true
	}
	for w := range vaguePlurals {
		m[w] = true
	}
	return m
}()
