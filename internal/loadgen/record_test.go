package loadgen

import (
	"testing"
	"time"
)

func ms_(n ...int) []time.Duration {
	out := make([]time.Duration, len(n))
	for i, v := range n {
		out[i] = time.Duration(v) * time.Millisecond
	}
	return out
}

func TestQuantile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{"none", nil, 0.5, 0},
		{"one", ms_(7), 0.5, 7 * time.Millisecond},
		{"one p99", ms_(7), 0.99, 7 * time.Millisecond},
		{"four p50", ms_(1, 2, 3, 4), 0.5, 2 * time.Millisecond},
		{"four p90", ms_(1, 2, 3, 4), 0.9, 4 * time.Millisecond},
		{"ten p90", ms_(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.9, 9 * time.Millisecond},
		{"ten p99", ms_(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.99, 10 * time.Millisecond},
		{"hundred p50", hundred, 0.5, 50 * time.Millisecond},
		{"hundred p99", hundred, 0.99, 99 * time.Millisecond},
		{"hundred max", hundred, 1, 100 * time.Millisecond},
		{"hundred tiny q", hundred, 0.001, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := Quantile(tt.sorted, tt.q); got != tt.want {
			t.Errorf("%s: Quantile(q=%v) = %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	s := summarize(ms_(5, 1, 4, 2, 3), 2)
	want := Stats{Requests: 5, P50: 3 * time.Millisecond, P90: 5 * time.Millisecond, P99: 5 * time.Millisecond, Max: 5 * time.Millisecond, PerSecond: 2.5}
	if s != want {
		t.Errorf("summarize = %+v, want %+v", s, want)
	}
	if s := summarize(nil, 1); s.Requests != 0 || s.Max != 0 || s.PerSecond != 0 {
		t.Errorf("summarize(nil) = %+v", s)
	}
}

func TestRecorderMergeKeepsEarliestError(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := NewRecorder(), NewRecorder()
	a.Record("story", time.Millisecond, t0, "")
	a.Record("story", 2*time.Millisecond, t0.Add(2*time.Second), "later failure")
	b.Record("story", 3*time.Millisecond, t0.Add(time.Second), "earlier failure")
	b.Record("search", 4*time.Millisecond, t0, "")
	a.Merge(b)
	st := a.rows[rowIndex["story"]]
	if len(st.latencies) != 3 || st.errors != 2 || st.firstErr != "earlier failure" {
		t.Errorf("story row: %d samples, %d errors, first %q; want 3, 2, earlier failure", len(st.latencies), st.errors, st.firstErr)
	}
	if n := len(a.rows[rowIndex["search"]].latencies); n != 1 {
		t.Errorf("search row: %d samples, want 1", n)
	}
}
