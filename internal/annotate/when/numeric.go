package when

import (
	"time"

	dps "github.com/markusmobius/go-dateparser"
)

// numeric matches dates written in digits: "2022-05-08", "08/05/2022",
// "8.5.22". The ISO order is unambiguous; for the others the day comes
// first when the first field exceeds 12, the month when the second does,
// and otherwise the order the article itself shows elsewhere (see
// numericOrder). go-dateparser does the parsing with that order.
func (f *finder) numeric(i int) (Date, int, bool) {
	a, b, c, ok := f.numericTriple(i)
	if !ok {
		return Date{}, 0, false
	}
	var order string
	switch {
	case len(a.text) == 4 && len(b.text) <= 2 && len(c.text) <= 2:
		order = "YMD"
	case len(a.text) <= 2 && len(b.text) <= 2 && (len(c.text) == 2 || len(c.text) == 4):
		switch {
		case a.val > 12 && b.val <= 12:
			order = "DMY"
		case b.val > 12 && a.val <= 12:
			order = "MDY"
		case a.val <= 12 && b.val <= 12:
			order = f.numericOrder()
		default:
			return Date{}, 0, false
		}
	default:
		return Date{}, 0, false
	}
	s, e := a.start, c.end
	cfg := &dps.Configuration{
		Languages:           []string{"en"},
		CurrentTime:         f.pub,
		PreferredDateSource: dps.Past,
		DefaultTimezone:     f.loc(),
		StrictParsing:       true,
	}
	switch order {
	case "DMY":
		cfg.DateOrder = dps.DMY
	case "MDY":
		cfg.DateOrder = dps.MDY
	default:
		cfg.DateOrder = dps.YMD
	}
	if f.pub.IsZero() {
		cfg.CurrentTime = time.Now().UTC()
	}
	dt, err := dps.Parse(cfg, f.text[s:e])
	if err != nil || dt.Time.IsZero() {
		return Date{}, 0, false
	}
	y, m, d := dt.Time.Date()
	at := time.Date(y, m, d, 0, 0, 0, 0, f.loc())
	return Date{Text: f.text[s:e], Start: s, End: e, Time: at, Granularity: Day}, i + 5, true
}

// numericTriple reads three numbers joined by one separator ("/", "." or
// "-") with no spaces, not part of a longer chain (versions, phone
// numbers).
func (f *finder) numericTriple(i int) (a, b, c tok, ok bool) {
	a, sep, b, sep2, c := f.at(i), f.at(i+1), f.at(i+2), f.at(i+3), f.at(i+4)
	if a.kind != number || b.kind != number || c.kind != number || a.ordinal || b.ordinal || c.ordinal {
		return a, b, c, false
	}
	if sep.text != sep2.text || sep.text != "/" && sep.text != "." && sep.text != "-" {
		return a, b, c, false
	}
	for k := i; k < i+4; k++ {
		if !f.adjacent(k) {
			return a, b, c, false
		}
	}
	if p := f.at(i - 1); (p.kind == punct && (p.text == sep.text || p.text == ",")) && f.adjacent(i-1) {
		return a, b, c, false
	}
	if n := f.at(i + 5); (n.kind == punct && n.text == sep.text && f.at(i+6).kind == number) && f.adjacent(i+4) {
		return a, b, c, false
	}
	return a, b, c, true
}

// numericOrder returns the day/month order for ambiguous numeric dates:
// "DMY" or "MDY" when another numeric date in the same text settles it
// (its first or second field exceeds 12), else "MDY", go-dateparser's
// order for English.
func (f *finder) numericOrder() string {
	if f.order != "" {
		return f.order
	}
	f.order = "MDY"
	for i := range f.toks {
		a, b, c, ok := f.numericTriple(i)
		if !ok || len(a.text) > 2 || len(b.text) > 2 || len(c.text) != 2 && len(c.text) != 4 {
			continue
		}
		if a.val > 12 && b.val <= 12 {
			f.order = "DMY"
			break
		}
		if b.val > 12 && a.val <= 12 {
			break
		}
	}
	return f.order
}
