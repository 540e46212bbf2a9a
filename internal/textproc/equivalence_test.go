package textproc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/clipperhouse/uax29/v2/words"
)

// segments lists the segments nextSegment gives for s.
func segments(s string) []string {
	var out []string
	it := words.FromString("")
	for pos := 0; pos < len(s); {
		end := nextSegment(it, s, pos)
		out = append(out, s[pos:end])
		pos = end
	}
	return out
}

// checkSame fails the test when AppendTokens, AppendSpans or the segments
// behind them differ from the reference on s.
func checkSame(t *testing.T, s string) {
	t.Helper()
	if got, want := segments(s), referenceSegments(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("segments of %q = %q, want %q", s, got, want)
	}
	want := referenceTokens(s)
	got := AppendTokens(nil, s)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokens of %q =\n%+v, want\n%+v", s, got, want)
	}
	var ws []Token
	for _, sp := range AppendSpans(nil, s) {
		w := sp.Token(s)
		if w.Norm = Fold(w.Text); w.Norm != "" {
			ws = append(ws, w)
		}
	}
	if !reflect.DeepEqual(ws, want) {
		t.Fatalf("folded AppendSpans(%q) =\n%+v, want\n%+v", s, ws, want)
	}
}

// equivalenceTexts are written to exercise the segmentation rules: words
// joined by full stops, commas, colons and apostrophes, figures, runs of
// spaces, line ends, quotes and non-ASCII letters, marks and punctuation.
var equivalenceTexts = []string{
	"",
	" ",
	"a",
	"The Port of Lisbon’s dockers ended a 12-day strike. Officials said 3.5 million tonnes waited.",
	"U.S. officials met in Washington, D.C., on Jan. 5; the talks ended at 10:30 p.m. local time.",
	"Iran's envoy and the workers' union: 1,200,000 people, 4.5% growth, $3.2bn (2011).",
	"snake_case and __init__ and a_1 and 9_b_",
	"  two  spaces,   three   spaces,\tand a tab\r\nand CRLF\rCR\nLF\v\f.",
	"Raïsi met Erdoğan in Ankara; São Paulo and Zürich sent ÉLAN Straße reporters.",
	"e\u0301cole, cafe\u0301. a.\u0301b 1.\u03012 x \u0301y \u200dz \u00adsoft",
	"“Quoted”—dash…and «guillemets» and ‘single’ quotes and rock ’n’ roll",
	"emoji 👍🏽 flags 🇫🇷🇩🇪 and 日本語のテキスト カタカナ and עברית\"ה and 한국어",
	"trailing apostrophe' and colon: and semicolon; and comma, and stop.",
	"a.b.c a:b a'b a,b a;b 1.2 1,2 1:2 1'2 1;2 a.1 1.a a..b 1,,2",
	"ends with a dot.",
	"ends with digits 2024",
	"\xff\xfe broken \x00 bytes \xe2\x80",
	"It was 1999! Was it? Yes: \"in 2001\" they said.\nNew line here",
	"a lone ʼ modifier apostrophe, Cairoʼs and ʼs",
	"Words of 7 8 9 and 16 letters: abcdefg Abcdefgh abcdefghi abcdefghijklmnop abcdefghijklmnopq, 1234567 12345678 a2345678b abcdefghijklmno9. End abcdefghijklmnopqrstuvwxyz0",
	"Counterinsurgency.Counterinsurgency counterinsurgencies'_x abcdefgh,ijklmnop abcdefghé abcdefgh\u0301 abcdefgh  abcdefgh",
}

func TestTokensMatchReference(t *testing.T) {
	for _, s := range equivalenceTexts {
		checkSame(t, s)
		checkSame(t, strings.ToUpper(s))
	}
	// Long texts, read over many buffers.
	all := strings.Join(equivalenceTexts, " ")
	for n := 1; n <= 5; n++ {
		checkSame(t, strings.Repeat(all, n))
		checkSame(t, strings.Repeat("word ", 60*n+3))
	}
}

// TestSegmentsExhaustive compares segmentation with the uax29 iterator on
// every string of up to three characters drawn from all of ASCII and a few
// non-ASCII letters, marks and spaces.
func TestSegmentsExhaustive(t *testing.T) {
	var alphabet []string
	for c := 0; c < 128; c++ {
		alphabet = append(alphabet, string(rune(c)))
	}
	alphabet = append(alphabet, "é", "\u0301", "\u200d", "\u00ad", "’", "\u3000", "カ", "\xe2", "\xff")
	n := 3
	if testing.Short() {
		n = 2
	}
	idx := make([]int, n)
	var b strings.Builder
	for length := 1; length <= n; length++ {
		for i := range idx {
			idx[i] = 0
		}
		for {
			b.Reset()
			for _, k := range idx[:length] {
				b.WriteString(alphabet[k])
			}
			s := b.String()
			if got, want := segments(s), referenceSegments(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("segments of %q = %q, want %q", s, got, want)
			}
			i := 0
			for ; i < length; i++ {
				if idx[i]++; idx[i] < len(alphabet) {
					break
				}
				idx[i] = 0
			}
			if i == length {
				break
			}
		}
	}
}

