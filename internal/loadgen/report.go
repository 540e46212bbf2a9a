package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// QuantileMethod says how the report's quantiles were computed.
const QuantileMethod = "exact: every latency kept and sorted, nearest rank"

// Report is the outcome of a run.
type Report struct {
	Target      string `json:"target"`
	Concurrency int    `json:"concurrency"`
	// Warmup is the time at the start whose requests are not counted;
	// Measured is the time the counted requests span.
	Warmup   time.Duration `json:"-"`
	Measured time.Duration `json:"-"`
	Mix      string        `json:"mix"`
	// BigStory is the article count from which a story counts as big.
	BigStory int `json:"big_story"`
	// Stories, BigStories and LargestStory describe the stories the run
	// drew from.
	Stories      int    `json:"stories"`
	BigStories   int    `json:"big_stories"`
	LargestStory int    `json:"largest_story"`
	SearchWords  int    `json:"search_words"`
	Quantiles    string `json:"quantiles"`
	// Endpoints has one entry per row of the mix, in report order,
	// including rows that got no request.
	Endpoints []Stats `json:"endpoints"`
	Overall   Stats   `json:"overall"`
	Host      Host    `json:"host"`
}

// Host describes the machine during the run.
type Host struct {
	CPUs int `json:"cpus"`
	// LoadStart and LoadEnd are the one-minute load averages when the
	// run started and ended (-1: unknown). A load above CPUs means other
	// processes competed with the server for the CPUs.
	LoadStart float64 `json:"load_average_start"`
	LoadEnd   float64 `json:"load_average_end"`
	// ProcessCPUSeconds is the CPU time this process used in the
	// measured time: the load generator's, and the server's too when it
	// runs in-process.
	ProcessCPUSeconds float64 `json:"process_cpu_seconds"`
}

// Errors counts the failed requests of the run.
func (r *Report) Errors() int { return r.Overall.Errors }

// Check returns a line for each endpoint whose p99 exceeds bound. keys
// limits the check to those rows; nil checks every row. Rows without
// requests pass.
func (r *Report) Check(bound time.Duration, keys []string) []string {
	only := map[string]bool{}
	for _, k := range keys {
		only[k] = true
	}
	var out []string
	for _, e := range r.Endpoints {
		if len(only) > 0 && !only[e.Key] {
			continue
		}
		if e.Requests > 0 && e.P99 > bound {
			out = append(out, fmt.Sprintf("%s (%s): p99 %s exceeds %s", e.Key, r.name(e), ms(e.P99), ms(bound)))
		}
	}
	return out
}

// CheckKeys reports the first of keys that names no row.
func CheckKeys(keys []string) error {
	for _, k := range keys {
		if _, ok := rowIndex[k]; !ok {
			var all []string
			for _, r := range rows {
				all = append(all, r.Key)
			}
			return fmt.Errorf("unknown endpoint %q (want %s)", k, strings.Join(all, ", "))
		}
	}
	return nil
}

// name is the display name of an endpoint, with the big-story bound on
// the rows of story requests.
func (r *Report) name(e Stats) string {
	i, ok := rowIndex[e.Key]
	switch {
	case !ok:
		return e.Name
	case rows[i].Big:
		return fmt.Sprintf("%s %d+ articles", e.Name, r.BigStory)
	case hasBigRow(e.Key):
		return fmt.Sprintf("%s <%d articles", e.Name, r.BigStory)
	}
	return e.Name
}

// hasBigRow reports whether key is the small-story row of an action that
// reports big stories apart.
func hasBigRow(key string) bool {
	_, ok := rowIndex[key+"-big"]
	return ok
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}

