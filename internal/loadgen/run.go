package loadgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/cputime"
)

// Options configure a run.
type Options struct {
	// BaseURL is the server, such as http://127.0.0.1:8080.
	BaseURL string
	// Concurrency is the number of workers, each with one request in
	// flight at a time (default 8).
	Concurrency int
	// Warmup is the time at the start whose requests are not counted
	// (default none); Duration is the measured time after it (default
	// 30s).
	Warmup, Duration time.Duration
	// Mix weighs the actions (default DefaultMix).
	Mix Mix
	// BigStory is the article count from which a story is big: its
	// requests are reported apart (default 100).
	BigStory int
	// ListPages caps how many pages of 200 stories the discovery reads
	// from the newest (default 10); all stories of BigStory articles or
	// more are read too.
	ListPages int
	// MaxOlder caps the "older" links a list session follows (default 4);
	// each is followed with probability one half.
	MaxOlder int
	// Timeout bounds one request, body included (default 10s).
	Timeout time.Duration
	// Seed makes the workers' choices reproducible.
	Seed uint64
	// Client sends the requests; by default one that keeps up to
	// Concurrency connections alive.
	Client *http.Client
	// Started, when not nil, is called when discovery is done and the
	// load begins.
	Started func(stories int)
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Duration <= 0 {
		o.Duration = 30 * time.Second
	}
	if o.Warmup < 0 {
		o.Warmup = 0
	}
	if o.Mix == nil {
		o.Mix = DefaultMix()
	}
	if o.BigStory <= 0 {
		o.BigStory = 100
	}
	if o.ListPages <= 0 {
		o.ListPages = 10
	}
	if o.MaxOlder < 0 {
		o.MaxOlder = 0
	} else if o.MaxOlder == 0 {
		o.MaxOlder = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Client == nil {
		o.Client = NewClient(o.Concurrency, o.Timeout)
	}
}

// NewClient returns an HTTP client that keeps up to conns connections to
// one host alive between requests (the default transport keeps two, so
// more workers than that would open a connection per request).
func NewClient(conns int, timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = max(conns*2, 100)
	tr.MaxIdleConnsPerHost = max(conns*2, 2)
	tr.MaxConnsPerHost = 0
	tr.DisableCompression = true
	return &http.Client{Transport: tr, Timeout: timeout}
}

// storyList is the part of GET /api/v1/stories the generator reads.
type storyList struct {
	Stories    []StoryRef `json:"stories"`
	NextCursor string     `json:"next_cursor"`
}

// Discover reads the story listing from the API: up to pages pages of
// the newest stories, then every story of at least big articles. It
// returns the stories and their titles.
func Discover(ctx context.Context, client *http.Client, base string, pages, big int) (*Pool, []string, error) {
	pool := &Pool{}
	var titles []string
	crawl := func(query url.Values, maxPages int) error {
		cursor := ""
		for range maxPages {
			q := url.Values{}
			for k, v := range query {
				q[k] = v
			}
			q.Set("limit", "200")
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			body, status, err := get(ctx, client, base+"/api/v1/stories?"+q.Encode())
			if err != nil {
				return fmt.Errorf("discover stories: %w", err)
			}
			if status/100 != 2 {
				return fmt.Errorf("discover stories: %s", failure(status, body))
			}
			var page storyList
			if err := json.Unmarshal(body, &page); err != nil {
				return fmt.Errorf("discover stories: %w", err)
			}
			for _, s := range page.Stories {
				if !pool.seen[s.ID] {
					titles = append(titles, s.Title)
				}
				pool.Add(s)
			}
			if page.NextCursor == "" {
				return nil
			}
			cursor = page.NextCursor
		}
		return nil
	}
	if err := crawl(url.Values{}, pages); err != nil {
		return nil, nil, err
	}
	if err := crawl(url.Values{"min_articles": {strconv.Itoa(big)}}, 1000); err != nil {
		return nil, nil, err
	}
	return pool, titles, nil
}

func get(ctx context.Context, client *http.Client, u string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// failure describes a response with a status other than 2xx.
func failure(status int, body []byte) string {
	b := strings.Join(strings.Fields(string(body)), " ")
	if r := []rune(b); len(r) > 200 {
		b = string(r[:200]) + "…"
	}
	return fmt.Sprintf("status %d %s: %s", status, http.StatusText(status), b)
}

// Run discovers the server's stories, then drives load at it for
// o.Warmup plus o.Duration, and reports the requests sent after the
// warm-up. It returns an error when the server cannot be read or holds
// no story; failed requests during the load are counted in the report.
func Run(ctx context.Context, o Options) (*Report, error) {
	o.defaults()
	base := strings.TrimRight(o.BaseURL, "/")
	pool, titles, err := Discover(ctx, o.Client, base, o.ListPages, o.BigStory)
	if err != nil {
		return nil, err
	}
	if pool.Len() == 0 {
		return nil, errors.New("the server lists no stories: fill the database first (--fill)")
	}
	words := Words(titles)
	if len(words) == 0 && o.Mix[ActSearch] > 0 {
		return nil, errors.New("no search words in the story titles")
	}
	if o.Started != nil {
		o.Started(pool.Len())
	}
	start := time.Now()
	host := Host{CPUs: runtime.NumCPU(), LoadStart: loadAverage()}
	cpuAtMeasure := make(chan float64, 1)
	go func() {
		t := time.NewTimer(o.Warmup)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		cpuAtMeasure <- processCPU()
	}()
	g := &gen{
		o:       o,
		base:    base,
		pool:    pool,
		words:   words,
		pick:    newPicker(o.Mix),
		measure: start.Add(o.Warmup),
		end:     start.Add(o.Warmup + o.Duration),
	}
	recs := make([]*Recorder, o.Concurrency)
	lastDone := make([]time.Time, o.Concurrency)
	var wg sync.WaitGroup
	for i := range o.Concurrency {
		recs[i] = NewRecorder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(o.Seed, uint64(i)+1))
			lastDone[i] = g.work(ctx, rng, recs[i])
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rec := NewRecorder()
	finished := g.end
	for i, r := range recs {
		rec.Merge(r)
		if lastDone[i].After(finished) {
			finished = lastDone[i]
		}
	}
	measured := finished.Sub(g.measure)
	host.LoadEnd = loadAverage()
	if c0, c1 := <-cpuAtMeasure, processCPU(); c0 >= 0 && c1 >= 0 {
		host.ProcessCPUSeconds = c1 - c0
	}
	stories, bigStories, largest := pool.Sizes(o.BigStory)
	rep := &Report{
		Target:       base,
		Concurrency:  o.Concurrency,
		Warmup:       o.Warmup,
		Measured:     measured,
		Mix:          o.Mix.String(),
		BigStory:     o.BigStory,
		Stories:      stories,
		BigStories:   bigStories,
		LargestStory: largest,
		SearchWords:  len(words),
		Quantiles:    QuantileMethod,
		Host:         host,
	}
	rep.Overall, rep.Endpoints = build(rec, o.Mix.Rows(), measured)
	return rep, nil
}

// gen is what the workers share; it is read-only during the run.
type gen struct {
	o            Options
	base         string
	pool         *Pool
	words        []string
	pick         picker
	measure, end time.Time
}

// work runs one worker until the end of the run and returns when its last
// request finished.
func (g *gen) work(ctx context.Context, rng *rand.Rand, rec *Recorder) time.Time {
	var last time.Time
	for ctx.Err() == nil && time.Now().Before(g.end) {
		switch a := g.pick.pick(rng); a {
		case ActIndex:
			path := "/"
			row := "index"
			for i := 0; path != "" && ctx.Err() == nil && time.Now().Before(g.end); i++ {
				body, done := g.do(ctx, rec, row, path)
				last = done
				path = ""
				if body != nil && i < g.o.MaxOlder && rng.IntN(2) == 0 {
					path = OlderLink(body)
				}
				row = "index-older"
			}
		case ActAPIStories:
			path := "/api/v1/stories"
			row := "api-stories"
			for i := 0; path != "" && ctx.Err() == nil && time.Now().Before(g.end); i++ {
				body, done := g.do(ctx, rec, row, path)
				last = done
				path = ""
				if body != nil && i < g.o.MaxOlder && rng.IntN(2) == 0 {
					var page storyList
					if json.Unmarshal(body, &page) == nil && page.NextCursor != "" {
						path = "/api/v1/stories?cursor=" + url.QueryEscape(page.NextCursor)
					}
				}
				row = "api-stories-older"
			}
		case ActSearch:
			w := g.words[rng.IntN(len(g.words))]
			_, last = g.do(ctx, rec, "search", "/search?q="+url.QueryEscape(w))
		default:
			s := g.pool.Sample(rng)
			row := actionRows[a][0]
			if s.Articles >= g.o.BigStory {
				row = actionRows[a][1]
			}
			_, last = g.do(ctx, rec, row, storyPath(a, s.ID))
		}
	}
	return last
}

func storyPath(a Action, id int64) string {
	ids := strconv.FormatInt(id, 10)
	switch a {
	case ActStory:
		return "/stories/" + ids
	case ActAPIStory:
		return "/api/v1/stories/" + ids
	case ActAPIAnnotations:
		return "/api/v1/stories/" + ids + "/annotations"
	case ActAPIComparison:
		return "/api/v1/stories/" + ids + "/comparison"
	}
	panic("loadgen: no story path for action " + string(a))
}

// do sends one request and records it under row when it started after
// the warm-up. It returns the body of a successful response and when the
// request finished.
func (g *gen) do(ctx context.Context, rec *Recorder, row, path string) ([]byte, time.Time) {
	start := time.Now()
	body, status, err := get(ctx, g.o.Client, g.base+path)
	done := time.Now()
	if ctx.Err() != nil {
		return nil, done // interrupted: the run is abandoned
	}
	var fail string
	switch {
	case err != nil:
		fail = fmt.Sprintf("GET %s: %v", path, err)
		body = nil
	case status/100 != 2:
		fail = "GET " + path + ": " + failure(status, body)
		body = nil
	}
	if !start.Before(g.measure) {
		rec.Record(row, done.Sub(start), start, fail)
	}
	return body, done
}

// processCPU returns the CPU time the process has used, in seconds, or -1
// where the system does not tell.
func processCPU() float64 {
	d, err := cputime.Process()
	if err != nil {
		return -1
	}
	return d.Seconds()
}
