package entity

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/textproc"
)

//go:embed gazetteer/*.txt
var gazetteerFS embed.FS

// gazList names one gazetteer list; a token's match in each list is a
// feature of the tagger and an input to the rules.
type gazList uint8

const (
	gzCountry  gazList = iota // country names
	gzPlace                   // cities, capitals, regions, seas
	gzNORP                    // demonyms, religions, other groups of people
	gzFirst                   // given names
	gzTitle                   // titles and honorifics before a name
	gzOrgWord                 // words that head or end an organisation's name
	gzOrg                     // well-known organisations and their acronyms
	gzParticle                // name particles: al, bin, von, da...
	// The lists below come from packages (see gazgen) and are features
	// of the tagger only: they are too large and loose for the rules.
	gzCity  // populated places of GeoNames
	gzGiven // English given names of Moby Word II
	gzWNPer // WordNet's people
	gzWNLoc // WordNet's places
	gzWNOrg // WordNet's organisations
	gzName  // given names and surnames of a spelling dictionary
	// Back to hand-written lists.
	gzLocWord // words that end a place's name: Valley, Sea, Province
	numGaz
)

var gazNames = [numGaz]string{"country", "place", "norp", "first", "title", "orgword", "org", "particle",
	"city", "given", "wn-per", "wn-loc", "wn-org", "name", "locword"}

// gazBits packs a token's match position in each list, 2 bits a list.
type gazBits uint32

// Match positions of a token within a gazetteer phrase.
const (
	posNone = iota
	posSingle
	posBegin
	posInside
)

// gazetteer holds the embedded lists as a trie over folded tokens.
type gazetteer struct {
	nodes    []trieNode
	children map[trieKey]int32
	// roots maps a first word to its node (children[{0, word}] too):
	// most words start no phrase, and a string-keyed map answers them
	// faster than the struct-keyed one.
	roots map[string]int32
	// demonymCountry maps a folded demonym to its country's name.
	demonymCountry map[string]string
	// countryName maps a folded country name, alias or capital-free key to
	// the country's main name.
	countryName map[string]string
	// orgAliases maps a folded organisation name or alias to its entry's
	// main name.
	orgName map[string]string
}

type trieNode struct {
	lists uint32 // bit l set when a phrase of list l ends here
}

type trieKey struct {
	parent int32
	word   string
}

var (
	gazOnce sync.Once
	gaz     *gazetteer
	gazErr  error
)

// loadGazetteer parses the embedded lists once.
func loadGazetteer() (*gazetteer, error) {
	gazOnce.Do(func() { gaz, gazErr = parseGazetteer() })
	return gaz, gazErr
}

