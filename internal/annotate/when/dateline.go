package when

import "strings"

// Dateline is the place, and the agency if any, that opens a news article:
// "TEHRAN, Iran (Reuters) –", "Tehran, Iran –", "LONDON —",
// "WASHINGTON (AP) —", "PARIS, May 8 (Reuters) -".
type Dateline struct {
	// Text is the dateline as written, dash included; Start and End its
	// byte span.
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Place is the first place name as written ("TEHRAN").
	Place string `json:"place"`
	// Region is what follows the place before any date or agency ("Iran",
	// "Kurdistan Region"), or "".
	Region string `json:"region,omitempty"`
	// Date is a date written in the dateline ("May 8"), or "".
	Date string `json:"date,omitempty"`
	// Agency is the news agency in brackets ("Reuters", "AP"), or "".
	Agency string `json:"agency,omitempty"`
}

// maxDatelinePrefix bounds how far into a paragraph a dateline can reach.
const maxDatelinePrefix = 120

// FindDateline returns the dateline at the head of text. It looks at the
// first paragraph, and at the second when the first is a headline (short,
// with no closing full stop). A place in capitals needs only the dash
// after it; a place in mixed case ("Tehran, Iran –") also needs a region
// or an agency, so that an opening such as "Hamas – the group …" is not
// taken for a dateline.
func FindDateline(text string) (Dateline, bool) {
	off := 0
	for para := 0; para < 2 && off < len(text); para++ {
		for off < len(text) && (text[off] == '\n' || text[off] == '\r' || text[off] == ' ' || text[off] == '\t') {
			off++
		}
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		if d, ok := parseDateline(line); ok {
			d.Start += off
			d.End += off
			return d, true
		}
		if !headline(line) {
			break
		}
		off = end
	}
	return Dateline{}, false
}

// headline reports whether a line looks like a title rather than body text.
func headline(line string) bool {
	line = strings.TrimSpace(line)
	return line != "" && len(strings.Fields(line)) <= 20 && !strings.HasSuffix(line, ".")
}

// parseDateline reads a dateline at the start of line.
func parseDateline(line string) (Dateline, bool) {
	if len(line) > maxDatelinePrefix*4 {
		line = line[:maxDatelinePrefix*4]
	}
	toks := lex(line)
	var d Dateline
	i := 0
	// Place: one to four name words.
	placeStart, placeEnd, caps, ok := nameRun(toks, i)
	if !ok {
		return d, false
	}
	d.Place = line[placeStart:placeEnd]
	for i < len(toks) && toks[i].end <= placeEnd {
		i++
	}
	region := false
	// Up to two ", Region" or ", Month Day" parts.
	for part := 0; part < 2 && i < len(toks) && toks[i].text == ","; part++ {
		j := i + 1
		if m := toks[min(j, len(toks)-1)]; j < len(toks) && m.kind == word {
			if _, isMonth := months[m.lower]; isMonth && j+1 < len(toks) && toks[j+1].kind == number {
				d.Date = line[m.start:toks[j+1].end]
				i = j + 2
				continue
			}
		}
		s, e, _, ok := nameRun(toks, j)
		if !ok {
			return Dateline{}, false
		}
		if d.Region == "" {
			d.Region = line[s:e]
		}
		region = true
		for i = j; i < len(toks) && toks[i].end <= e; i++ {
		}
	}
	// Optional "(Agency)".
	if i < len(toks) && toks[i].text == "(" {
		j := i + 1
		s, e, _, ok := nameRun(toks, j)
		if !ok {
			return Dateline{}, false
		}
		for j < len(toks) && toks[j].end <= e {
			j++
		}
		if j >= len(toks) || toks[j].text != ")" {
			return Dateline{}, false
		}
		d.Agency = line[s:e]
		i = j + 1
	}
	// The dash, then text.
	if i >= len(toks) || !isDash(toks[i].text) {
		return Dateline{}, false
	}
	// A hyphen glued to the place ("Abu-Dhabi") is not a dateline dash.
	if toks[i].text == "-" && i > 0 && toks[i].start == toks[i-1].end {
		return Dateline{}, false
	}
	dashEnd := toks[i].end
	if toks[i].text == "-" && i+1 < len(toks) && toks[i+1].text == "-" && toks[i+1].start == dashEnd {
		i++
		dashEnd = toks[i].end
	}
	if i+1 >= len(toks) || dashEnd > maxDatelinePrefix || toks[i].text == "-" && toks[i+1].start == dashEnd {
		return Dateline{}, false
	}
	if !caps && !region && d.Agency == "" {
		return Dateline{}, false
	}
	d.Start, d.End = 0, dashEnd
	d.Text = line[:dashEnd]
	return d, true
}

func isDash(s string) bool { return s == "-" || s == "–" || s == "—" }

// nameRun reads one to four capitalised words from token i: words such
// as "NEW YORK", "Kurdistan Region", abbreviations such as "N.Y." and
// "D.C.", hyphenated and apostrophised names, and connecting "of", "de",
// "al". caps reports whether every word is in capitals.
func nameRun(toks []tok, i int) (start, end int, caps, ok bool) {
	if i >= len(toks) || toks[i].kind != word || !capitalised(toks[i].text) {
		return 0, 0, false, false
	}
	start, caps = toks[i].start, true
	words, j := 0, i
	for j < len(toks) {
		t := toks[j]
		glued := func(k int) bool { return k < len(toks) && toks[k].start == toks[k-1].end }
		switch {
		case t.kind == word && capitalised(t.text):
			if t.poss {
				return 0, 0, false, false
			}
			caps = caps && allCaps(t.text)
			words++
			end = t.end
			// "N.Y.", "D.C.": initials with full stops.
			for j+1 < len(toks) && toks[j+1].text == "." && glued(j+1) && len(toks[j].text) == 1 {
				end = toks[j+1].end
				j++
				if j+1 < len(toks) && glued(j+1) && toks[j+1].kind == word && len(toks[j+1].text) == 1 && allCaps(toks[j+1].text) {
					j++
					end = toks[j].end
					continue
				}
				break
			}
		case (t.text == "-" || t.text == "'" || t.text == "’") && j > i && glued(j) && glued(j+1) && toks[j+1].kind == word:
			end = t.end
		case t.kind == word && connector[t.lower] && j+1 < len(toks) && toks[j+1].kind == word && capitalised(toks[j+1].text):
			end = t.end
		default:
			return start, end, caps, words > 0
		}
		if words > 4 {
			return 0, 0, false, false
		}
		j++
	}
	return start, end, caps, words > 0
}

var connector = map[string]bool{"of": true, "de": true, "al": true, "el": true, "la": true, "du": true, "des": true, "on": true, "upon": true}
