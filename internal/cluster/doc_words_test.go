package cluster

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/textproc"
)

// tableModel is what a scratch's word cache must behave as: a map from
// each word as written to its number, assigned in order of first meeting
// from 1, for as long as the table has room; words met when it has none
// are loose, with a number of their own per occurrence.
type tableModel struct {
	numbers map[string]int32
}

// checkWords looks up each word of words, placed in text at a distance
// from its end that varies, on sc, and checks the answers against the
// model m. Every `article` words it starts a new article, so that the
// table grows.
func checkWords(t *testing.T, sc *scratch, m *tableModel, words []string, article int) {
	t.Helper()
	for i, w := range words {
		if i%article == 0 {
			sc.begin()
		}
		// Put the word after some text and before 0 to 20 bytes of
		// text, so that it is read both whole and near the end.
		s := "x " + w + strings.Repeat("!", i%21)
		sp := textproc.Span{Start: 2, End: 2 + len(w)}
		wd, ref := sc.wordAt(s, &sp)
		if textproc.Fold(w) == "" {
			if wd != nil {
				t.Fatalf("word %q folds to nothing, but wordAt returned an entry", w)
			}
			continue
		}
		if wd == nil {
			t.Fatalf("wordAt(%q) = nil", w)
		}
		if got, norm := sc.surface(ref), sc.norm(ref); got != w || norm != textproc.Fold(w) || wd.norm != norm {
			t.Fatalf("wordAt(%q): text %q, fold %q, entry's fold %q", w, got, norm, wd.norm)
		}
		want, cached := m.numbers[w]
		switch {
		case cached && ref != want:
			t.Fatalf("wordAt(%q): word %d, first met as %d", w, ref, want)
		case cached:
		case ref > 0:
			if ref != int32(len(m.numbers)+1) {
				t.Fatalf("wordAt(%q): new word %d, want %d", w, ref, len(m.numbers)+1)
			}
			if len(w) > maxCachedWordLen {
				t.Fatalf("wordAt(%q): a word of %d bytes is cached", w, len(w))
			}
			m.numbers[w] = ref
		case len(w) <= maxCachedWordLen && !sc.table.full():
			t.Fatalf("wordAt(%q): loose while the table has room", w)
		}
		if ref > 0 && wd != &sc.table.entries[ref] {
			t.Fatalf("wordAt(%q): the entry is not word %d's", w, ref)
		}
	}
}

// tableWords are words that differ only where a hash table can slip:
// past the 16 bytes an entry holds, in their length alone, at the
// cache's length bound, and in case.
func tableWords() []string {
	long := "abcdefghijklmnop"
	ws := []string{"a", "A", "ab", "abcdefgh", "abcdefghi", long, long + "q", long + "r", long + "qq",
		long + "rr", long + long, long + long + "s", strings.Repeat("y", maxCachedWordLen),
		strings.Repeat("y", maxCachedWordLen+1), strings.Repeat("y", maxCachedWordLen-1), "ʼ", "Raïsi", "RAÏSI",
		"2026", "1999", "Monday", "monday", "Iran's", "x'", "'s"}
	for i := range 40 {
		ws = append(ws, fmt.Sprintf("%s%02d", long, i), fmt.Sprintf("w%d", i))
	}
	return ws
}

func TestWordTable(t *testing.T) {
	ws := tableWords()
	for _, article := range []int{1, 7, 1000} {
		sc := newScratch()
		// An index of 8 slots grows at once, and is full within an
		// article of seven new words.
		sc.table.init(8)
		m := &tableModel{numbers: map[string]int32{}}
		for range 3 {
			checkWords(t, sc, m, ws, article)
		}
		if len(sc.table.index) < 2*sc.table.len() && article < 1000 {
			t.Errorf("article %d: %d words in %d slots", article, sc.table.len(), len(sc.table.index))
		}
	}
}

func FuzzWordTable(f *testing.F) {
	f.Add([]byte(strings.Join(tableWords(), " ")), uint8(3))
	f.Add([]byte("a b a b ab ba"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, article uint8) {
		var ws []string
		for w := range bytes.FieldsSeq(data) {
			ws = append(ws, string(w))
		}
		sc := newScratch()
		sc.table.init(8)
		m := &tableModel{numbers: map[string]int32{}}
		for range 2 {
			checkWords(t, sc, m, ws, int(article)+1)
		}
	})
}

// TestProbeAllMatchesKeyOf checks that the two ways of reading a word,
// two masked loads (probeAll) and byte by byte (keyOf, which places new
// words), agree on every length up to 16 bytes, whatever follows.
func TestProbeAllMatchesKeyOf(t *testing.T) {
	const text = "The9 quick-brown FOX; jumps\xffover the lazy dog's 1,234 tails\x00 and\ttabs"
	sc := newScratch()
	n := 0
	for start := 0; start < len(text); start++ {
		for end := start + 1; end <= start+16 && end <= len(text); end++ {
			if n%50 == 0 {
				sc.begin()
			}
			n++
			sp := textproc.Span{Start: start, End: end}
			if _, ref := sc.wordAt(text, &sp); ref <= 0 {
				continue // folds to nothing, or loose
			}
			k := keyOf(text, start, end)
			w, _ := sc.table.find(text, start, end, &k)
			if w <= 0 {
				t.Fatalf("%q: cached, but find does not find it", text[start:end])
			}
			// Read the word again, from a copy followed by other text.
			c := text[start:end] + strings.Repeat("\xaa", 16)
			keys := sc.table.probeAll(c, []textproc.Span{{Start: 0, End: end - start}}, nil)
			if keys[0].want != 0 || int32(keys[0].slot) != w {
				t.Fatalf("%q: probeAll and find disagree", text[start:end])
			}
		}
	}
}
