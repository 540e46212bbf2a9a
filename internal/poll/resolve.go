package poll

import (
	"context"
	"errors"
	"fmt"

	"github.com/parallax-news/parallax/internal/feed"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
)

// ErrNoFeed reports a site in which no feed or sitemap could be found.
var ErrNoFeed = errors.New("no feed found")

// maxCandidates caps the feed addresses Resolve tries for one site.
const maxCandidates = 12

// Resolve finds what to follow at rawURL: a feed or sitemap is taken as it
// is (at its address after redirects); an HTML page is searched for the
// feeds it links to (feed.Discover), and failing those the usual feed
// addresses of the site are tried (feed.Guesses). The source returned is
// not stored. Errors name the URL; a site without a feed is ErrNoFeed, a
// URL that is not http or https news.ErrInvalid.
func Resolve(ctx context.Context, f Fetcher, rawURL string) (news.Source, error) {
	if news.CanonicalURL(rawURL) == "" {
		return news.Source{}, fmt.Errorf("follow %q: not an absolute http or https URL: %w", rawURL, news.ErrInvalid)
	}
	res, err := f.Get(ctx, fetch.Request{URL: rawURL, Accept: acceptFeed + ", text/html;q=0.8"})
	if err != nil {
		return news.Source{}, err
	}
	src, kind, err := sourceOf(res)
	if err == nil {
		return src, nil
	}
	if kind != feed.KindHTML {
		return news.Source{}, err
	}
	page := res.URL
	candidates := feed.Discover(res.Body, page)
	candidates = append(candidates, feed.Guesses(page)...)
	tried := make(map[string]bool)
	var errs []error
	for _, c := range candidates {
		if tried[c] || len(tried) >= maxCandidates {
			continue
		}
		tried[c] = true
		sub, err := f.Get(ctx, fetch.Request{URL: c, Accept: acceptFeed})
		if err != nil {
			if ctx.Err() != nil {
				return news.Source{}, err
			}
			errs = append(errs, err)
			continue
		}
		src, _, err := sourceOf(sub)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if src.SiteURL == "" {
			src.SiteURL = page
		}
		return src, nil
	}
	return news.Source{}, fmt.Errorf("follow %s: %w: the page links none and %d usual addresses gave none (%v)",
		rawURL, ErrNoFeed, len(tried), errors.Join(errs...))
}

// sourceOf makes a source of a fetched feed or sitemap; for anything else
// it returns an error and what the document is.
func sourceOf(res *fetch.Response) (news.Source, feed.Kind, error) {
	switch k := feed.Sniff(res.Body, res.ContentType); k {
	case feed.KindFeed:
		f, err := feed.Parse(res.Body, res.URL)
		if err != nil {
			return news.Source{}, k, fmt.Errorf("read feed %s: %w", res.URL, err)
		}
		return news.Source{URL: res.URL, Kind: news.SourceFeed, Title: f.Title, SiteURL: f.Link}, k, nil
	case feed.KindSitemap, feed.KindSitemapIndex:
		if _, err := feed.ParseSitemap(res.Body, res.URL); err != nil {
			return news.Source{}, k, fmt.Errorf("read sitemap %s: %w", res.URL, err)
		}
		return news.Source{URL: res.URL, Kind: news.SourceSitemap}, k, nil
	default:
		return news.Source{}, k, fmt.Errorf("read %s: %s, not a feed or sitemap", res.URL, k)
	}
}
