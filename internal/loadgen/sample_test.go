package loadgen

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPoolSampleFavoursBigStories(t *testing.T) {
	var p Pool
	p.Add(StoryRef{ID: 1, Articles: 100})
	for id := int64(2); id <= 100; id++ {
		p.Add(StoryRef{ID: id, Articles: 1})
	}
	p.Add(StoryRef{ID: 1, Articles: 100}) // again: ignored
	if p.Len() != 100 {
		t.Fatalf("Len = %d, want 100", p.Len())
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 200_000
	big, small := 0, 0
	for range n {
		switch p.Sample(rng).ID {
		case 1:
			big++
		case 2:
			small++
		}
	}
	// Half the draws are uniform (1/100 each), half weigh by size: the
	// big story holds 100 of 199 articles, a small one 1.
	wantBig := 0.5/100 + 0.5*100/199
	wantSmall := 0.5/100 + 0.5*1/199
	if got := float64(big) / n; got < wantBig-0.01 || got > wantBig+0.01 {
		t.Errorf("big story drawn %.4f of the time, want %.4f", got, wantBig)
	}
	if got := float64(small) / n; got < wantSmall*0.8 || got > wantSmall*1.2 {
		t.Errorf("a small story drawn %.4f of the time, want %.4f", got, wantSmall)
	}
	stories, bigs, largest := p.Sizes(50)
	if stories != 100 || bigs != 1 || largest != 100 {
		t.Errorf("Sizes(50) = %d, %d, %d; want 100, 1, 100", stories, bigs, largest)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		titles []string
		want   []string
	}{
		{nil, nil},
		{[]string{"The minister said that the talks were over"}, []string{"minister", "talks"}},
		{[]string{"Flood, flood and FLOOD in Karivel", "Karivel flood"}, []string{"flood", "karivel"}},
		{[]string{"Élections à Zürich: 4120 votes"}, []string{"élections", "zürich", "votes"}},
		{[]string{"a of to in"}, nil},
	}
	for _, tt := range tests {
		if got := Words(tt.titles); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.titles, got, tt.want)
		}
	}
}

func TestOlderLink(t *testing.T) {
	tests := []struct {
		page string
		want string
	}{
		{`<nav class="pager"><a href="/">« Newest</a><a rel="next" href="/?cursor=AQAAAA">Older »</a></nav>`, "/?cursor=AQAAAA"},
		{`<a rel="next" href="/?cursor=AQ-_x&amp;limit=20">Older »</a>`, "/?cursor=AQ-_x&limit=20"},
		{`<a rel="next" href="/?limit=20&amp;cursor=AQ">Older »</a>`, "/?limit=20&cursor=AQ"},
		{`<a href="/stories/4">story</a><nav class="pager"><a href="/">« Newest</a></nav>`, ""},
		{``, ""},
	}
	for _, tt := range tests {
		if got := OlderLink([]byte(tt.page)); got != tt.want {
			t.Errorf("OlderLink(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}
