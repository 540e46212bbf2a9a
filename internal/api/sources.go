package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// maxSourceBody caps the body of POST /api/v1/sources.
const maxSourceBody = 64 << 10

// minSourceInterval is the shortest polling interval a client may ask for.
const minSourceInterval = time.Minute

// sourceHandlers serve the routes of followed sources (see Routes):
//
//	GET    /api/v1/sources       every source with its polling state
//	POST   /api/v1/sources       follow a feed or sitemap: {"url", "kind", "title", "interval"}
//	GET    /api/v1/sources/{id}  one source
//	DELETE /api/v1/sources/{id}  stop following it (its articles stay)
type sourceHandlers struct {
	*API
	store news.SourceStore
}

type sourceList struct {
	Sources []news.Source `json:"sources"`
}

type sourceOne struct {
	Source news.Source `json:"source"`
}

// sourceRequest is the body of POST /api/v1/sources. Interval is a Go
// duration ("30m", "2h"); empty means the poller's default.
type sourceRequest struct {
	URL      string `json:"url"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Interval string `json:"interval"`
}

func (h sourceHandlers) list(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Sources(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if list == nil {
		list = []news.Source{}
	}
	h.reply(w, r, sourceList{list})
}

func (h sourceHandlers) get(w http.ResponseWriter, r *http.Request) {
	id, err := ParseID("source", r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	src, err := h.store.Source(r.Context(), id)
	if err != nil {
		h.fail(w, r, NotFound(err, "source %d", id))
		return
	}
	h.reply(w, r, sourceOne{src})
}

func (h sourceHandlers) remove(w http.ResponseWriter, r *http.Request) {
	id, err := ParseID("source", r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.RemoveSource(r.Context(), id); err != nil {
		h.fail(w, r, NotFound(err, "source %d", id))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// add follows the feed or sitemap named in the body. The URL is stored as
// given (the poller reads whatever it finds there, and a site's HTML page
// is searched for its feed on each poll); `parallax sources add` resolves
// a site to its feed first. Only application/json bodies are accepted, so
// a cross-site form cannot post here without a CORS preflight.
func (h sourceHandlers) add(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		h.fail(w, r, BadParam("content type", r.Header.Get("Content-Type"), "must be application/json"))
		return
	}
	var req sourceRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, maxSourceBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		h.fail(w, r, Describe(ErrBadParam, "invalid body: %s", strings.TrimPrefix(err.Error(), "json: ")))
		return
	}
	src, err := req.source()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	stored, err := h.store.AddSource(r.Context(), src)
	if errors.Is(err, news.ErrDuplicate) {
		h.conflict(w, r, Describe(err, "%s is already followed%s", shorten(src.URL, 200), h.followedAs(r, src.URL)))
		return
	} else if errors.Is(err, news.ErrInvalid) {
		err = Describe(err, "cannot follow %q: %s", shorten(src.URL, 200), reason(err))
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/sources/%d", stored.ID))
	h.write(w, r, http.StatusCreated, sourceOne{stored})
}

// followedAs names the source that already follows url's canonical URL,
// as " (source 3)", or "" when it cannot be told.
func (h sourceHandlers) followedAs(r *http.Request, url string) string {
	list, err := h.store.Sources(r.Context())
	if err != nil {
		return ""
	}
	canonical := news.CanonicalURL(url)
	for _, s := range list {
		if news.CanonicalURL(s.URL) == canonical {
			return fmt.Sprintf(" (source %d, %s)", s.ID, shorten(s.URL, 200))
		}
	}
	return ""
}

// conflict answers a request refused because what it would create exists
// (news.ErrDuplicate) with 409 Conflict, in the one error shape. The
// error table has no row for news.ErrDuplicate (a duplicate article
// reaching a handler is a server bug, a 500), so when Classify does not
// make it a client error this handler does, with the same body.
func (h sourceHandlers) conflict(w http.ResponseWriter, r *http.Request, err error) {
	p := Classify(err)
	if p.Status >= http.StatusInternalServerError {
		p = Problem{Status: http.StatusConflict, Code: "conflict", Message: news.ErrDuplicate.Error()}
		if pe, ok := errors.AsType[*publicError](err); ok {
			p.Message = pe.msg
		}
	}
	h.write(w, r, p.Status, errorBody{p})
}

// source checks the request and makes the source to store.
func (req sourceRequest) source() (news.Source, error) {
	src := news.Source{URL: strings.TrimSpace(req.URL), Kind: req.Kind, Title: strings.TrimSpace(req.Title)}
	if src.URL == "" {
		return src, BadParam("url", "", "is required")
	}
	if news.CanonicalURL(src.URL) == "" {
		return src, BadParam("url", shorten(src.URL, 200), "must be an absolute http or https URL")
	}
	switch src.Kind {
	case "":
		src.Kind = news.SourceFeed
	case news.SourceFeed, news.SourceSitemap:
	default:
		return src, BadParam("kind", shorten(src.Kind, 40), `must be "feed" or "sitemap"`)
	}
	if req.Interval != "" {
		d, err := time.ParseDuration(req.Interval)
		if err != nil || d < minSourceInterval {
			return src, BadParam("interval", shorten(req.Interval, 40), "must be a duration of at least 1m, such as 30m")
		}
		src.Interval = d
	}
	return src, nil
}

// reason is the last part of a wrapped error message, without the
// sentinel's own text.
func reason(err error) string {
	msg := err.Error()
	msg = strings.TrimSuffix(msg, ": "+news.ErrInvalid.Error())
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}
