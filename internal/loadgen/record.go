package loadgen

import (
	"math"
	"slices"
	"time"
)

// series holds the requests of one row.
type series struct {
	latencies []time.Duration
	errors    int
	// firstErr describes the earliest failed request.
	firstErr   string
	firstErrAt time.Time
}

// Recorder keeps every measured request of one worker; workers merge
// their recorders when they stop, so recording takes no lock.
type Recorder struct {
	rows []series
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{rows: make([]series, len(rows))} }

// Record adds one request of the row key that took d; failure, when not
// empty, describes why it failed (at is when it started).
func (r *Recorder) Record(key string, d time.Duration, at time.Time, failure string) {
	s := &r.rows[rowIndex[key]]
	s.latencies = append(s.latencies, d)
	if failure != "" {
		s.errors++
		if s.firstErr == "" || at.Before(s.firstErrAt) {
			s.firstErr, s.firstErrAt = failure, at
		}
	}
}

// Merge adds the requests of o to r.
func (r *Recorder) Merge(o *Recorder) {
	for i := range r.rows {
		a, b := &r.rows[i], &o.rows[i]
		a.latencies = append(a.latencies, b.latencies...)
		a.errors += b.errors
		if b.firstErr != "" && (a.firstErr == "" || b.firstErrAt.Before(a.firstErrAt)) {
			a.firstErr, a.firstErrAt = b.firstErr, b.firstErrAt
		}
	}
}

// Quantile returns the q-quantile (0 < q <= 1) of sorted latencies by the
// nearest-rank method: the smallest sample that at least q of all the
// samples do not exceed. It returns 0 for no samples.
func Quantile(sorted []time.Duration, q float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(n)))
	return sorted[min(max(rank, 1), n)-1]
}

// Stats are the figures of one row, or of all rows together.
type Stats struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Requests int    `json:"requests"`
	Errors   int    `json:"errors"`
	// FirstError describes the earliest failed request.
	FirstError string        `json:"first_error,omitempty"`
	P50        time.Duration `json:"-"`
	P90        time.Duration `json:"-"`
	P99        time.Duration `json:"-"`
	Max        time.Duration `json:"-"`
	// PerSecond is requests per second of measured time.
	PerSecond float64 `json:"requests_per_second"`
}

// summarize computes the figures of latencies measured over seconds.
func summarize(latencies []time.Duration, seconds float64) Stats {
	s := slices.Clone(latencies)
	slices.Sort(s)
	st := Stats{
		Requests: len(s),
		P50:      Quantile(s, 0.50),
		P90:      Quantile(s, 0.90),
		P99:      Quantile(s, 0.99),
	}
	if len(s) > 0 {
		st.Max = s[len(s)-1]
	}
	if seconds > 0 {
		st.PerSecond = float64(len(s)) / seconds
	}
	return st
}
