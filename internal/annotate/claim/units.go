package claim

import "strings"

// unitWords maps unit words to a unit and a factor for the value
// ("four decades" is 40 years).
var unitWords = map[string]struct {
	unit   string
	factor float64
}{
	"km": {"km", 1}, "kilometre": {"km", 1}, "kilometres": {"km", 1}, "kilometer": {"km", 1},
	"kilometers": {"km", 1}, "mile": {"mi", 1}, "miles": {"mi", 1}, "metre": {"m", 1},
	"metres": {"m", 1}, "meter": {"m", 1}, "meters": {"m", 1}, "m": {"m", 1}, "cm": {"cm", 1},
	"centimetres": {"cm", 1}, "centimeters": {"cm", 1}, "mm": {"mm", 1}, "feet": {"ft", 1},
	"ft": {"ft", 1}, "kg": {"kg", 1}, "kilograms": {"kg", 1}, "kilos": {"kg", 1},
	"tonnes": {"t", 1}, "tonne": {"t", 1}, "tons": {"t", 1}, "ton": {"t", 1},
	"hectares": {"ha", 1}, "hectare": {"ha", 1}, "ha": {"ha", 1}, "acres": {"acres", 1},
	"acre": {"acres", 1}, "mph": {"mph", 1}, "kph": {"km/h", 1}, "knots": {"knots", 1},
	"barrels": {"barrels", 1}, "bpd": {"barrels a day", 1}, "litres": {"l", 1}, "liters": {"l", 1},
	"gallons": {"gal", 1}, "mw": {"MW", 1}, "megawatts": {"MW", 1}, "gw": {"GW", 1},
	"gigawatts": {"GW", 1}, "kwh": {"kWh", 1}, "years": {"years", 1}, "year": {"years", 1},
	"months": {"months", 1}, "month": {"months", 1}, "weeks": {"weeks", 1}, "week": {"weeks", 1},
	"days": {"days", 1}, "day": {"days", 1}, "hours": {"hours", 1}, "hour": {"hours", 1},
	"minutes": {"minutes", 1}, "minute": {"minutes", 1}, "seconds": {"seconds", 1},
	"second": {"seconds", 1}, "decades": {"years", 10}, "decade": {"years", 10},
	"centuries": {"years", 100}, "century": {"years", 100}, "storey": {"storeys", 1},
	"storeys": {"storeys", 1}, "magnitude": {"magnitude", 1},
}

// currencyWords maps currency names written after the figure to codes.
var currencyWords = map[string]string{
	"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
	"yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "naira": "NGN",
	"hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "roubles": "RUB", "rubles": "RUB",
	"lira": "TRY", "liras": "TRY", "rials": "IRR", "riyals": "SAR", "dirhams": "AED",
	"shekels": "ILS", "rand": "ZAR", "francs": "CHF", "pesos": "MXN", "won": "KRW",
	"shillings": "KES", "cedis": "GHS", "birr": "ETB", "taka": "BDT", "ringgit": "MYR",
	"baht": "THB", "rupiah": "IDR", "zlotys": "PLN", "zloty": "PLN", "forints": "HUF",
	"kronor": "SEK", "krona": "SEK", "reais": "BRL", "dong": "VND",
}

// dollarCountries qualify "dollars".
var dollarCountries = map[string]string{
	"australian": "AUD", "canadian": "CAD", "kong": "HKD", "zealand": "NZD",
	"singapore": "SGD", "taiwan": "TWD", "us": "USD", "u.s": "USD",
}

