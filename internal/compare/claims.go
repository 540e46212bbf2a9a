package compare

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate/claim"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/textproc"
)

// Grouping thresholds.
const (
	// maxRatio is the largest ratio of two figures of one quantity.
	maxRatio = 4.0
	// minMeasureOverlap is the share of the smaller measure's words the
	// other must hold.
	minMeasureOverlap = 0.5
	// minUpdateGap is the least time between two reports for the later to
	// supersede the earlier.
	minUpdateGap = time.Hour
)

// synonyms fold the stems of words that count the same thing.
var synonyms = map[string]string{
	"kill": "death", "die": "death", "dead": "death", "death": "death", "live": "death",
	"life": "death", "fatal": "death", "toll": "death", "perish": "death", "casualti": "death",
	"injur": "injur", "injuri": "injur", "wound": "injur", "hurt": "injur",
	"displac": "displac", "flee": "displac", "fled": "displac", "refuge": "displac",
	"evacu": "evacu", "home": "home", "hous": "home", "build": "home", "dwell": "home",
	"cost": "cost", "worth": "cost", "valu": "cost", "price": "cost",
	"rise": "rise", "rose": "rise", "increas": "rise", "grew": "rise", "grow": "rise", "growth": "rise",
	"jump": "rise", "climb": "rise", "fell": "fall", "fall": "fall", "drop": "fall", "declin": "fall",
	"miss": "miss", "unaccount": "miss", "arrest": "arrest", "detain": "arrest", "held": "arrest",
	"kilometr": "distanc", "kilomet": "distanc", "mile": "distanc", "long": "distanc", "length": "distanc",
	"inflat": "inflat", "unemploy": "unemploy", "jobless": "unemploy",
	"attend": "attend", "protest": "protest", "demonstr": "protest", "marcher": "protest",
	"magnitud": "magnitud", "quak": "magnitud", "earthquak": "magnitud", "tremor": "magnitud",
	"bodi": "death", "corps": "death", "drown": "death",
}

// agentSuffixes make a noun of the one who does a thing: "docker" is one
// who works at the docks, and counts with "dock workers".
var agentSuffixes = []string{"er", "or", "ist", "ian"}

// agentBase folds an agent noun's stem onto its base ("docker" → "dock",
// "investor" → "invest") when the base keeps four letters or more.
func agentBase(stem string) string {
	for _, suf := range agentSuffixes {
		if b, ok := strings.CutSuffix(stem, suf); ok && len(b) >= 4 {
			return b
		}
	}
	return stem
}

// generic words say nothing about what a figure counts.
var generic = map[string]bool{
	"peopl": true, "person": true, "number": true, "share": true, "total": true, "figur": true,
	"least": true, "about": true, "some": true, "year": true, "month": true, "day": true,
	"week": true, "countri": true, "s": true, "new": true, "far": true, "so": true, "now": true,
}

// measure is a claim's measure as words: all of them, and split into
// the head (what is counted and the verb: "people killed") and the
// modifiers that follow, by the word that opens each ("in": the coastal
// towns; "by": Hurricane Delia).
type measure struct {
	all  map[string]bool
	head map[string]bool
	mods map[string]map[string]bool
}

// modifierWords open a modifier of a measure.
var modifierWords = map[string]bool{
	"in": true, "at": true, "on": true, "across": true, "near": true, "by": true, "from": true,
	"during": true, "since": true, "after": true, "when": true, "under": true, "along": true,
	"inside": true, "outside": true, "throughout": true, "within": true, "around": true,
	"between": true, "before": true, "into": true, "through": true, "of": true,
}

func measureWords(m string) map[string]bool { return parseMeasure(m).all }

func parseMeasure(m string) measure {
	out := measure{all: make(map[string]bool), head: make(map[string]bool)}
	cur := out.head
	for _, t := range textproc.Tokens(m) {
		if modifierWords[t.Norm] {
			if out.mods == nil {
				out.mods = make(map[string]map[string]bool)
			}
			if out.mods[t.Norm] == nil {
				out.mods[t.Norm] = make(map[string]bool)
			}
			cur = out.mods[t.Norm]
			continue
		}
		if t.Norm == "" || textproc.IsStopWord(t.Norm) || t.Numeric {
			continue
		}
		s := textproc.Stem(t.Norm)
		if syn, ok := synonyms[s]; ok {
			s = syn
		} else if syn, ok := synonyms[t.Norm]; ok {
			s = syn
		} else {
			s = agentBase(s)
		}
		if generic[s] {
			continue
		}
		out.all[s] = true
		cur[s] = true
	}
	return out
}

