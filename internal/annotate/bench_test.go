package annotate

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// benchText is about 4 KB, the length of a typical wire report.
var benchText = strings.Repeat(reportA+"\n"+reportB+"\n", 4)

func BenchmarkAnnotate(b *testing.B) {
	a, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		a.Annotate(benchText, published)
	}
}

// BenchmarkStory merges a story of 20 articles.
func BenchmarkStory(b *testing.B) {
	var arts []news.ArticleAnnotations
	for i := range 20 {
		text := reportA
		if i%2 == 1 {
			text = reportB
		}
		arts = append(arts, news.ArticleAnnotations{ArticleID: int64(i + 1), Source: string(rune('a' + i)),
			Annotations: Annotate(text, published)})
	}
	b.ReportAllocs()
	for b.Loop() {
		Story(arts)
	}
}
