package news

import (
	"reflect"
	"testing"
)

func TestSnippetParts(t *testing.T) {
	m := func(s string) string { return MatchStart + s + MatchEnd }
	for _, tc := range []struct {
		name, in string
		want     []SnippetPart
	}{
		{"plain", "no match here", []SnippetPart{{Text: "no match here"}}},
		{"one match", "the " + m("harbour") + " bridge",
			[]SnippetPart{{Text: "the "}, {Text: "harbour", Match: true}, {Text: " bridge"}}},
		{"adjacent matches", m("a") + m("b"), []SnippetPart{{Text: "a", Match: true}, {Text: "b", Match: true}}},
		{"french quotes stay text", "« " + m("port") + " »",
			[]SnippetPart{{Text: "« "}, {Text: "port", Match: true}, {Text: " »"}}},
		{"stray close dropped", "x" + MatchEnd + "y", []SnippetPart{{Text: "xy"}}},
		{"open runs to the end", "cut " + MatchStart + "off", []SnippetPart{{Text: "cut "}, {Text: "off", Match: true}}},
		{"empty", "", nil},
	} {
		if got := SnippetParts(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: SnippetParts(%q) = %+v, want %+v", tc.name, tc.in, got, tc.want)
		}
	}
	if got := PlainSnippet("the " + m("harbour") + " « bridge »"); got != "the harbour « bridge »" {
		t.Errorf("PlainSnippet = %q", got)
	}
}

func FuzzSnippetParts(f *testing.F) {
	f.Add("the " + MatchStart + "harbour" + MatchEnd + " bridge")
	f.Add(MatchEnd + MatchStart + "\xff")
	f.Fuzz(func(t *testing.T, s string) {
		var joined string
		for _, p := range SnippetParts(s) {
			if p.Text == "" {
				t.Fatalf("empty part in %q", s)
			}
			joined += p.Text
		}
		// Parts are built rune by rune, so invalid bytes come back as U+FFFD.
		if plain := string([]rune(PlainSnippet(s))); joined != plain {
			t.Fatalf("parts join to %q, plain snippet is %q", joined, plain)
		}
	})
}
