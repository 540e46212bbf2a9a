package gold

import (
	"os"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/annotate/claim"
	"github.com/parallax-news/parallax/internal/annotate/quote"
	"github.com/parallax-news/parallax/internal/annotate/when"
)

// BenchmarkAnnotate runs the quote, claim, date and dateline finders
// together on a 600-word article written for the project: one op is one
// article, so 1e9/ns-per-op is articles per second on one core.
func BenchmarkAnnotate(b *testing.B) {
	raw, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	pub := time.Date(2025, 10, 8, 10, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		quote.Find(text, nil)
		claim.Find(text)
		when.Find(text, pub)
		when.FindDateline(text)
	}
}

// BenchmarkRun scores the whole gold set.
func BenchmarkRun(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Run(nil)
	}
}
