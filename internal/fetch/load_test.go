package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// feedServer serves a small robots.txt and a 2 KiB feed on every path,
// whatever the Host, and records the peak number of requests in flight.
func feedServer(t testing.TB) (port string, peak *atomic.Int32, total *atomic.Int64) {
	var cur atomic.Int32
	peak, total = new(atomic.Int32), new(atomic.Int64)
	feed := "<rss><channel>" + strings.Repeat("<item><title>Port strike enters third day</title></item>", 36) + "</channel></rss>"
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		defer cur.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		total.Add(1)
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, feed)
	})
	u, _ := url.Parse(s.URL)
	return u.Port(), peak, total
}

// pollHosts fetches the feed of n hosts named "<prefix>NNNN.test", one
// goroutine per host as a scheduler would, and returns the feeds fetched.
func pollHosts(ctx context.Context, c *Client, port, prefix string, n int) (int64, error) {
	var ok atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := c.Get(ctx, Request{URL: fmt.Sprintf("http://%s%04d.test:%s/feed.xml", prefix, i, port)})
			if err != nil {
				first.CompareAndSwap(nil, &err)
				return
			}
			if len(resp.Body) > 0 {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if e := first.Load(); e != nil {
		return ok.Load(), *e
	}
	return ok.Load(), nil
}

// TestPollManyHosts shows one Client polling 2,000 distinct hosts (names
// resolved to loopback; host key = name:port) with the default limits:
// each host gets robots.txt then its feed a second later, at most 64
// requests in flight overall.
func TestPollManyHosts(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	t.Parallel()
	hosts := 2000
	if raceEnabled {
		hosts = 400 // the race detector makes each request ten times dearer
	}
	port, peak, total := feedServer(t)
	c := newClient(t, Options{HostRate: DefaultHostRate, Resolver: resolveTo(netip.MustParseAddr("127.0.0.1"))})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	start := time.Now()
	got, err := pollHosts(ctx, c, port, "cold", hosts)
	cold := time.Since(start)
	if err != nil || got != int64(hosts) {
		t.Fatalf("cold round: %d of %d feeds, first error %v", got, hosts, err)
	}
	coldRequests := total.Load()

	start = time.Now()
	got, err = pollHosts(ctx, c, port, "cold", hosts) // robots.txt cached now
	warm := time.Since(start)
	if err != nil || got != int64(hosts) {
		t.Fatalf("warm round: %d of %d feeds, first error %v", got, hosts, err)
	}
	if p := peak.Load(); p > DefaultMaxConcurrency {
		t.Errorf("peak %d requests in flight, over the cap of %d", p, DefaultMaxConcurrency)
	}
	if n := total.Load(); n != int64(3*hosts) {
		t.Errorf("%d requests, want %d (robots.txt once per host)", n, 3*hosts)
	}
	t.Logf("%d hosts, 1 req/s/host: cold round (robots.txt + feed) %d requests in %s = %.0f req/s; warm round %d requests in %s (each host at least 1 s after its previous request); peak in flight %d",
		hosts, coldRequests, cold.Round(time.Millisecond), float64(coldRequests)/cold.Seconds(),
		hosts, warm.Round(time.Millisecond), peak.Load())
}

// BenchmarkPollManyHosts measures the Client's own throughput: every
// iteration polls 2,000 hosts it has never seen (robots.txt and feed each,
// so 4,000 requests), with the per-host rate limit off.
func BenchmarkPollManyHosts(b *testing.B) {
	const hosts = 2000
	port, _, _ := feedServer(b)
	c := newClient(b, Options{Resolver: resolveTo(netip.MustParseAddr("127.0.0.1"))})
	ctx := context.Background()
	b.ReportAllocs()
	round := 0
	for b.Loop() {
		round++
		if got, err := pollHosts(ctx, c, port, fmt.Sprintf("r%d-", round), hosts); err != nil || got != hosts {
			b.Fatalf("%d of %d feeds, first error %v", got, hosts, err)
		}
	}
	b.ReportMetric(float64(2*hosts*round)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(hosts*round)/b.Elapsed().Seconds(), "hosts/s")
}

// BenchmarkGet is one fetch of a 2 KiB feed from a warm host: robots.txt
// cached, connection kept alive.
func BenchmarkGet(b *testing.B) {
	port, _, _ := feedServer(b)
	c := newClient(b, Options{})
	req := Request{URL: "http://127.0.0.1:" + port + "/feed.xml"}
	ctx := context.Background()
	if _, err := c.Get(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Get(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetParallel is BenchmarkGet from many goroutines to 64 hosts.
func BenchmarkGetParallel(b *testing.B) {
	port, _, _ := feedServer(b)
	c := newClient(b, Options{Resolver: resolveTo(netip.MustParseAddr("127.0.0.1"))})
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		req := Request{URL: fmt.Sprintf("http://h%d.test:%s/feed.xml", next.Add(1)%64, port)}
		for pb.Next() {
			if _, err := c.Get(ctx, req); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
