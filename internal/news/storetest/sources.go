package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// sourceTests check news.SourceStore.
var sourceTests = []test{
	{"round trip", testSourceRoundTrip},
	{"defaults on add", testSourceDefaults},
	{"invalid", testSourceInvalid},
	{"duplicate canonical URL", testSourceDuplicate},
	{"not found", testSourceNotFound},
	{"list in ID order", testSourcesList},
	{"due ordering and limit", testDueSources},
	{"record success and failure", testRecordFetch},
	{"record fills title only when empty", testRecordFetchTitle},
	{"concurrent records and adds", testSourcesConcurrent},
	{"update settings", testUpdateSource},
	{"update to a moved URL", testUpdateSourceMoved},
	{"update refused", testUpdateSourceRefused},
}

func newSource(url string) news.Source {
	return news.Source{
		URL:       url,
		Kind:      news.SourceFeed,
		Title:     "Harbour Gazette",
		SiteURL:   "https://gazette.example/",
		Interval:  30 * time.Minute,
		Added:     t0,
		NextFetch: hours(1),
	}
}

func addSource(t *testing.T, s news.Store, src news.Source) news.Source {
	t.Helper()
	got, err := s.AddSource(t.Context(), src)
	if err != nil {
		t.Fatalf("AddSource(%s): %v", src.URL, err)
	}
	if got.ID <= 0 {
		t.Fatalf("AddSource(%s) = id %d, want a positive id", src.URL, got.ID)
	}
	return got
}

func getSource(t *testing.T, s news.Store, id int64) news.Source {
	t.Helper()
	src, err := s.Source(t.Context(), id)
	if err != nil {
		t.Fatalf("Source(%d): %v", id, err)
	}
	return src
}

// sourceDiff describes how a stored source differs from want, or returns "".
func sourceDiff(got, want news.Source) string {
	var diffs []string
	for _, tc := range []struct {
		name      string
		got, want time.Time
	}{
		{"Added", got.Added, want.Added},
		{"LastFetched", got.LastFetched, want.LastFetched},
		{"NextFetch", got.NextFetch, want.NextFetch},
	} {
		if !sameTime(tc.got, tc.want) {
			diffs = append(diffs, fmt.Sprintf("%s = %v, want %v", tc.name, tc.got, tc.want))
		}
	}
	got.Added, got.LastFetched, got.NextFetch = time.Time{}, time.Time{}, time.Time{}
	want.Added, want.LastFetched, want.NextFetch = time.Time{}, time.Time{}, time.Time{}
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			diffs = append(diffs, fmt.Sprintf("%s = %#v, want %#v", gv.Type().Field(i).Name,
				gv.Field(i).Interface(), wv.Field(i).Interface()))
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprint(diffs)
}

func testSourceRoundTrip(t *testing.T, s news.Store) {
	in := newSource("https://gazette.example/feed.xml")
	in.ETag, in.LastModified = `"v1"`, "Fri, 01 Mar 2024 11:00:00 GMT"
	in.Kind = news.SourceSitemap
	got := addSource(t, s, in)
	want := in
	want.ID = got.ID
	if d := sourceDiff(got, want); d != "" {
		t.Errorf("AddSource returned:\n%s", d)
	}
	if d := sourceDiff(getSource(t, s, got.ID), want); d != "" {
		t.Errorf("Source after AddSource:\n%s", d)
	}
}

func testSourceDefaults(t *testing.T, s news.Store) {
	in := news.Source{URL: "https://gazette.example/rss", Kind: news.SourceFeed,
		Failures: 3, Unchanged: 2, LastError: "x", LastStatus: 500, Articles: 9, LastFetched: hours(-1)}
	before := time.Now().Add(-time.Second)
	got := addSource(t, s, in)
	after := time.Now().Add(time.Second)
	if got.Added.Before(before) || got.Added.After(after) {
		t.Errorf("Added = %v, want about now", got.Added)
	}
	if !sameTime(got.NextFetch, got.Added) {
		t.Errorf("NextFetch = %v, want Added %v (due at once)", got.NextFetch, got.Added)
	}
	if got.Failures != 0 || got.Unchanged != 0 || got.LastError != "" || got.LastStatus != 0 ||
		got.Articles != 0 || !got.LastFetched.IsZero() || got.Interval != 0 {
		t.Errorf("new source carries polling state: %+v", got)
	}
}

