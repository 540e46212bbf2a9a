package loadgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func sampleReport() *Report {
	rec := NewRecorder()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 100; i++ {
		rec.Record("index", time.Duration(i)*time.Millisecond, at, "")
		rec.Record("story-big", time.Duration(i)*2*time.Millisecond, at, "")
	}
	rec.Record("search", 3*time.Millisecond, at.Add(time.Second), "GET /search?q=x: status 500 Internal Server Error: boom")
	rec.Record("search", 1*time.Millisecond, at, "")
	mix := Mix{ActIndex: 1, ActStory: 1, ActSearch: 1}
	r := &Report{Target: "http://x", Concurrency: 2, Measured: 10 * time.Second, Mix: mix.String(), BigStory: 100, Quantiles: QuantileMethod}
	r.Overall, r.Endpoints = build(rec, mix.Rows(), r.Measured)
	return r
}

func TestBuild(t *testing.T) {
	r := sampleReport()
	var keys []string
	for _, e := range r.Endpoints {
		keys = append(keys, e.Key)
	}
	if got := strings.Join(keys, " "); got != "index index-older story story-big search" {
		t.Fatalf("endpoints %q", got)
	}
	byKey := map[string]Stats{}
	for _, e := range r.Endpoints {
		byKey[e.Key] = e
	}
	if e := byKey["index"]; e.Requests != 100 || e.P50 != 50*time.Millisecond || e.P99 != 99*time.Millisecond || e.Max != 100*time.Millisecond || e.PerSecond != 10 {
		t.Errorf("index: %+v", e)
	}
	if e := byKey["story"]; e.Requests != 0 {
		t.Errorf("story: %+v", e)
	}
	if e := byKey["search"]; e.Errors != 1 || !strings.Contains(e.FirstError, "status 500") {
		t.Errorf("search: %+v", e)
	}
	if o := r.Overall; o.Requests != 202 || o.Errors != 1 || o.FirstError != byKey["search"].FirstError || o.Max != 200*time.Millisecond {
		t.Errorf("overall: %+v", o)
	}
}

func TestCheck(t *testing.T) {
	r := sampleReport()
	tests := []struct {
		bound time.Duration
		keys  []string
		want  []string // keys that fail, in order
	}{
		{250 * time.Millisecond, nil, nil},
		{150 * time.Millisecond, nil, []string{"story-big"}},
		{50 * time.Millisecond, nil, []string{"index", "story-big"}},
		{50 * time.Millisecond, []string{"index"}, []string{"index"}},
		{50 * time.Millisecond, []string{"story", "search"}, nil}, // story got no request
		{time.Millisecond, []string{"search"}, []string{"search"}},
	}
	for _, tt := range tests {
		got := r.Check(tt.bound, tt.keys)
		if len(got) != len(tt.want) {
			t.Errorf("Check(%v, %v) = %q, want failures of %v", tt.bound, tt.keys, got, tt.want)
			continue
		}
		for i, k := range tt.want {
			if !strings.HasPrefix(got[i], k+" ") {
				t.Errorf("Check(%v, %v)[%d] = %q, want it about %s", tt.bound, tt.keys, i, got[i], k)
			}
		}
	}
	if !strings.Contains(r.Check(150*time.Millisecond, nil)[0], "GET /stories/{id} 100+ articles") {
		t.Errorf("failure does not name the endpoint: %q", r.Check(150*time.Millisecond, nil))
	}
}

func TestCheckKeys(t *testing.T) {
	if err := CheckKeys([]string{"index", "story-big", "api-comparison-big"}); err != nil {
		t.Error(err)
	}
	if err := CheckKeys([]string{"index", "stories"}); err == nil || !strings.Contains(err.Error(), `"stories"`) {
		t.Errorf("CheckKeys(stories) = %v", err)
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"http://x, 2 workers, 10.0s measured",
		QuantileMethod,
		"GET /stories/{id} <100 articles",
		"GET /stories/{id} 100+ articles",
		"overall",
		"search?q=: 1 errors; first: GET /search?q=x: status 500",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "GET /?cursor=") && !strings.Contains(l, " - ") {
			t.Errorf("a row without requests shows figures: %q", l)
		}
	}
}

func TestReportJSON(t *testing.T) {
	b, err := json.Marshal(sampleReport())
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		MeasuredSeconds float64 `json:"measured_seconds"`
		Endpoints       []struct {
			Key      string  `json:"key"`
			Name     string  `json:"name"`
			Requests int     `json:"requests"`
			P99      float64 `json:"p99_ms"`
			Max      float64 `json:"max_ms"`
		} `json:"endpoints"`
		Overall struct {
			Errors     int    `json:"errors"`
			FirstError string `json:"first_error"`
		} `json:"overall"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.MeasuredSeconds != 10 || len(got.Endpoints) != 5 || got.Overall.Errors != 1 || got.Overall.FirstError == "" {
		t.Fatalf("JSON report: %s", b)
	}
	e := got.Endpoints[3]
	if e.Key != "story-big" || e.Name != "GET /stories/{id} 100+ articles" || e.Requests != 100 || e.P99 != 198 || e.Max != 200 {
		t.Errorf("story-big in JSON: %+v", e)
	}
}
