package textproc

import (
	"testing"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	toks := Tokens("The Port of Lisbon’s dockers ended a 12-day strike. Officials said 3.5 million tonnes waited.")
	type want struct {
		norm            string
		capital, starts bool
		numeric         bool
	}
	wants := []want{
		{"the", true, true, false},
		{"port", true, false, false},
		{"of", false, false, false},
		{"lisbon", true, false, false},
		{"dockers", false, false, false},
		{"ended", false, false, false},
		{"a", false, false, false},
		{"12", false, false, true},
		{"day", false, false, false},
		{"strike", false, false, false},
		{"officials", true, true, false},
		{"said", false, false, false},
		{"3.5", false, false, true},
		{"million", false, false, false},
		{"tonnes", false, false, false},
		{"waited", false, false, false},
	}
	if len(toks) != len(wants) {
		t.Fatalf("got %d tokens %v, want %d", len(toks), toks, len(wants))
	}
	for i, w := range wants {
		g := toks[i]
		if g.Norm != w.norm || g.Capitalised != w.capital || g.SentenceStart != w.starts || g.Numeric != w.numeric {
			t.Errorf("token %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Iran's":   "iran",
		"Iran’s":   "iran",
		"Raïsi":    "raisi",
		"São":      "sao",
		"Straße":   "strasse",
		"workers'": "workers",
		"ÉLAN":     "elan",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := map[string]string{"strikes": "strike", "running": "run", "evacuated": "evacu", "2011": "2011", "": ""}
	for in, want := range tests {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStopWords(t *testing.T) {
	for _, w := range []string{"the", "said", "according", "would"} {
		if !IsStopWord(w) {
			t.Errorf("%q should be a stop word", w)
		}
	}
	for _, w := range []string{"earthquake", "monday", "strike", "tehran"} {
		if IsStopWord(w) {
			t.Errorf("%q should not be a stop word", w)
		}
	}
}

func FuzzTokens(f *testing.F) {
	f.Add("Assad met Khamenei on Sunday.")
	f.Add("\xff\xfe broken \x00 bytes")
	f.Add("“Quoted”—dash…and 1,200,000 people")
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok.Norm == "" {
				t.Fatalf("empty token from %q", s)
			}
			if tok.Start < 0 || tok.Start+len(tok.Text) > len(s) || s[tok.Start:tok.Start+len(tok.Text)] != tok.Text {
				t.Fatalf("token %+v does not point into the input", tok)
			}
			if utf8.ValidString(s) && !utf8.ValidString(tok.Norm) {
				t.Fatalf("invalid UTF-8 norm %q", tok.Norm)
			}
		}
	})
}

func BenchmarkTokens(b *testing.B) {
	text := ""
	for range 60 {
		text += "Rescue teams in the northern province searched collapsed buildings on Tuesday after a magnitude 6.1 earthquake. "
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokens(text)
	}
}

func TestStemmerMatchesStem(t *testing.T) {
	var s Stemmer
	for range 2 {
		for _, w := range []string{"strikes", "running", "evacuated", "2011", "", "the"} {
			if got, want := s.Stem(w), Stem(w); got != want {
				t.Errorf("Stemmer.Stem(%q) = %q, Stem gives %q", w, got, want)
			}
		}
	}
}
