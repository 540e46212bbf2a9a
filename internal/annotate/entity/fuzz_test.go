package entity

import (
	"testing"
)

// FuzzAnnotate feeds arbitrary text to Annotate: it must not panic, and
// every mention must lie within the text, on rune boundaries, and point at
// an entity that lists it.
func FuzzAnnotate(f *testing.F) {
	r, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"", "TEHRAN, Iran — Syrian President Bashar al-Assad met Supreme Leader Ayatollah Ali Khamenei.",
		"The Supreme National Security Council (SNSC) said, according to the UN.",
		"(", "()", "(A)", "according to", "according to the", "President", "the president's",
		"Mohammed bin", "bin Al", "ERBIL, - ", "\xff\xfe(SNSC)", "Mr. Dr. Gen.", "U.S.A.B.C.D.", "'s's’s",
		"A\u0301li Kha\u0308menei and al-", "—\n—\nX, Y —",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Rune boundaries as a range loop sees them: an invalid byte is a
		// rune of its own.
		boundary := make(map[int]bool, len(text)+1)
		for i := range text {
			boundary[i] = true
		}
		boundary[len(text)] = true
		a := r.Annotate(text)
		for i, m := range a.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("mention %d [%d,%d) out of bounds for %d bytes", i, m.Start, m.End, len(text))
			}
			if !boundary[m.Start] || !boundary[m.End] {
				t.Fatalf("mention %d [%d,%d) not on rune boundaries", i, m.Start, m.End)
			}
			if m.Text != text[m.Start:m.End] {
				t.Fatalf("mention %d text %q, input has %q", i, m.Text, text[m.Start:m.End])
			}
			if i > 0 && a.Mentions[i-1].Start > m.Start {
				t.Fatalf("mentions out of order at %d", i)
			}
			if m.Entity < 0 || m.Entity >= len(a.Entities) {
				t.Fatalf("mention %d points at entity %d of %d", i, m.Entity, len(a.Entities))
			}
		}
		n := 0
		for ei, e := range a.Entities {
			for _, mi := range e.Mentions {
				if mi < 0 || mi >= len(a.Mentions) || a.Mentions[mi].Entity != ei {
					t.Fatalf("entity %d lists mention %d, which is not its own", ei, mi)
				}
				n++
			}
			if e.Name == "" || len(e.Mentions) == 0 {
				t.Fatalf("entity %d empty: %+v", ei, e)
			}
		}
		if n != len(a.Mentions) {
			t.Fatalf("entities list %d mentions, article has %d", n, len(a.Mentions))
		}
	})
}
