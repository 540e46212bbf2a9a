package claim

// value is a number read from tokens [lo, hi): a single value when
// low == high, else a range.
type value struct {
	lo, hi    int
	low, high float64
	scaled    bool    // a scale word or suffix was read ("million", "bn")
	scale     float64 // that scale, for digits
	words     bool    // written in words
	vague     bool    // a vague plural ("hundreds of")
	// unitHint is the unit a duration word carries ("a decade": years).
	unitHint string
}

var units = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19,
}

var tens = map[string]float64{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

var scales = map[string]float64{
	"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}

// suffixScales are scales glued to digits or written short: "€68m",
// "£9bn", "3k".
var suffixScales = map[string]float64{
	"m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12, "trn": 1e12,
	"million": 1e6, "billion": 1e9, "trillion": 1e12, "thousand": 1e3,
}

// vaguePlurals are counts given by order of magnitude, read as the range
// from two of the unit to just under ten: "hundreds" is [200, 999].
var vaguePlurals = map[string]float64{
	"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
}

// parseValue reads a number at token i: digits with an optional scale
// ("1.2 million", "€68m" after the sign, "400,000"), words ("three",
// "twenty-one", "two dozen", "a hundred", "half a million"), or a vague
// plural ("hundreds of", "tens of thousands").
func parseValue(toks []tok, i int) (value, bool) {
	if i >= len(toks) {
		return value{}, false
	}
	t := toks[i]
	switch t.kind {
	case number:
		if t.ordinal {
			return value{}, false
		}
		v := value{lo: i, hi: i + 1, low: t.val, high: t.val}
		if i+1 < len(toks) {
			n := toks[i+1]
			if s, ok := suffixScales[n.lower]; ok && n.kind == word && (n.glued || scales[n.lower] != 0) && !(n.lower == "m" && !n.glued) {
				v.low = t.scaled(s)
				v.high = v.low
				v.scale = s
				v.hi = i + 2
				v.scaled = true
			}
		}
		return v, true
	case word:
		if v, ok := parseVague(toks, i); ok {
			return v, true
		}
		return parseWords(toks, i)
	}
	return value{}, false
}

// parseVague reads "hundreds (of)", "thousands (of)", "tens of thousands",
// "hundreds of thousands", "dozens (of)".
func parseVague(toks []tok, i int) (value, bool) {
	t := toks[i]
	at := func(k int) string {
		if k < len(toks) {
			return toks[k].lower
		}
		return ""
	}
	if t.lower == "tens" || t.lower == "hundreds" {
		if at(i+1) == "of" {
			if s, ok := vaguePlurals[at(i+2)]; ok && s >= 1e3 {
				m := 10.0
				if t.lower == "hundreds" {
					m = 100
				}
				v := value{lo: i, hi: i + 3, low: 2 * m * s, high: 10*m*s - 1, vague: true, words: true}
				if at(i+3) == "of" {
					v.hi = i + 4
				}
				return v, true
			}
		}
	}
	s, ok := vaguePlurals[t.lower]
	if !ok {
		return value{}, false
	}
	if t.lower == "dozens" {
		v := value{lo: i, hi: i + 1, low: 24, high: 99, vague: true, words: true}
		if at(i+1) == "of" {
			v.hi = i + 2
		}
		return v, true
	}
	v := value{lo: i, hi: i + 1, low: 2 * s, high: 10*s - 1, vague: true, words: true}
	if at(i+1) == "of" {
		v.hi = i + 2
	}
	return v, true
}

// parseWords reads a number written in words.
func parseWords(toks []tok, i int) (value, bool) {
	total, current := 0.0, 0.0
	seen := false // a number word was read
	j := i
	last := i
	for j < len(toks) {
		t := toks[j]
		if t.kind == punct {
			// "twenty-one"
			if t.text == "-" && t.glued && j+1 < len(toks) && toks[j+1].glued && seen {
				if _, ok := units[toks[j+1].lower]; ok {
					if _, ok := tens[toks[j-1].lower]; ok {
						j++
						continue
					}
				}
			}
			break
		}
		if t.kind != word {
			break
		}
		w := t.lower
		if u, ok := units[w]; ok {
			current += u
			seen = true
			last = j
			j++
			continue
		}
		if u, ok := tens[w]; ok {
			current += u
			seen = true
			last = j
			j++
			continue
		}
		switch w {
		case "a", "an":
			if j != i || j+1 >= len(toks) {
				return value{}, false
			}
			n := toks[j+1].lower
			if n != "hundred" && n != "dozen" && scales[n] == 0 {
				return value{}, false
			}
			current = 1
			j++
			continue
		case "half":
			// "half a million"
			if j == i && j+2 < len(toks) && toks[j+1].lower == "a" && scales[toks[j+2].lower] != 0 {
				s := scales[toks[j+2].lower]
				return value{lo: i, hi: j + 3, low: s / 2, high: s / 2, scaled: true, words: true}, true
			}
			return value{}, false
		case "hundred":
			if !seen && current == 0 {
				return value{}, false
			}
			if current == 0 {
				current = 1
			}
			current *= 100
			seen = true
			last = j
			j++
			continue
		case "dozen":
			if current == 0 {
				current = 1
			}
			current *= 12
			seen = true
			last = j
			j++
			continue
		case "and":
			// "one hundred and twenty"
			if seen && j+1 < len(toks) {
				if _, ok := units[toks[j+1].lower]; ok {
					j++
					continue
				}
				if _, ok := tens[toks[j+1].lower]; ok {
					j++
					continue
				}
			}
		}
		if s, ok := scales[w]; ok && (seen || current > 0) {
			if current == 0 {
				current = 1
			}
			total += current * s
			current = 0
			seen = true
			last = j
			j++
			continue
		}
		break
	}
	if !seen {
		return value{}, false
	}
	v := total + current
	scaled := false
	for k := i; k <= last; k++ {
		if scales[toks[k].lower] != 0 {
			scaled = true
		}
	}
	return value{lo: i, hi: last + 1, low: v, high: v, words: true, scaled: scaled}, true
}

// fractions are shares written in words, as percentages.
var fractions = map[string]float64{
	"half": 50, "third": 100.0 / 3, "quarter": 25, "fifth": 20, "tenth": 10,
	"thirds": 200.0 / 3, "quarters": 75,
}

// parseFraction reads "half", "a third", "a quarter", "two-thirds",
// "three-quarters", "one-third" as a percentage.
func parseFraction(toks []tok, i int) (value, bool) {
	t := toks[i]
	if t.kind != word {
		return value{}, false
	}
	switch t.lower {
	case "half":
		return value{lo: i, hi: i + 1, low: 50, high: 50, words: true}, true
	case "a", "one":
		if i+1 < len(toks) {
			n := toks[i+1]
			if t.lower == "one" && n.text == "-" && i+2 < len(toks) {
				n = toks[i+2]
				if f, ok := fractions[n.lower]; ok && n.lower != "half" {
					return value{lo: i, hi: i + 3, low: f, high: f, words: true}, true
				}
				return value{}, false
			}
			if f, ok := fractions[n.lower]; ok && n.lower != "half" && n.lower != "thirds" && n.lower != "quarters" {
				return value{lo: i, hi: i + 2, low: f, high: f, words: true}, true
			}
		}
	case "two", "three":
		if i+2 < len(toks) && toks[i+1].text == "-" && toks[i+1].glued {
			n := toks[i+2].lower
			if t.lower == "two" && n == "thirds" {
				return value{lo: i, hi: i + 3, low: 200.0 / 3, high: 200.0 / 3, words: true}, true
			}
			if t.lower == "three" && n == "quarters" {
				return value{lo: i, hi: i + 3, low: 75, high: 75, words: true}, true
			}
		}
	}
	return value{}, false
}