// sameHead reports whether two measures count the same thing by their
// heads when their modifiers tell different things about it: "people
// killed in the coastal towns" and "people killed by Hurricane Delia".
// The heads must share half the smaller one's words, and no modifier
// both have may differ wholly ("killed in the capital" is not "killed in
// the coastal towns"). It returns the heads' overlap, or 0.
func sameHead(a, b measure) float64 {
	ov, n := overlap(a.head, b.head)
	if n == 0 || ov < minMeasureOverlap {
		return 0
	}
	for w, x := range a.mods {
		if y, ok := b.mods[w]; ok && len(x) > 0 && len(y) > 0 {
			if _, k := overlap(x, y); k == 0 {
				return 0
			}
		}
	}
	return ov
}

// clash reports whether two measures say different things after the
// same modifier word: "age of Dragan Petrovic" and "age of woman" are
// two people's ages, whatever else they share.
func clash(a, b measure) bool {
	for w, x := range a.mods {
		if y, ok := b.mods[w]; ok && len(x) > 0 && len(y) > 0 {
			if _, k := overlap(x, y); k == 0 {
				return true
			}
		}
	}
	return false
}

func overlap(a, b map[string]bool) (float64, int) {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0, 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(len(a)), n
}

// peopleNouns are counted nouns that stand for people: a count of them is
// a count of people ("63 bodies", "3,000 dockers").
var peopleNouns = map[string]bool{
	"people": true, "persons": true, "civilians": true, "residents": true, "victims": true,
	"fighters": true, "soldiers": true, "children": true, "migrants": true, "refugees": true,
	"bodies": true, "corpses": true, "dead": true, "dockers": true, "miners": true,
	"farmers": true, "strikers": true, "marchers": true, "sailors": true, "fishermen": true,
	"medics": true, "crew": true, "settlers": true, "climbers": true, "hikers": true,
	"commuters": true, "inmates": true, "guards": true, "nurses": true, "doctors": true,
	"workers": true, "passengers": true, "protesters": true, "demonstrators": true,
}

// unitKey folds a claim's unit: counted nouns that stand for people are
// people.
func unitKey(u string) string {
	u = strings.ToLower(u)
	if peopleNouns[u] {
		return "people"
	}
	return u
}

// sameFigure reports whether two claims state the same figure.
func sameFigure(a, b news.Claim) bool {
	return sameValue(a.Low, b.Low) && sameValue(a.High, b.High)
}

func closeMagnitude(a, b news.Claim) bool {
	x, y := math.Abs(a.Value), math.Abs(b.Value)
	if x == 0 || y == 0 {
		return x == y
	}
	return math.Max(x, y)/math.Min(x, y) <= maxRatio
}