// unitAfter reads a unit at token j after value v: "%", "per cent",
// "percentage points", "basis points", "°C", "46.8C", a unit word, a
// currency word, "-year-old", or an adjective such as "-year" or
// "-kilometre". It returns the unit, the kind, the token after it and
// whether one was read; a unit word's factor is applied to v's caller
// through the returned kind only, so callers multiply with factorAfter.
func (f *finder) unitAfter(j int, v value) (string, kind, int, bool) {
	t := f.tokAt(j)
	n := f.tokAt(j + 1)
	switch {
	case t.text == "%":
		return "%", share, j + 1, true
	case t.lower == "per" && n.lower == "cent", t.lower == "percent" || t.lower == "pc" && t.glued:
		if t.lower == "per" {
			return "%", share, j + 2, true
		}
		return "%", share, j + 1, true
	case t.lower == "percentage" && (n.lower == "points" || n.lower == "point"):
		return "percentage points", quantity, j + 2, true
	case t.lower == "basis" && (n.lower == "points" || n.lower == "point"):
		return "basis points", quantity, j + 2, true
	case t.lower == "bps" || t.lower == "bp":
		return "basis points", quantity, j + 1, true
	case t.text == "°" && (n.text == "C" || n.text == "F"):
		return "°" + n.text, quantity, j + 2, true
	case t.kind == word && t.glued && (t.text == "C" || t.text == "F"):
		return "°" + t.text, quantity, j + 1, true
	case t.lower == "degrees":
		switch n.lower {
		case "celsius", "c", "centigrade":
			return "°C", quantity, j + 2, true
		case "fahrenheit", "f":
			return "°F", quantity, j + 2, true
		}
		return "°", quantity, j + 1, true
	case t.text == "-" && t.glued && n.glued && n.kind == word:
		// "33-year-old", "11-year", "14-kilometre", "decade-long"
		u, ok := unitWords[n.lower]
		if !ok {
			return "", 0, 0, false
		}
		if (n.lower == "year" || n.lower == "month" || n.lower == "week" || n.lower == "day") && f.tokAt(j+2).text == "-" && f.tokAt(j+3).lower == "old" {
			return u.unit, age, j + 4, true
		}
		return u.unit, quantity, j + 2, true
	case t.kind == word && !t.glued || t.kind == word && t.glued && len(t.lower) > 1:
		if code, ok := currencyWords[t.lower]; ok {
			if t.lower == "pounds" && !v.scaled && n.lower != "sterling" {
				return "lb", quantity, j + 1, true
			}
			if t.lower == "won" && !v.scaled {
				return "", 0, 0, false
			}
			if t.lower == "dollars" || t.lower == "dollar" {
				if c, ok := dollarCountries[f.tokAt(v.lo-1).lower]; ok {
					code = c
				}
				if p := f.tokAt(j - 1); p.kind == word {
					if c, ok := dollarCountries[p.lower]; ok {
						code = c
					}
				}
			}
			return code, money, j + 1, true
		}
		// "Australian dollars", "US dollars"
		if c, ok := dollarCountries[t.lower]; ok && (n.lower == "dollars" || n.lower == "dollar") {
			return c, money, j + 2, true
		}
		if t.lower == "square" || t.lower == "cubic" {
			if u, ok := unitWords[n.lower]; ok && (u.unit == "km" || u.unit == "m" || u.unit == "mi" || u.unit == "ft") {
				if t.lower == "cubic" {
					return u.unit + "³", quantity, j + 2, true
				}
				return u.unit + "²", quantity, j + 2, true
			}
		}
		if u, ok := unitWords[t.lower]; ok {
			if t.lower == "m" && t.glued {
				return "", 0, 0, false
			}
			if t.lower == "second" || t.lower == "magnitude" {
				return "", 0, 0, false
			}
			return u.unit, quantity, j + 1, true
		}
	}
	return "", 0, 0, false
}

// factorOf returns the multiplier a unit word applies ("decades": 10).
func factorOf(w string) float64 {
	if u, ok := unitWords[w]; ok {
		return u.factor
	}
	return 1
}

// humanNouns are counted nouns whose unit is "people".
var humanNouns = map[string]bool{
	"people": true, "persons": true, "person": true, "civilians": true, "civilian": true,
	"residents": true, "children": true, "child": true, "adults": true, "women": true,
	"woman": true, "men": true, "man": true, "soldiers": true, "soldier": true, "troops": true,
	"fighters": true, "rescuers": true, "nurses": true, "doctors": true, "passengers": true,
	"patients": true, "workers": true, "employees": true, "students": true, "migrants": true,
	"refugees": true, "protesters": true, "protestors": true, "demonstrators": true,
	"delegates": true, "senators": true, "voters": true, "inhabitants": true,
	"villagers": true, "victims": true, "casualties": true, "prisoners": true,
	"detainees": true, "hostages": true, "journalists": true, "officers": true,
	"firefighters": true, "teachers": true, "pilgrims": true, "fans": true,
	"spectators": true, "members": true, "lawmakers": true, "mps": true, "deputies": true,
	"tourists": true, "visitors": true, "athletes": true, "players": true, "staff": true,
	"volunteers": true, "survivors": true, "individuals": true, "citizens": true,
	"families": false, "households": false, "boys": true, "girls": true, "babies": true,
	"infants": true, "pupils": true, "adolescents": true, "teenagers": true, "respondents": true,
	"participants": true, "attendees": true, "guests": true, "customers": true,
	"users": true, "subscribers": true, "employers": false, "police": true, "personnel": true,
	"militants": true, "rebels": true, "insurgents": true, "gunmen": true, "suspects": true,
	"dead": true, "wounded": true, "injured": true, "missing": true, "displaced": true,
	"evacuees": true, "homeless": true, "asylum": false, "seekers": true, "applicants": true, "nationals": true,
}

// peopleContext are words that make an unnamed count a count of people
// ("the death toll rose to 41", "injuring more than 300").
var peopleContext = map[string]bool{
	"toll": true, "killed": true, "killing": true, "dead": true, "died": true, "deaths": true,
	"injured": true, "injuring": true, "wounded": true, "wounding": true, "missing": true,
	"displaced": true, "fled": true, "evacuated": true, "arrested": true, "detained": true,
	"infected": true, "hurt": true, "casualties": true, "victims": true, "rescued": true,
	"hospitalised": true, "hospitalized": true, "treated": true, "died.": true,
}

// unitOfNoun returns "people" for a human noun, else the noun.
func unitOfNoun(head string, phrase []tok) string {
	if humanNouns[head] {
		return "people"
	}
	for _, t := range phrase {
		if capitalised(t.text) && (strings.HasSuffix(t.lower, "ans") || strings.HasSuffix(t.lower, "ese") || strings.HasSuffix(t.lower, "is")) {
			return "people" // "Iranians", "Sudanese", "Iraqis"
		}
	}
	return head
}
