package claim

import (
	"os"
	"testing"
)

// BenchmarkFind runs Find on a 600-word news article written for the
// project.
func BenchmarkFind(b *testing.B) {
	text, err := os.ReadFile("../gold/testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(string(text))
	}
}
