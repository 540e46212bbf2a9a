package when

import (
	"os"
	"testing"
	"time"
)

// BenchmarkFind runs Find on a 600-word news article written for the
// project.
func BenchmarkFind(b *testing.B) {
	text, err := os.ReadFile("../gold/testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	pub := time.Date(2025, 10, 8, 10, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(string(text), pub)
	}
}

// BenchmarkFindDateline reads the dateline of the same article.
func BenchmarkFindDateline(b *testing.B) {
	text, err := os.ReadFile("../gold/testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		FindDateline(string(text))
	}
}