// addClaim puts a claim into the group that counts the same thing, or
// into a group of its own. A group is a candidate when it has the same
// unit, no claim of the claim's article, and a figure within maxRatio of
// the claim's. Its score is the best of: the share of measure words it
// shares (minMeasureOverlap at least); half the overlap of the heads of
// one of its claims' measures when no modifier differs (sameHead); for a
// group holding the very same figure, half the share of measure words it
// shares, however small ("about 4,500 residents ordered to leave their
// homes near Castelo", "some 4,500 people evacuated from villages around
// Castelo"); and, when neither measure says anything, a small score for
// the very same figure ("for nine days" twice).
func (b *Builder) addClaim(r ClaimRef) {
	m := parseMeasure(r.Claim.Measure)
	unit := unitKey(r.Claim.Unit)
	best, bestScore := -1, 0.0
	// Only groups of the same unit can take the claim; they are looked
	// at in the order they were made, so the first best group wins.
	for _, i := range b.byUnit[unit] {
		g := &b.claims[i]
		if slices.ContainsFunc(g.Claims, func(c ClaimRef) bool { return c.ArticleID == r.ArticleID }) {
			continue
		}
		if !slices.ContainsFunc(g.Claims, func(c ClaimRef) bool { return closeMagnitude(c.Claim, r.Claim) }) {
			continue
		}
		if slices.ContainsFunc(g.measures, func(o measure) bool { return clash(o, m) }) {
			continue
		}
		score := 0.0
		if ov, n := overlap(g.words, m.all); n > 0 && ov >= minMeasureOverlap {
			score = ov
		}
		for _, o := range g.measures {
			score = max(score, sameHead(o, m)/2)
		}
		// the very same figure needs less: one measure word in common
		if ov, n := overlap(g.words, m.all); n > 0 &&
			slices.ContainsFunc(g.Claims, func(c ClaimRef) bool { return sameFigure(c.Claim, r.Claim) }) {
			score = max(score, ov/2)
		}
		if len(g.words) == 0 && len(m.all) == 0 && r.Claim.Unit != "" &&
			slices.ContainsFunc(g.Claims, func(c ClaimRef) bool { return sameFigure(c.Claim, r.Claim) }) {
			score = max(score, emptyMeasureScore)
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		if b.byUnit == nil {
			b.byUnit = make(map[string][]int)
		}
		b.byUnit[unit] = append(b.byUnit[unit], len(b.claims))
		b.claims = append(b.claims, ClaimGroup{Measure: r.Claim.Measure, Unit: r.Claim.Unit, Claims: []ClaimRef{r},
			words: maps.Clone(m.all), measures: []measure{m}})
		return
	}
	g := &b.claims[best]
	g.Claims = append(g.Claims, r)
	g.classified = nil
	if g.Measure == "" {
		g.Measure = r.Claim.Measure
	}
	for w := range m.all {
		g.words[w] = true
	}
	g.measures = append(g.measures, m)
}

// emptyMeasureScore is the score of a group for a claim when neither
// says what it measures and both state the same figure in the same unit.
const emptyMeasureScore = 0.01

// classify sets a group's class, sources, attributions and reason.
func classify(g *ClaimGroup) {
	g.Sources = nil
	for _, c := range g.Claims {
		if !slices.Contains(g.Sources, c.Source) {
			g.Sources = append(g.Sources, c.Source)
		}
	}
	g.Attributions, g.AttributionsDiffer = attributions(g.Claims)
	// Reprints repeat their original's figure: the class is decided by
	// the independent reports alone, and the reason names the copies.
	own, copies := independent(g.Claims)
	if len(own) < 2 {
		g.Class = Single
		g.Reason = sayClaims(own) + attributionNote(g) + reprintNote(copies)
		if len(g.Sources) == 1 || len(copies) > 0 {
			g.Reason = "only " + g.Reason
		}
		return
	}
	var why string
	switch {
	case allSame(own):
		g.Class, why = Agree, "the figures agree"
	case rising(own) && tally(own):
		g.Class, why = Update, "the figure rises with each later report, so the later figures update the earlier ones"
	case falling(own) && missing(own):
		g.Class, why = Update, "the number of missing falls with each later report as people are found, so the later figures update the earlier ones"
	case allCompatible(own):
		g.Class = Compatible
		if allRounded(own) && spread(own) <= maxRoundingSpread {
			why = "one figure rounds the other, so the figures differ without contradicting"
		} else {
			why = "the ranges overlap, so the figures differ without contradicting"
		}
	default:
		g.Class, why = Contradict, "the ranges do not overlap, so the figures contradict each other"
	}
	g.Reason = sayClaims(own) + ": " + why + attributionNote(g) + reprintNote(copies)
}

// independent splits a group's claims into those of original reports and
// those of reprints. When every claim is a reprint's (the original is in
// another story, or trimmed the figure), they all count as reports.
func independent(cs []ClaimRef) (own, copies []ClaimRef) {
	for _, c := range cs {
		if c.Reprint {
			copies = append(copies, c)
		} else {
			own = append(own, c)
		}
	}
	if len(own) == 0 {
		return copies, nil
	}
	return own, copies
}

// reprintNote names the outlets whose figure is a reprinted copy.
func reprintNote(copies []ClaimRef) string {
	if len(copies) == 0 {
		return ""
	}
	var names []string
	for _, c := range copies {
		if !slices.Contains(names, c.Source) {
			names = append(names, c.Source)
		}
	}
	return "; " + joinAnd(names) + " reprint" + map[bool]string{true: "s", false: ""}[len(names) == 1] + " a copy"
}

func sameValue(x, y float64) bool {
	return x == y || math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
}

func allSame(cs []ClaimRef) bool {
	for _, c := range cs[1:] {
		a, b := cs[0].Claim, c.Claim
		if !sameValue(a.Low, b.Low) || !sameValue(a.High, b.High) {
			return false
		}
		if a.Hedge != b.Hedge && (a.Hedge == string(claim.Below) && b.Hedge == string(claim.Above) ||
			a.Hedge == string(claim.Above) && b.Hedge == string(claim.Below)) {
			return false
		}
	}
	return true
}

// rising reports whether the figures, in publication order, rise with
// reports at least minUpdateGap apart, the latest being the highest.
func rising(cs []ClaimRef) bool { return monotone(cs, 1) }

// falling reports whether the figures, in publication order, fall with
// reports at least minUpdateGap apart, the latest being the lowest.
func falling(cs []ClaimRef) bool { return monotone(cs, -1) }

// missing reports whether a group counts the missing, a tally that falls
// as people are found.
func missing(cs []ClaimRef) bool {
	for _, c := range cs {
		if measureWords(c.Claim.Measure)["miss"] {
			return true
		}
	}
	return false
}

// monotone reports whether the figures, in publication order, move in
// direction dir (1 rising, -1 falling) with reports at least
// minUpdateGap apart, the latest being the furthest.
func monotone(cs []ClaimRef, dir float64) bool {
	s := slices.Clone(cs)
	slices.SortStableFunc(s, func(a, b ClaimRef) int { return a.Published.Compare(b.Published) })
	if s[0].Published.IsZero() || s[len(s)-1].Published.Sub(s[0].Published) < minUpdateGap {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i].Published.Sub(s[i-1].Published) < minUpdateGap {
			if !sameValue(s[i].Claim.Value, s[i-1].Claim.Value) {
				return false // two reports at one time that differ are not an update
			}
			continue
		}
		if dir*(s[i].Claim.Value-s[i-1].Claim.Value) < 0 {
			return false
		}
	}
	return dir*(s[len(s)-1].Claim.Value-s[0].Claim.Value) > 0
}