func testSourceInvalid(t *testing.T, s news.Store) {
	for _, tc := range []struct {
		name string
		edit func(*news.Source)
	}{
		{"relative URL", func(src *news.Source) { src.URL = "/feed.xml" }},
		{"ftp URL", func(src *news.Source) { src.URL = "ftp://gazette.example/feed.xml" }},
		{"empty URL", func(src *news.Source) { src.URL = "" }},
		{"unknown kind", func(src *news.Source) { src.Kind = "podcast" }},
		{"empty kind", func(src *news.Source) { src.Kind = "" }},
		{"negative interval", func(src *news.Source) { src.Interval = -time.Minute }},
	} {
		src := newSource("https://gazette.example/feed.xml")
		tc.edit(&src)
		_, err := s.AddSource(t.Context(), src)
		mustFailWith(t, "AddSource with "+tc.name, err, news.ErrInvalid)
	}
	if list, err := s.Sources(t.Context()); err != nil || len(list) != 0 {
		t.Errorf("Sources after invalid adds = %d, %v; want none", len(list), err)
	}
}

func testSourceDuplicate(t *testing.T, s news.Store) {
	first := addSource(t, s, newSource("https://www.gazette.example/feed.xml?utm_source=x"))
	for _, url := range []string{
		"https://www.gazette.example/feed.xml?utm_source=x",
		"https://gazette.example/feed.xml",
		"http://GAZETTE.example/feed.xml#top",
	} {
		_, err := s.AddSource(t.Context(), newSource(url))
		mustFailWith(t, "AddSource("+url+")", err, news.ErrDuplicate)
	}
	list, err := s.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != first.ID || list[0].URL != first.URL {
		t.Errorf("Sources = %+v, want only %+v", list, first)
	}
	// After removal the URL can be followed again.
	if err := s.RemoveSource(t.Context(), first.ID); err != nil {
		t.Fatal(err)
	}
	again := addSource(t, s, newSource("https://gazette.example/feed.xml"))
	if again.ID == first.ID {
		t.Errorf("re-added source reuses id %d", again.ID)
	}
}

func testSourceNotFound(t *testing.T, s news.Store) {
	_, err := s.Source(t.Context(), 42)
	mustFailWith(t, "Source(42)", err, news.ErrNotFound)
	mustFailWith(t, "RemoveSource(42)", s.RemoveSource(t.Context(), 42), news.ErrNotFound)
	mustFailWith(t, "RecordFetch(42)", s.RecordFetch(t.Context(), 42, news.FetchResult{At: t0, NextFetch: hours(1)}), news.ErrNotFound)
	src := addSource(t, s, newSource("https://gazette.example/feed.xml"))
	if err := s.RemoveSource(t.Context(), src.ID); err != nil {
		t.Fatalf("RemoveSource: %v", err)
	}
	_, err = s.Source(t.Context(), src.ID)
	mustFailWith(t, "Source after RemoveSource", err, news.ErrNotFound)
	mustFailWith(t, "RemoveSource twice", s.RemoveSource(t.Context(), src.ID), news.ErrNotFound)
	mustFailWith(t, "RecordFetch after RemoveSource",
		s.RecordFetch(t.Context(), src.ID, news.FetchResult{At: t0, NextFetch: hours(1)}), news.ErrNotFound)
}

func testSourcesList(t *testing.T, s news.Store) {
	if list, err := s.Sources(t.Context()); err != nil || len(list) != 0 {
		t.Fatalf("Sources on an empty store = %v, %v", list, err)
	}
	var ids []int64
	for i := range 5 {
		src := newSource(fmt.Sprintf("https://outlet%d.example/feed", i))
		src.NextFetch = hours(float64(5 - i)) // due order is the reverse of ID order
		ids = append(ids, addSource(t, s, src).ID)
	}
	list, err := s.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := make([]int64, len(list))
	for i, src := range list {
		got[i] = src.ID
	}
	if !reflect.DeepEqual(got, ids) {
		t.Errorf("Sources ids = %v, want %v", got, ids)
	}
}

