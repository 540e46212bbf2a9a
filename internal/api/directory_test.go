package api_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite/sqlitetest"
)

// directoryServer serves three stories: story 1, where Coastal Herald and
// Northern Post give different counts of cars; story 2, where they give
// the same tonnage; and story 3, Northern Post alone, in French.
func directoryServer(t *testing.T) *httptest.Server {
	t.Helper()
	st := sqlitetest.Open(t)
	varga := news.EntityRef{Name: "Ilse Varga", Type: "PER", Aliases: []string{"Varga"}, Titles: []string{"Mayor"}, Mentions: 2, Key: "PER:ilse varga"}
	claim := func(text string, v float64, unit, measure string) news.Claim {
		return news.Claim{Text: text, Value: v, Low: v, High: v, Hedge: "exact", Unit: unit, Measure: measure}
	}
	arts := []news.Article{
		{Source: "Coastal Herald", Title: "Bridge reopens", Text: "Bridge text.", StoryID: 1, Lang: "en",
			Annotations: &news.Annotations{Entities: []news.EntityRef{varga},
				Claims: []news.Claim{claim("40,000 cars", 40000, "cars", "cars crossing the bridge each day")}}},
		{Source: "Northern Post", Title: "Bridge traffic resumes", Text: "Bridge text again.", StoryID: 1, Lang: "en",
			Annotations: &news.Annotations{Entities: []news.EntityRef{{Name: "Varga", Type: "PER", Mentions: 1, Key: "PER:varga"}},
				Claims: []news.Claim{claim("25,000 cars", 25000, "cars", "cars crossing the bridge each day")}}},
		{Source: "Coastal Herald", Title: "Harbour cargo", Text: "Cargo text.", StoryID: 2, Lang: "en",
			Annotations: &news.Annotations{Entities: []news.EntityRef{varga},
				Claims: []news.Claim{claim("1,200 tonnes", 1200, "tonnes", "cargo stranded at the quay")}}},
		{Source: "Northern Post", Title: "Cargo stranded", Text: "Cargo text again.", StoryID: 2, Lang: "en",
			Annotations: &news.Annotations{
				Claims: []news.Claim{claim("1,200 tonnes", 1200, "tonnes", "cargo stranded at the quay")}}},
		{Source: "Northern Post", Title: "Le marché rouvre", Text: "Texte.", StoryID: 3, Lang: "fr"},
	}
	for i := range arts {
		arts[i].Published = base.Add(time.Duration(i) * time.Hour)
	}
	sqlitetest.Add(t, st, arts...)
	mux := http.NewServeMux()
	api.New(st, slog.New(slog.DiscardHandler)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func storyListIDs(stories []news.Story) []int64 {
	var ids []int64
	for _, s := range stories {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestEntityEndpoint(t *testing.T) {
	srv := directoryServer(t)
	var got struct {
		Entity  news.EntitySummary `json:"entity"`
		Stories []news.Story       `json:"stories"`
	}
	getJSON(t, srv, "/api/v1/entities/"+url.PathEscape("PER:ilse varga"), http.StatusOK, &got)
	if got.Entity.Name != "Ilse Varga" || got.Entity.Articles != 2 || got.Entity.Stories != 2 {
		t.Errorf("entity = %+v, want Ilse Varga in 2 articles of 2 stories", got.Entity)
	}
	if !slices.Equal(storyListIDs(got.Stories), []int64{2, 1}) {
		t.Errorf("entity stories = %v, want [2 1]", storyListIDs(got.Stories))
	}
	var missing struct {
		Error api.Problem `json:"error"`
	}
	getJSON(t, srv, "/api/v1/entities/"+url.PathEscape("PER:nobody"), http.StatusNotFound, &missing)
	if missing.Error.Code != "not_found" {
		t.Errorf("unknown entity: %+v", missing.Error)
	}
}

func TestOutletEndpoints(t *testing.T) {
	srv := directoryServer(t)
	var list struct {
		Outlets []news.OutletSummary `json:"outlets"`
	}
	getJSON(t, srv, "/api/v1/outlets", http.StatusOK, &list)
	if len(list.Outlets) != 2 || list.Outlets[0].Name != "Northern Post" || list.Outlets[0].Articles != 3 {
		t.Errorf("outlets = %+v, want Northern Post (3 articles) first of 2", list.Outlets)
	}
	var got struct {
		Outlet  news.OutletSummary `json:"outlet"`
		Record  api.OutletRecord   `json:"record"`
		Stories []news.Story       `json:"stories"`
	}
	getJSON(t, srv, "/api/v1/outlets/"+url.PathEscape("Coastal Herald"), http.StatusOK, &got)
	if got.Outlet.Articles != 2 || got.Outlet.Stories != 2 || got.Outlet.First != 2 {
		t.Errorf("outlet = %+v, want 2 articles, 2 stories, first on both", got.Outlet)
	}
	want := api.OutletRecord{Stories: 2, Figures: 2, Differed: 1, Contradicted: 1}
	if got.Record != want {
		t.Errorf("record = %+v, want %+v (the car counts contradict, the tonnage agrees)", got.Record, want)
	}
	if !slices.Equal(storyListIDs(got.Stories), []int64{2, 1}) {
		t.Errorf("outlet stories = %v, want [2 1]", storyListIDs(got.Stories))
	}
	getJSON(t, srv, "/api/v1/outlets/"+url.PathEscape("Northern Post")+"?lang=fr", http.StatusOK, &got)
	if !slices.Equal(storyListIDs(got.Stories), []int64{3}) {
		t.Errorf("outlet stories in French = %v, want [3]", storyListIDs(got.Stories))
	}
	getJSON(t, srv, "/api/v1/outlets/Nowhere", http.StatusNotFound, &struct{}{})
}

func TestStoryListFilters(t *testing.T) {
	srv := directoryServer(t)
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"source=" + url.QueryEscape("Coastal Herald"), []int64{2, 1}},
		{"entity=" + url.QueryEscape("PER:varga"), []int64{1}},
		{"lang=fr", []int64{3}},
		{"since=" + base.Add(150*time.Minute).Format(time.RFC3339), []int64{3, 2}},
		{"until=" + base.Add(90*time.Minute).Format(time.RFC3339), []int64{1}},
		{"since=2024-03-10&until=2024-03-11", []int64{3, 2, 1}},
		{"since=2024-03-11", nil},
	} {
		var got struct {
			Stories []news.Story `json:"stories"`
		}
		getJSON(t, srv, "/api/v1/stories?"+tc.query, http.StatusOK, &got)
		if !slices.Equal(storyListIDs(got.Stories), tc.want) {
			t.Errorf("stories?%s = %v, want %v", tc.query, storyListIDs(got.Stories), tc.want)
		}
	}
	for _, bad := range []string{"since=yesterday", "until=2024-13-01", "since=2024-03-11&until=2024-03-10", "since=0d"} {
		var got struct {
			Error api.Problem `json:"error"`
		}
		getJSON(t, srv, "/api/v1/stories?"+bad, http.StatusBadRequest, &got)
		if got.Error.Code != "bad_request" {
			t.Errorf("stories?%s: %+v, want bad_request", bad, got.Error)
		}
	}
}

func TestTimeParam(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		raw  string
		want time.Time
	}{
		{"", time.Time{}},
		{"24h", now.Add(-24 * time.Hour)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-03-01T10:00:00+02:00", time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)},
	} {
		got, err := api.TimeParam(url.Values{"since": {tc.raw}}, "since", now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("TimeParam(%q) = %v, %v; want %v", tc.raw, got, err, tc.want)
		}
	}
	for _, raw := range []string{"-1d", "1w", "h", "99999999d", "tomorrow"} {
		if _, err := api.TimeParam(url.Values{"since": {raw}}, "since", now); err == nil {
			t.Errorf("TimeParam(%q) accepted", raw)
		}
	}
}

func TestFilterValuesRoundTrip(t *testing.T) {
	f := news.StoryFilter{MinArticles: 2, Since: base, Until: base.Add(time.Hour), Source: "Coastal Herald", Entity: "PER:ilse varga", Language: "en"}
	got, err := api.StoryFilterAt(api.FilterValues(f), base)
	if err != nil {
		t.Fatal(err)
	}
	got.Limit = 0
	if got.MinArticles != f.MinArticles || !got.Since.Equal(f.Since) || !got.Until.Equal(f.Until) ||
		got.Source != f.Source || got.Entity != f.Entity || got.Language != f.Language {
		t.Errorf("round trip = %+v, want %+v", got, f)
	}
}