// tallyWords are measure words (stemmed, folded by synonyms) of running
// tallies, which later reports raise: the dead, injured, displaced,
// evacuated, arrested, missing, infected, rescued; homes destroyed or
// damaged; land burned.
var tallyWords = map[string]bool{
	"death": true, "injur": true, "displac": true, "evacu": true, "arrest": true, "miss": true,
	"infect": true, "case": true, "rescu": true, "destroy": true, "damag": true, "burn": true,
	"burnt": true, "hospitalis": true, "hospit": true, "detain": true,
}

// tally reports whether a group counts a running tally: only then do
// figures that rise with later reports update each other (a crowd put at
// 5,000 and then at 15,000, or a strike of 48 hours and then of 72, are
// reports that disagree).
func tally(cs []ClaimRef) bool {
	for _, c := range cs {
		for w := range measureWords(c.Claim.Measure) {
			if tallyWords[w] {
				return true
			}
		}
	}
	return false
}

func toClaim(c news.Claim) claim.Claim {
	return claim.Claim{Value: c.Value, Low: c.Low, High: c.High, Hedge: claim.Hedge(c.Hedge), Unit: unitKey(c.Unit)}
}

func allCompatible(cs []ClaimRef) bool {
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if !claim.Compatible(toClaim(cs[i].Claim), toClaim(cs[j].Claim)) && !rounds(cs[i].Claim.Value, cs[j].Claim.Value) {
				return false
			}
		}
	}
	return true
}

// maxRoundingSpread is the largest relative difference rounding explains.
const maxRoundingSpread = 0.05

// spread is the relative difference of the group's extreme figures.
func spread(cs []ClaimRef) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range cs {
		lo, hi = math.Min(lo, c.Claim.Value), math.Max(hi, c.Claim.Value)
	}
	if hi == 0 {
		return 0
	}
	return (hi - lo) / math.Abs(hi)
}

func allRounded(cs []ClaimRef) bool {
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if !rounds(cs[i].Claim.Value, cs[j].Claim.Value) {
				return false
			}
		}
	}
	return true
}