func testDueSources(t *testing.T, s news.Store) {
	// next fetch in hours from t0; two share a time and go by ID.
	next := []float64{3, 1, 2, 1, 10}
	var ids []int64
	for i, h := range next {
		src := newSource(fmt.Sprintf("https://outlet%d.example/feed", i))
		src.NextFetch = hours(h)
		ids = append(ids, addSource(t, s, src).ID)
	}
	for _, tc := range []struct {
		name  string
		now   time.Time
		limit int
		want  []int64
	}{
		{"nothing due", hours(0.5), 0, nil},
		{"due exactly at now", hours(1), 0, []int64{ids[1], ids[3]}},
		{"earliest first", hours(3), 0, []int64{ids[1], ids[3], ids[2], ids[0]}},
		{"limit", hours(3), 3, []int64{ids[1], ids[3], ids[2]}},
		{"negative limit is no limit", hours(24), -1, []int64{ids[1], ids[3], ids[2], ids[0], ids[4]}},
	} {
		list, err := s.DueSources(t.Context(), tc.now, tc.limit)
		if err != nil {
			t.Fatalf("%s: DueSources: %v", tc.name, err)
		}
		var got []int64
		for _, src := range list {
			got = append(got, src.ID)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: DueSources ids = %v, want %v", tc.name, got, tc.want)
		}
	}
	// A recorded poll moves the source in the due order.
	if err := s.RecordFetch(t.Context(), ids[1], news.FetchResult{At: hours(1), Status: 200, NextFetch: hours(20)}); err != nil {
		t.Fatal(err)
	}
	list, err := s.DueSources(t.Context(), hours(1), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != ids[3] {
		t.Errorf("after RecordFetch, DueSources = %+v, want only source %d", list, ids[3])
	}
}

func testRecordFetch(t *testing.T, s news.Store) {
	src := addSource(t, s, newSource("https://gazette.example/feed.xml"))
	want := src
	steps := []struct {
		name string
		r    news.FetchResult
		edit func(w *news.Source)
	}{
		{"success with articles",
			news.FetchResult{At: hours(1), Status: 200, ETag: `"a"`, LastModified: "mod-a", NextFetch: hours(1.5), NewArticles: 4},
			func(w *news.Source) {
				w.LastFetched, w.LastStatus, w.NextFetch, w.Articles = hours(1), 200, hours(1.5), 4
				w.ETag, w.LastModified = `"a"`, "mod-a"
			}},
		{"not modified",
			news.FetchResult{At: hours(2), Status: 304, ETag: `"a"`, LastModified: "mod-a", NextFetch: hours(2.5)},
			func(w *news.Source) {
				w.LastFetched, w.LastStatus, w.NextFetch, w.Unchanged = hours(2), 304, hours(2.5), 1
			}},
		{"failure keeps validators and unchanged",
			news.FetchResult{At: hours(3), Status: 500, Err: "fetch https://gazette.example/feed.xml: status 500", NextFetch: hours(4)},
			func(w *news.Source) {
				w.LastFetched, w.LastStatus, w.NextFetch = hours(3), 500, hours(4)
				w.Failures, w.LastError = 1, "fetch https://gazette.example/feed.xml: status 500"
			}},
		{"second failure without a response",
			news.FetchResult{At: hours(4), Err: "connection refused", NextFetch: hours(6)},
			func(w *news.Source) {
				w.LastFetched, w.LastStatus, w.NextFetch = hours(4), 0, hours(6)
				w.Failures, w.LastError = 2, "connection refused"
			}},
		{"success without new articles clears the failure",
			news.FetchResult{At: hours(6), Status: 200, ETag: `"b"`, NextFetch: hours(7)},
			func(w *news.Source) {
				w.LastFetched, w.LastStatus, w.NextFetch = hours(6), 200, hours(7)
				w.Failures, w.LastError, w.Unchanged = 0, "", 2
				w.ETag, w.LastModified = `"b"`, ""
			}},
		{"new articles reset unchanged",
			news.FetchResult{At: hours(7), Status: 200, NextFetch: hours(8), NewArticles: 2},
			func(w *news.Source) {
				w.LastFetched, w.NextFetch, w.Articles, w.Unchanged = hours(7), hours(8), 6, 0
				w.ETag = ""
			}},
	}
	for _, st := range steps {
		if err := s.RecordFetch(t.Context(), src.ID, st.r); err != nil {
			t.Fatalf("%s: RecordFetch: %v", st.name, err)
		}
		st.edit(&want)
		if d := sourceDiff(getSource(t, s, src.ID), want); d != "" {
			t.Errorf("%s:\n%s", st.name, d)
		}
	}
	err := s.RecordFetch(t.Context(), src.ID, news.FetchResult{At: hours(9), NextFetch: hours(10), NewArticles: -1})
	mustFailWith(t, "RecordFetch with negative articles", err, news.ErrInvalid)
}

func testRecordFetchTitle(t *testing.T, s news.Store) {
	bare := newSource("https://bare.example/feed")
	bare.Title, bare.SiteURL = "", ""
	named := newSource("https://named.example/feed")
	for _, src := range []news.Source{addSource(t, s, bare), addSource(t, s, named)} {
		r := news.FetchResult{At: hours(1), Status: 200, NextFetch: hours(2), Title: "Feed Title", SiteURL: "https://site.example/"}
		if err := s.RecordFetch(t.Context(), src.ID, r); err != nil {
			t.Fatal(err)
		}
		got := getSource(t, s, src.ID)
		wantTitle, wantSite := src.Title, src.SiteURL
		if wantTitle == "" {
			wantTitle, wantSite = "Feed Title", "https://site.example/"
		}
		if got.Title != wantTitle || got.SiteURL != wantSite {
			t.Errorf("%s: title %q site %q, want %q %q", src.URL, got.Title, got.SiteURL, wantTitle, wantSite)
		}
	}
}

// testSourcesConcurrent records many polls of one source at once, and
// adds one URL from many goroutines: no update is lost, exactly one add
// wins.
func testSourcesConcurrent(t *testing.T, s news.Store) {
	src := addSource(t, s, newSource("https://gazette.example/feed.xml"))
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each+workers)
	var added sync.Map
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				r := news.FetchResult{At: hours(float64(i)), Status: 200, NextFetch: hours(float64(i + 1)), NewArticles: 1}
				if (w+i)%3 == 0 {
					r = news.FetchResult{At: hours(float64(i)), Status: 503, Err: "unavailable", NextFetch: hours(float64(i + 1))}
				}
				if err := s.RecordFetch(t.Context(), src.ID, r); err != nil {
					errs <- fmt.Errorf("worker %d record %d: %w", w, i, err)
				}
				if _, err := s.Sources(t.Context()); err != nil {
					errs <- fmt.Errorf("worker %d list: %w", w, err)
				}
			}
			got, err := s.AddSource(t.Context(), newSource("https://rival.example/feed"))
			switch {
			case err == nil:
				added.Store(got.ID, true)
			case !errors.Is(err, news.ErrDuplicate):
				errs <- fmt.Errorf("worker %d add: %w", w, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	successes := 0
	for w := range workers {
		for i := range each {
			if (w+i)%3 != 0 {
				successes++
			}
		}
	}
	if got := getSource(t, s, src.ID); got.Articles != successes {
		t.Errorf("Articles = %d after %d successful records of 1, want %d", got.Articles, successes, successes)
	}
	n := 0
	added.Range(func(any, any) bool { n++; return true })
	if n != 1 {
		t.Errorf("%d concurrent adds of one URL succeeded, want 1", n)
	}
}

func ptr[T any](v T) *T { return &v }

func testUpdateSource(t *testing.T, s news.Store) {
	src := newSource("https://gazette.example/feed.xml")
	src.ETag, src.LastModified = `"v1"`, "Fri, 01 Mar 2024 11:00:00 GMT"
	src = addSource(t, s, src)
	if err := s.RecordFetch(t.Context(), src.ID, news.FetchResult{At: hours(1), Status: 200, NextFetch: hours(2),
		NewArticles: 3, ETag: `"v2"`}); err != nil {
		t.Fatal(err)
	}
	before := getSource(t, s, src.ID)

	// An empty update changes nothing.
	got, err := s.UpdateSource(t.Context(), src.ID, news.SourceUpdate{})
	if err != nil {
		t.Fatalf("UpdateSource(empty): %v", err)
	}
	if d := sourceDiff(got, before); d != "" {
		t.Errorf("empty update returned:\n%s", d)
	}

	// Settings change; polling state and validators stay.
	got, err = s.UpdateSource(t.Context(), src.ID, news.SourceUpdate{
		Kind: ptr(news.SourceSitemap), Title: ptr("The Gazette"), SiteURL: ptr("https://gazette.example/home"),
		Interval: ptr(2 * time.Hour),
		// The same canonical URL, written differently: not a move.
		URL: ptr("https://www.gazette.example/feed.xml?utm_source=rss"),
	})
	if err != nil {
		t.Fatalf("UpdateSource: %v", err)
	}
	want := before
	want.Kind, want.Title, want.SiteURL, want.Interval = news.SourceSitemap, "The Gazette", "https://gazette.example/home", 2*time.Hour
	want.URL = "https://www.gazette.example/feed.xml?utm_source=rss"
	if d := sourceDiff(got, want); d != "" {
		t.Errorf("UpdateSource returned:\n%s", d)
	}
	if d := sourceDiff(getSource(t, s, src.ID), want); d != "" {
		t.Errorf("Source after UpdateSource:\n%s", d)
	}
}

func testUpdateSourceMoved(t *testing.T, s news.Store) {
	src := newSource("https://gazette.example/feed.xml")
	src.ETag, src.LastModified = `"v1"`, "Fri, 01 Mar 2024 11:00:00 GMT"
	src = addSource(t, s, src)
	got, err := s.UpdateSource(t.Context(), src.ID, news.SourceUpdate{URL: ptr("https://feeds.gazette.example/all.rss")})
	if err != nil {
		t.Fatalf("UpdateSource(moved): %v", err)
	}
	want := src
	want.URL, want.ETag, want.LastModified = "https://feeds.gazette.example/all.rss", "", ""
	if d := sourceDiff(got, want); d != "" {
		t.Errorf("moved source:\n%s", d)
	}
	// The old address is free to follow again; the new one is taken.
	addSource(t, s, newSource("https://gazette.example/feed.xml"))
	_, err = s.AddSource(t.Context(), newSource("https://feeds.gazette.example/all.rss"))
	mustFailWith(t, "AddSource(the moved source's new URL)", err, news.ErrDuplicate)
}

func testUpdateSourceRefused(t *testing.T, s news.Store) {
	_, err := s.UpdateSource(t.Context(), 42, news.SourceUpdate{Title: ptr("x")})
	mustFailWith(t, "UpdateSource(42)", err, news.ErrNotFound)
	a := addSource(t, s, newSource("https://gazette.example/feed.xml"))
	b := addSource(t, s, newSource("https://post.example/rss"))
	for _, tc := range []struct {
		name string
		u    news.SourceUpdate
		want error
	}{
		{"relative URL", news.SourceUpdate{URL: ptr("/feed.xml")}, news.ErrInvalid},
		{"ftp URL", news.SourceUpdate{URL: ptr("ftp://gazette.example/feed.xml")}, news.ErrInvalid},
		{"unknown kind", news.SourceUpdate{Kind: ptr("podcast")}, news.ErrInvalid},
		{"negative interval", news.SourceUpdate{Interval: ptr(-time.Minute)}, news.ErrInvalid},
		{"another source's URL", news.SourceUpdate{URL: ptr("http://www.post.example/rss#x"), Title: ptr("changed")}, news.ErrDuplicate},
	} {
		_, err := s.UpdateSource(t.Context(), a.ID, tc.u)
		mustFailWith(t, "UpdateSource with "+tc.name, err, tc.want)
	}
	if d := sourceDiff(getSource(t, s, a.ID), a); d != "" {
		t.Errorf("source changed by refused updates:\n%s", d)
	}
	if d := sourceDiff(getSource(t, s, b.ID), b); d != "" {
		t.Errorf("other source changed:\n%s", d)
	}
	if err := s.RemoveSource(t.Context(), a.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.UpdateSource(t.Context(), a.ID, news.SourceUpdate{Title: ptr("x")})
	mustFailWith(t, "UpdateSource after RemoveSource", err, news.ErrNotFound)
}