// TestBlocksMatchReference checks the reading of plain ASCII a block at
// a time (asciiWords) on every string of up to two characters drawn
// from all of ASCII and a few non-ASCII letters, marks and spaces, and
// of three from the characters that join, end or break words, placed
// across a block's end and within one, between words and runs of
// letters and digits.
func TestBlocksMatchReference(t *testing.T) {
	var all []string
	for c := 0; c < 128; c++ {
		all = append(all, string(rune(c)))
	}
	all = append(all, "é", "\u0301", "\u200d", "’", "\u3000", "カ", "\xff")
	some := []string{"a", "Z", "7", ".", ",", ";", ":", "'", "_", " ", "!", "\"", "\n", "-", "é", "’"}
	var middles []string
	for _, a := range all {
		for _, b := range all {
			middles = append(middles, a+b)
		}
	}
	for _, a := range some {
		for _, b := range some {
			for _, c := range some {
				middles = append(middles, a+b+c)
			}
		}
	}
	if testing.Short() {
		middles = middles[:len(all)]
	}
	const words = "The 9 quick brown FOXES jumped over 12 lazy dogs again and again and again. "
	for _, at := range []int{0, 1, 59, 60, 61, 62, 63} {
		prefix := strings.Repeat(words, 2)[:at]
		for _, m := range middles {
			checkSame(t, prefix+"ab"+m+"cd1"+m+"9 "+words)
		}
	}
}

func FuzzTokensMatchReference(f *testing.F) {
	for _, s := range equivalenceTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSame(t, s)
		// Repeated past a block, for asciiWords to read.
		checkSame(t, strings.Repeat(s+" ", 1+2*blockLen/(len(s)+1)))
	})
}

// TestAlnumBytes checks the eight-at-once byte classes against asciiClass
// for every byte value at every position, among neighbours of each kind,
// and asciiAlnumBytes against alnumBytes where all are ASCII.
func TestAlnumBytes(t *testing.T) {
	for _, fill := range []byte{'a', 'Z', '5', ' ', '.', 0x80, 0xff, 0} {
		for pos := range 8 {
			for c := range 256 {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				x := load64(string(b[:]))
				alnum, digit := alnumBytes(x)
				if x&highBits == 0 {
					if a, d := asciiAlnumBytes(x); a != alnum || d != digit {
						t.Fatalf("%q: asciiAlnumBytes = %x, %x, alnumBytes %x, %x", b, a, d, alnum, digit)
					}
				}
				for i, x := range b {
					cl := asciiClass[x]
					if got, want := alnum>>(8*i+7)&1 == 1, cl != 0; got != want {
						t.Fatalf("%q: byte %d alnum = %v, want %v", b, i, got, want)
					}
					if got, want := digit>>(8*i+7)&1 == 1, cl&classDigit != 0; got != want {
						t.Fatalf("%q: byte %d digit = %v, want %v", b, i, got, want)
					}
				}
				if (alnum|digit)&^highBits != 0 {
					t.Fatalf("%q: bits set below the high bits", b)
				}
			}
		}
	}
}

// TestScanAlnum compares scanAlnum with a byte-by-byte scan on runs of
// every length, digits anywhere, up to the end of the text and not.
func TestScanAlnum(t *testing.T) {
	want := func(s string, pos int) (int, bool) {
		digits := false
		for ; pos < len(s) && asciiClass[s[pos]] != 0; pos++ {
			digits = digits || asciiClass[s[pos]]&classDigit != 0
		}
		return pos, digits
	}
	for n := range 40 {
		for digitAt := -1; digitAt < n; digitAt++ {
			run := []byte(strings.Repeat("aB", n)[:n])
			if digitAt >= 0 {
				run[digitAt] = '7'
			}
			for _, tail := range []string{"", " ", ".x", "é", "\xff", "_", strings.Repeat(" ", 20)} {
				s := "x " + string(run) + tail
				for pos := 0; pos <= len(s); pos++ {
					gotEnd, gotDigits := scanAlnum(s, pos)
					wantEnd, wantDigits := want(s, pos)
					if gotEnd != wantEnd || gotDigits != wantDigits {
						t.Fatalf("scanAlnum(%q, %d) = %d, %v, want %d, %v", s, pos, gotEnd, gotDigits, wantEnd, wantDigits)
					}
				}
			}
		}
	}
}