func parseGazetteer() (*gazetteer, error) {
	g := &gazetteer{
		nodes:          []trieNode{{}},
		children:       make(map[trieKey]int32, 8192),
		roots:          make(map[string]int32, 8192),
		demonymCountry: map[string]string{},
		countryName:    map[string]string{},
		orgName:        map[string]string{},
	}
	err := eachLine("countries.txt", func(line string) error {
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			return fmt.Errorf("want name|demonyms|capitals, got %q", line)
		}
		names := splitList(parts[0])
		if len(names) == 0 {
			return fmt.Errorf("no name in %q", line)
		}
		for _, n := range names {
			g.add(n, gzCountry)
			g.countryName[foldPhrase(n)] = names[0]
		}
		for _, d := range splitList(parts[1]) {
			g.add(d, gzNORP)
			g.demonymCountry[foldPhrase(d)] = names[0]
		}
		for _, c := range splitList(parts[2]) {
			g.add(c, gzPlace)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		file string
		list gazList
	}{{"places.txt", gzPlace}, {"groups.txt", gzNORP}, {"titles.txt", gzTitle}, {"orgwords.txt", gzOrgWord}, {"locwords.txt", gzLocWord},
		{"cities.txt", gzCity}, {"givennames.txt", gzGiven}, {"wordnet-per.txt", gzWNPer}, {"wordnet-loc.txt", gzWNLoc},
		{"wordnet-org.txt", gzWNOrg}, {"personnames.txt", gzName}} {
		if err := eachLine(f.file, func(line string) error { g.add(line, f.list); return nil }); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		file string
		list gazList
	}{{"firstnames.txt", gzFirst}, {"particles.txt", gzParticle}} {
		err := eachLine(f.file, func(line string) error {
			for _, w := range strings.Fields(line) {
				g.add(w, f.list)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err = eachLine("orgs.txt", func(line string) error {
		names := splitList(line)
		for _, n := range names {
			g.add(n, gzOrg)
			g.orgName[foldPhrase(n)] = names[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func eachLine(name string, fn func(string) error) error {
	f, err := gazetteerFS.Open("gazetteer/" + name)
	if err != nil {
		return fmt.Errorf("gazetteer %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("gazetteer %s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer %s: %w", name, err)
	}
	return nil
}

// add inserts a phrase into the trie under list l.
func (g *gazetteer) add(phrase string, l gazList) {
	node := int32(0)
	for _, t := range tokenize(phrase) {
		w := gazWord(t.text)
		if w == "" {
			continue
		}
		k := trieKey{node, w}
		next, ok := g.children[k]
		if !ok {
			next = int32(len(g.nodes))
			g.nodes = append(g.nodes, trieNode{})
			g.children[k] = next
			if node == 0 {
				g.roots[w] = next
			}
		}
		node = next
	}
	if node != 0 {
		g.nodes[node].lists |= 1 << l
	}
}

// gazWord is the key of a token in the trie: folded, without a trailing
// full stop ("Dr." and "Dr" match alike); punctuation other than commas
// and full stops is kept so that phrases stay exact.
func gazWord(w string) string {
	f := norm(w)
	if len(f) > 1 {
		f = strings.TrimSuffix(f, ".")
	}
	return f
}

// foldPhrase is a phrase's key: its gazWords joined by spaces.
func foldPhrase(s string) string {
	var b strings.Builder
	for _, t := range tokenize(s) {
		w := gazWord(t.text)
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// norm is a token's folded form: textproc.Fold, or the lower-cased token
// when folding leaves nothing (a lone "'s").
func norm(w string) string {
	if f := textproc.Fold(w); f != "" {
		return f
	}
	return strings.ToLower(w)
}

// match marks, for each token and list, whether the token is the single
// word, the first word or a later word of a phrase in that list, taking
// the longest phrase first, left to right. words are gazWords. The result
// packs 2 bits per list.
func (g *gazetteer) match(words []string, out []gazBits) {
	n := len(words)
	for i := range out[:n] {
		out[i] = 0
	}
	var longest [numGaz]int
	var covered [numGaz]int // first token not yet covered, per list
	for i := 0; i < n; i++ {
		for l := range longest {
			longest[l] = -1
		}
		node := int32(0)
		for j := i; j < n && j-i < 8; j++ {
			next, ok := g.child(node, words[j])
			if !ok {
				break
			}
			node = next
			if lists := g.nodes[node].lists; lists != 0 {
				for l := gazList(0); l < numGaz; l++ {
					if lists&(1<<l) != 0 {
						longest[l] = j
					}
				}
			}
		}
		for l := gazList(0); l < numGaz; l++ {
			if longest[l] < 0 || i < covered[l] {
				continue
			}
			end := longest[l]
			if end == i {
				out[i] |= gazBits(posSingle) << (2 * l)
			} else {
				out[i] |= gazBits(posBegin) << (2 * l)
				for k := i + 1; k <= end; k++ {
					out[k] |= gazBits(posInside) << (2 * l)
				}
			}
			covered[l] = end + 1
		}
	}
}

// child returns the trie node under node for word w.
func (g *gazetteer) child(node int32, w string) (int32, bool) {
	if node == 0 {
		n, ok := g.roots[w]
		return n, ok
	}
	n, ok := g.children[trieKey{node, w}]
	return n, ok
}

// gazPos returns a token's position code in list l.
func gazPos(bits gazBits, l gazList) int { return int(bits>>(2*l)) & 3 }

// has reports whether a folded single word is a whole entry of list l.
func (g *gazetteer) has(word string, l gazList) bool {
	next, ok := g.roots[word]
	return ok && g.nodes[next].lists&(1<<l) != 0
}

// hasPhrase reports whether a phrase is a whole entry of list l.
func (g *gazetteer) hasPhrase(phrase string, l gazList) bool {
	node := int32(0)
	for _, t := range tokenize(phrase) {
		w := gazWord(t.text)
		if w == "" {
			continue
		}
		next, ok := g.child(node, w)
		if !ok {
			return false
		}
		node = next
	}
	return node != 0 && g.nodes[node].lists&(1<<l) != 0
}

// isCapitalised reports whether w begins with an upper-case letter.
func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// IsTitleWord reports whether a word is, alone, a title or honorific of
// the embedded list ("President", "Minister", "Mr"). The training command
// uses it to cut titles out of re3d's person spans.
func IsTitleWord(w string) bool {
	g, err := loadGazetteer()
	return err == nil && g.has(gazWord(w), gzTitle)
}