func msNum(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// statsJSON adds the latencies in milliseconds.
type statsJSON struct {
	Stats
	P50 float64 `json:"p50_ms"`
	P90 float64 `json:"p90_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

func (r *Report) statsJSON(s Stats) statsJSON {
	s.Name = r.name(s)
	return statsJSON{Stats: s, P50: msNum(s.P50), P90: msNum(s.P90), P99: msNum(s.P99), Max: msNum(s.Max)}
}

// MarshalJSON writes durations in seconds and latencies in milliseconds.
func (r *Report) MarshalJSON() ([]byte, error) {
	type plain Report
	eps := make([]statsJSON, len(r.Endpoints))
	for i, e := range r.Endpoints {
		eps[i] = r.statsJSON(e)
	}
	return json.Marshal(struct {
		*plain
		WarmupSeconds   float64     `json:"warmup_seconds"`
		MeasuredSeconds float64     `json:"measured_seconds"`
		Endpoints       []statsJSON `json:"endpoints"`
		Overall         statsJSON   `json:"overall"`
	}{(*plain)(r), r.Warmup.Seconds(), r.Measured.Seconds(), eps, r.statsJSON(r.Overall)})
}

// WriteText writes the report as a table, then the first error of each
// endpoint that had any.
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "target %s, %d workers, %.1fs measured after %.1fs warm-up\n",
		r.Target, r.Concurrency, r.Measured.Seconds(), r.Warmup.Seconds())
	fmt.Fprintf(w, "mix %s; %d stories sampled (%d with %d+ articles, largest %d), %d search words\n",
		r.Mix, r.Stories, r.BigStories, r.BigStory, r.LargestStory, r.SearchWords)
	fmt.Fprintf(w, "latency quantiles: %s\n", QuantileMethod)
	if h := r.Host; h.LoadStart >= 0 {
		fmt.Fprintf(w, "host: %d CPUs, load average %.2f at the start, %.2f at the end", h.CPUs, h.LoadStart, h.LoadEnd)
		if h.ProcessCPUSeconds > 0 && r.Overall.Requests > 0 {
			fmt.Fprintf(w, "; this process used %.1f CPU-seconds, %.2f ms a request", h.ProcessCPUSeconds, 1000*h.ProcessCPUSeconds/float64(r.Overall.Requests))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\t requests\terrors\tp50 ms\tp90 ms\tp99 ms\tmax ms\treq/s\t")
	line := func(s Stats) {
		if s.Requests == 0 {
			fmt.Fprintf(tw, "%s\t 0\t0\t-\t-\t-\t-\t0\t\n", r.name(s))
			return
		}
		fmt.Fprintf(tw, "%s\t %d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", r.name(s), s.Requests, s.Errors,
			msNum(s.P50), msNum(s.P90), msNum(s.P99), msNum(s.Max), s.PerSecond)
	}
	for _, e := range r.Endpoints {
		line(e)
	}
	line(r.Overall)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range r.Endpoints {
		if e.Errors > 0 {
			fmt.Fprintf(w, "\n%s: %d errors; first: %s", r.name(e), e.Errors, e.FirstError)
		}
	}
	if r.Overall.Errors > 0 {
		fmt.Fprintln(w)
	}
	return nil
}

// build turns the merged recorder into a report over the rows of mix.
func build(rec *Recorder, mixRows []Row, measured time.Duration) (overall Stats, eps []Stats) {
	var (
		all     []time.Duration
		errs    int
		first   string
		firstAt time.Time
	)
	sec := measured.Seconds()
	for _, row := range mixRows {
		s := &rec.rows[rowIndex[row.Key]]
		st := summarize(s.latencies, sec)
		st.Key, st.Name = row.Key, row.Name
		st.Errors, st.FirstError = s.errors, s.firstErr
		eps = append(eps, st)
		all = append(all, s.latencies...)
		errs += s.errors
		if s.firstErr != "" && (first == "" || s.firstErrAt.Before(firstAt)) {
			first, firstAt = s.firstErr, s.firstErrAt
		}
	}
	overall = summarize(all, sec)
	overall.Key, overall.Name, overall.Errors, overall.FirstError = "overall", "overall", errs, first
	return overall, eps
}
