package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeServer answers the routes the generator sends, over 30 stories of
// which story 1 is big; the listing cursor is an offset. Requests whose
// path starts with failPrefix fail with a 500.
func fakeServer(t *testing.T, failPrefix string) (*httptest.Server, *sync.Map, *atomic.Int64) {
	t.Helper()
	var stories []StoryRef
	for id := int64(1); id <= 30; id++ {
		n := int(id%5) + 1
		if id == 1 {
			n = 150
		}
		stories = append(stories, StoryRef{ID: id, Articles: n, Title: fmt.Sprintf("Storm number %d floods Karivel valley", id)})
	}
	page := func(r *http.Request, limit int) ([]StoryRef, string) {
		least, _ := strconv.Atoi(r.URL.Query().Get("min_articles"))
		var list []StoryRef
		for _, s := range stories {
			if s.Articles >= least {
				list = append(list, s)
			}
		}
		off, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil {
			limit = l
		}
		list = list[min(off, len(list)):]
		next := ""
		if len(list) > limit {
			list = list[:limit]
			next = strconv.Itoa(off + limit)
		}
		return list, next
	}
	hits := &sync.Map{}
	mux := http.NewServeMux()
	count := func(key string) {
		v, _ := hits.LoadOrStore(key, new(atomic.Int64))
		v.(*atomic.Int64).Add(1)
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		count("page")
		list, next := page(r, 10)
		for _, s := range list {
			fmt.Fprintf(w, `<a href="/stories/%d">%s</a>`, s.ID, s.Title)
		}
		if next != "" {
			fmt.Fprintf(w, `<a rel="next" href="/?cursor=%s&amp;limit=10">Older »</a>`, next)
		}
	})
	mux.HandleFunc("GET /api/v1/stories", func(w http.ResponseWriter, r *http.Request) {
		count("api-list")
		list, next := page(r, 10)
		_ = json.NewEncoder(w).Encode(map[string]any{"stories": list, "next_cursor": next})
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		count("other")
		if failPrefix != "" && strings.HasPrefix(r.URL.Path, failPrefix) {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	srv := httptest.NewUnstartedServer(mux)
	conns := &atomic.Int64{}
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, hits, conns
}

func TestRunReportsEveryEndpoint(t *testing.T) {
	srv, hits, conns := fakeServer(t, "")
	mix := Mix{}
	for _, a := range actionOrder {
		mix[a] = 1
	}
	rep, err := Run(context.Background(), Options{
		BaseURL:     srv.URL,
		Concurrency: 4,
		Warmup:      50 * time.Millisecond,
		Duration:    time.Second,
		Mix:         mix,
		Seed:        1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stories != 30 || rep.BigStories != 1 || rep.LargestStory != 150 || rep.SearchWords == 0 {
		t.Errorf("discovery: %d stories, %d big, largest %d, %d words", rep.Stories, rep.BigStories, rep.LargestStory, rep.SearchWords)
	}
	if len(rep.Endpoints) != len(rows) {
		t.Errorf("%d endpoints reported, want %d", len(rep.Endpoints), len(rows))
	}
	total := 0
	for _, e := range rep.Endpoints {
		if e.Requests == 0 || e.Errors != 0 || e.P50 <= 0 || e.P99 < e.P50 || e.Max < e.P99 {
			t.Errorf("%s: %+v", e.Key, e)
		}
		total += e.Requests
	}
	if rep.Overall.Requests != total || rep.Errors() != 0 {
		t.Errorf("overall %+v, want %d requests", rep.Overall, total)
	}
	if rep.Measured < time.Second || rep.Measured > 3*time.Second {
		t.Errorf("measured %v", rep.Measured)
	}
	// Discovery reads the listing; the load sends at least as many
	// requests again, counted or in the warm-up.
	var sent int64
	hits.Range(func(_, v any) bool { sent += v.(*atomic.Int64).Load(); return true })
	if sent < int64(total) {
		t.Errorf("server saw %d requests, report counts %d", sent, total)
	}
	if n := conns.Load(); n > 8 {
		t.Errorf("%d connections opened for 4 workers: keep-alive is not working", n)
	}
}

func TestRunCountsFailures(t *testing.T) {
	srv, _, _ := fakeServer(t, "/search")
	rep, err := Run(context.Background(), Options{
		BaseURL:     srv.URL,
		Concurrency: 2,
		Duration:    150 * time.Millisecond,
		Mix:         Mix{ActStory: 1, ActSearch: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Endpoints {
		switch {
		case e.Key == "search" && (e.Errors == 0 || e.Errors != e.Requests || !strings.Contains(e.FirstError, "status 500")):
			t.Errorf("search: %+v", e)
		case e.Key != "search" && e.Errors != 0:
			t.Errorf("%s: %+v", e.Key, e)
		}
	}
	if rep.Errors() == 0 || !strings.HasPrefix(rep.Overall.FirstError, "GET /search?q=") {
		t.Errorf("overall: %+v", rep.Overall)
	}
}

func TestRunNeedsStories(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"stories":[]}`)
	}))
	defer srv.Close()
	if _, err := Run(context.Background(), Options{BaseURL: srv.URL, Duration: time.Millisecond}); err == nil || !strings.Contains(err.Error(), "no stories") {
		t.Errorf("Run on an empty server: %v", err)
	}
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	if _, err := Run(context.Background(), Options{BaseURL: broken.URL, Duration: time.Millisecond}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("Run on a failing server: %v", err)
	}
}
