package loadgen

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseMix(t *testing.T) {
	tests := []struct {
		in      string
		want    string // Mix.String of the result
		wantErr string
	}{
		{in: "index=25,story=35", want: "index=25,story=35"},
		{in: " story = 1 , search=0.5 ,", want: "story=1,search=0.5"},
		{in: "search=1,index=2", want: "index=2,search=1"},
		{in: "api-comparison=1,story=0", want: "api-comparison=1"},
		{in: DefaultMix().String(), want: DefaultMix().String()},
		{in: "", wantErr: "no action"},
		{in: "story=0", wantErr: "no action"},
		{in: "story", wantErr: "want action=weight"},
		{in: "stroy=1", wantErr: "unknown action"},
		{in: "story=-1", wantErr: "from 0 up"},
		{in: "story=x", wantErr: "from 0 up"},
		{in: "story=NaN", wantErr: "from 0 up"},
	}
	for _, tt := range tests {
		m, err := ParseMix(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseMix(%q) error %v, want one saying %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseMix(%q): %v", tt.in, err)
			continue
		}
		if got := m.String(); got != tt.want {
			t.Errorf("ParseMix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMixRows(t *testing.T) {
	tests := []struct {
		mix  string
		want string
	}{
		{"index=1", "index index-older"},
		{"search=1,story=1", "story story-big search"},
		{"api-comparison=1,api-stories=2", "api-stories api-stories-older api-comparison api-comparison-big"},
		{DefaultMix().String(), "index index-older story story-big api-stories api-stories-older api-story api-story-big search"},
	}
	for _, tt := range tests {
		m, err := ParseMix(tt.mix)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, r := range m.Rows() {
			keys = append(keys, r.Key)
		}
		if got := strings.Join(keys, " "); got != tt.want {
			t.Errorf("%s: rows %q, want %q", tt.mix, got, tt.want)
		}
	}
}

func TestPickerFollowsWeights(t *testing.T) {
	m := Mix{ActIndex: 1, ActStory: 3, ActSearch: 0, ActAPIStory: 6}
	p := newPicker(m)
	rng := rand.New(rand.NewPCG(1, 2))
	counts := map[Action]int{}
	const n = 100_000
	for range n {
		counts[p.pick(rng)]++
	}
	if counts[ActSearch] != 0 {
		t.Errorf("an action of weight 0 was picked %d times", counts[ActSearch])
	}
	for a, share := range map[Action]float64{ActIndex: 0.1, ActStory: 0.3, ActAPIStory: 0.6} {
		got := float64(counts[a]) / n
		if got < share-0.01 || got > share+0.01 {
			t.Errorf("%s picked %.3f of the time, want %.2f", a, got, share)
		}
	}
}