// rounds reports whether one figure is the other rounded to its
// precision ("1.2 million" and "1,230,000"; "6%" and "5.8%").
func rounds(x, y float64) bool {
	if sameValue(x, y) {
		return true
	}
	px, py := precision(x), precision(y)
	if px < py {
		x, y, px, py = y, x, py, px
	}
	// x is the coarser figure.
	return sameValue(math.Round(y/px)*px, x)
}

// precision is the largest power of ten x is a multiple of.
func precision(x float64) float64 {
	x = math.Abs(x)
	if x == 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for p > 1e-6 {
		if r := x / p; math.Abs(r-math.Round(r)) < 1e-6 {
			return p
		}
		p /= 10
	}
	return p
}

// sayClaims lists who says what: "000 says nearly 400,000 (just under
// 400,000) and 004 says over 350,000 (above 350,000)".
func sayClaims(cs []ClaimRef) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Source + " says " + c.Claim.Text
		if p := paraphrase(c.Claim); p != "" && !strings.EqualFold(p, c.Claim.Text) {
			parts[i] += " (" + p + ")"
		}
	}
	return joinAnd(parts)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// paraphrase says a claim's figure with its hedge in plain words.
func paraphrase(c news.Claim) string {
	v := number(c.Low)
	if c.Low != c.High {
		v = number(c.Low) + " to " + number(c.High)
	}
	switch c.Unit {
	case "%":
		v += "%"
	case "":
	case "people":
	default:
		if len(c.Unit) == 3 && strings.ToUpper(c.Unit) == c.Unit {
			v = c.Unit + " " + v
		} else {
			v += " " + c.Unit
		}
	}
	switch claim.Hedge(c.Hedge) {
	case claim.Below:
		return "just under " + v
	case claim.Above:
		return "above " + v
	case claim.Around:
		return "about " + v
	}
	return v
}

// number writes x with thousands separators and at most two decimals.
func number(x float64) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// attributionSuffixes are words after a source's name that do not change
// the source ("UN numbers", "ministry figures").
var attributionSuffixes = []string{"numbers", "figures", "data", "estimates", "estimate", "statistics", "count", "tally", "report", "officials", "sources"}

// foldAttribution reduces "the UN" and "UN numbers" to "UN".
func foldAttribution(a string) string {
	a = strings.TrimSpace(a)
	for _, p := range []string{"the ", "The "} {
		a = strings.TrimPrefix(a, p)
	}
	for {
		i := strings.LastIndexByte(a, ' ')
		if i < 0 || !slices.Contains(attributionSuffixes, strings.ToLower(a[i+1:])) {
			break
		}
		a = a[:i]
	}
	a = strings.TrimSuffix(strings.TrimSuffix(a, "'s"), "’s")
	return a
}

func attributions(cs []ClaimRef) ([]string, bool) {
	var out []string
	missing := false
	for _, c := range cs {
		a := foldAttribution(c.Claim.Attribution)
		if a == "" {
			missing = true
			continue
		}
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, a) }) {
			out = append(out, a)
		}
	}
	return out, len(out) > 1 || len(out) == 1 && missing
}

func attributionNote(g *ClaimGroup) string {
	switch {
	case len(g.Attributions) == 0:
		return ""
	case len(g.Claims) == 1:
		return ", citing " + the(g.Attributions[0])
	case !g.AttributionsDiffer:
		if len(g.Claims) == 2 {
			return "; both cite " + the(g.Attributions[0])
		}
		return "; all cite " + the(g.Attributions[0])
	}
	var parts []string
	for _, c := range g.Claims {
		a := foldAttribution(c.Claim.Attribution)
		if a == "" {
			parts = append(parts, c.Source+" cites no source")
		} else {
			parts = append(parts, c.Source+" cites "+the(a))
		}
	}
	return "; the attributions differ: " + joinAnd(parts)
}

// the puts "the" before an acronym or organisation name ("the UN").
func the(a string) string {
	if a == "" {
		return a
	}
	if strings.ToUpper(a) == a && len(a) <= 6 || strings.ContainsAny(a[:1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		(strings.Contains(a, "Ministry") || strings.Contains(a, "Organization") || strings.Contains(a, "Organisation") ||
			strings.Contains(a, "Agency") || strings.Contains(a, "Office") || strings.Contains(a, "Department")) {
		return "the " + a
	}
	return a
}

func itoa(x int64) string { return strconv.FormatInt(x, 10) }
