package poll

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/feed"
	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
)

// Accept headers: what a source and an article page are asked for.
const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
)

// maxChildSitemaps caps the child sitemaps of a sitemap index read in one
// poll, newest first.
const maxChildSitemaps = 3

// entry is one item of a feed or sitemap, before it becomes an article.
type entry struct {
	url, title, content, summary, lang string
	published                          time.Time
}

// document is what a source's body held.
type document struct {
	title, siteURL string
	entries        []entry
}

// pollSource polls one source and records the outcome. It never fails:
// what went wrong is in the result and in the store.
func (p *Poller) pollSource(ctx context.Context, s *session, src news.Source) result {
	r := result{src: src}
	at := p.opts.Now()
	sctx, cancel := context.WithTimeout(ctx, p.opts.SourceTimeout)
	defer cancel()

	fr := news.FetchResult{At: at.UTC()}
	var retryAfter time.Duration
	doc, res, err := p.read(sctx, src)
	if err == nil && res.MovedTo != "" {
		r.movedTo = p.move(ctx, src, res.MovedTo)
	}
	switch {
	case err != nil:
		r.err = err
		if res != nil {
			fr.Status = res.Status
		}
		if se, ok := errors.AsType[*fetch.StatusError](err); ok {
			fr.Status, retryAfter = se.Code, se.RetryAfter
		}
	case res.NotModified:
		r.notModified = true
		fr.Status, fr.ETag, fr.LastModified = res.Status, res.ETag, res.LastModified
	default:
		fr.Status, fr.ETag, fr.LastModified = res.Status, res.ETag, res.LastModified
		fr.Title, fr.SiteURL = doc.title, doc.siteURL
		articles, items, itemErrors := p.articles(sctx, src, doc)
		r.items, r.itemErrors = items, itemErrors
		if itemErrors > 0 {
			// Read the whole feed again next time, to retry those items.
			fr.ETag, fr.LastModified = "", ""
		}
		added, err := s.place(ctx, articles)
		r.added = added
		if err != nil {
			// The store or the pipeline failed, or we are stopping: leave
			// the source due, to be polled again.
			r.err = fmt.Errorf("poll %s: %w", src.URL, err)
			return r
		}
	}
	if ctx.Err() != nil {
		return r // stopping: not the source's failure
	}
	if r.err != nil {
		fr.Err = r.err.Error()
	}
	fr.NewArticles = r.added
	fr.NextFetch = p.opts.Policy.Next(at, src.Interval, src.Failures, src.Unchanged,
		Outcome{Failed: r.err != nil, RetryAfter: retryAfter, NewArticles: r.added}).UTC()
	if err := p.store.RecordFetch(ctx, src.ID, fr); err != nil && !errors.Is(err, news.ErrNotFound) {
		p.log.WarnContext(ctx, "poll: record fetch", "source", src.ID, "url", src.URL, "err", err)
	}
	if r.err != nil {
		p.log.WarnContext(ctx, "poll: source failed", "source", src.ID, "url", src.URL, "err", r.err,
			"failures", src.Failures+1, "next", fr.NextFetch)
	} else {
		p.log.DebugContext(ctx, "poll: source polled", "source", src.ID, "url", src.URL, "status", fr.Status,
			"items", r.items, "added", r.added, "item_errors", r.itemErrors, "next", fr.NextFetch)
	}
	return r
}

// move follows src at to, where it answered with a permanent redirect
// and was read successfully, and returns to; or "" when to is the same
// source (another spelling of its URL) or cannot be stored. A move onto
// an address another source already follows is logged and left alone:
// both then poll the same feed, and stored articles are never duplicated.
func (p *Poller) move(ctx context.Context, src news.Source, to string) string {
	if news.CanonicalURL(to) == news.CanonicalURL(src.URL) {
		return ""
	}
	if _, err := p.store.UpdateSource(ctx, src.ID, news.SourceUpdate{URL: &to}); err != nil {
		p.log.WarnContext(ctx, "poll: source moved, its address not updated", "source", src.ID, "from", src.URL, "to", to, "err", err)
		return ""
	}
	p.log.InfoContext(ctx, "poll: source moved permanently, following it at its new address", "source", src.ID, "from", src.URL, "to", to)
	return to
}

// read fetches a source and parses what it holds. res.NotModified means
// nothing changed and doc is empty.
func (p *Poller) read(ctx context.Context, src news.Source) (document, *fetch.Response, error) {
	res, err := p.fetch.Get(ctx, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified, Accept: acceptFeed})
	if err != nil {
		return document{}, nil, err
	}
	if res.NotModified {
		return document{}, res, nil
	}
	doc, err := p.parse(ctx, res, true)
	return doc, res, err
}

// parse reads a fetched body as a feed or sitemap. An HTML page is looked
// into for the feed it links to when discover is true.
func (p *Poller) parse(ctx context.Context, res *fetch.Response, discover bool) (document, error) {
	switch k := feed.Sniff(res.Body, res.ContentType); k {
	case feed.KindFeed:
		f, err := feed.Parse(res.Body, res.URL)
		if err != nil {
			return document{}, fmt.Errorf("read feed %s: %w", res.URL, err)
		}
		return feedDocument(f), nil
	case feed.KindSitemap, feed.KindSitemapIndex:
		return p.sitemap(ctx, res)
	case feed.KindHTML:
		links := feed.Discover(res.Body, res.URL)
		if !discover || len(links) == 0 {
			return document{}, fmt.Errorf("read %s: an HTML page, not a feed or sitemap", res.URL)
		}
		sub, err := p.fetch.Get(ctx, fetch.Request{URL: links[0], Accept: acceptFeed})
		if err != nil {
			return document{}, err
		}
		doc, err := p.parse(ctx, sub, false)
		if doc.siteURL == "" {
			doc.siteURL = res.URL
		}
		return doc, err
	default:
		return document{}, fmt.Errorf("read %s: not a feed or sitemap (%s, %d bytes)", res.URL, describeType(res.ContentType), len(res.Body))
	}
}

func describeType(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}

func feedDocument(f feed.Feed) document {
	doc := document{title: f.Title, siteURL: f.Link, entries: make([]entry, 0, len(f.Items))}
	for _, it := range f.Items {
		doc.entries = append(doc.entries, entry{
			url: it.URL, title: it.Title, content: it.Content, summary: it.Summary,
			lang: it.Lang, published: it.Published,
		})
	}
	return doc
}

// sitemap reads a sitemap, or the newest few children of a sitemap index.
func (p *Poller) sitemap(ctx context.Context, res *fetch.Response) (document, error) {
	sm, err := feed.ParseSitemap(res.Body, res.URL)
	if err != nil {
		return document{}, fmt.Errorf("read sitemap %s: %w", res.URL, err)
	}
	var doc document
	if sm.Kind == feed.KindSitemapIndex {
		children := slices.Clone(sm.Sitemaps)
		slices.SortStableFunc(children, func(a, b feed.SitemapRef) int { return b.LastMod.Compare(a.LastMod) })
		var errs []error
		for _, c := range children[:min(len(children), maxChildSitemaps)] {
			sub, err := p.fetch.Get(ctx, fetch.Request{URL: c.Loc, Accept: acceptFeed})
			if err != nil {
				errs = append(errs, err)
				continue
			}
			child, err := feed.ParseSitemap(sub.Body, sub.URL)
			if err != nil {
				errs = append(errs, fmt.Errorf("read sitemap %s: %w", sub.URL, err))
				continue
			}
			doc.entries = append(doc.entries, sitemapEntries(child)...)
		}
		if len(doc.entries) == 0 && len(errs) > 0 {
			return document{}, errors.Join(errs...)
		}
		return doc, nil
	}
	doc.entries = sitemapEntries(sm)
	return doc, nil
}

func sitemapEntries(sm feed.Sitemap) []entry {
	out := make([]entry, 0, len(sm.URLs))
	for _, u := range sm.URLs {
		e := entry{url: u.Loc, published: u.LastMod}
		if u.News != nil {
			e.title, e.lang = u.News.Title, u.News.Lang
			if !u.News.Published.IsZero() {
				e.published = u.News.Published
			}
		}
		out = append(out, e)
	}
	return out
}

// articles turns the new entries of a document into articles, oldest
// first. It returns the articles, the number of new entries and the
// number that could not be read.
func (p *Poller) articles(ctx context.Context, src news.Source, doc document) ([]*news.Article, int, int) {
	fresh := p.fresh(ctx, doc.entries)
	outlet := outletName(src, doc)
	out := make([]*news.Article, len(fresh))
	var (
		wg     sync.WaitGroup
		sem    = make(chan struct{}, p.opts.PageConcurrency)
		mu     sync.Mutex
		failed int
	)
	for i, e := range fresh {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			a, err := p.article(ctx, e)
			if err != nil {
				p.log.DebugContext(ctx, "poll: item skipped", "source", src.ID, "url", e.url, "err", err)
				mu.Lock()
				failed++
				mu.Unlock()
				return
			}
			a.Source, a.Origin = outlet, src.URL
			out[i] = a
		})
	}
	wg.Wait()
	articles := slices.DeleteFunc(out, func(a *news.Article) bool { return a == nil })
	// Publication order, so stories grow as they did; undated last, in
	// feed order.
	slices.SortStableFunc(articles, func(a, b *news.Article) int {
		switch {
		case a.Published.IsZero() || b.Published.IsZero():
			return cmp.Compare(boolInt(a.Published.IsZero()), boolInt(b.Published.IsZero()))
		default:
			return a.Published.Compare(b.Published)
		}
	})
	return articles, len(fresh), failed
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fresh returns the entries not stored yet, in document order, at most
// MaxItems of them; repeats within the document are dropped.
func (p *Poller) fresh(ctx context.Context, entries []entry) []entry {
	var out []entry
	seen := make(map[string]bool)
	for _, e := range entries {
		if len(out) >= p.opts.MaxItems || ctx.Err() != nil {
			break
		}
		id := news.Identity(e.url, "", "")
		if !strings.HasPrefix(id, "url:") || seen[id] {
			continue
		}
		seen[id] = true
		stored, err := p.store.HasIdentity(ctx, id)
		if err != nil {
			p.log.WarnContext(ctx, "poll: identity lookup", "url", e.url, "err", err)
			continue
		}
		if !stored {
			out = append(out, e)
		}
	}
	return out
}

// article makes one entry an article: from the feed's content when it is
// a full text, else from the linked page.
func (p *Poller) article(ctx context.Context, e entry) (*news.Article, error) {
	a := &news.Article{
		Identity:  news.Identity(e.url, "", ""),
		URL:       e.url,
		Title:     e.title,
		Lang:      e.lang,
		Published: e.published,
	}
	if wordCount(e.content) >= p.opts.FullTextWords {
		a.Text = e.content
		a.Lang = cmp.Or(a.Lang, extract.Language(a.Title+"\n"+a.Text))
		return a, nil
	}
	res, err := p.fetch.Get(ctx, fetch.Request{URL: e.url, Accept: acceptPage})
	if err != nil {
		return nil, err
	}
	page, err := extract.Page(res.Body, res.URL)
	if err != nil {
		// No article in the page: the feed's own text will do, if any.
		a.Text = cmp.Or(e.content, e.summary)
		if a.Text == "" {
			return nil, fmt.Errorf("read %s: %w", res.URL, err)
		}
		a.Lang = cmp.Or(a.Lang, extract.Language(a.Title+"\n"+a.Text))
		return a, nil
	}
	a.URL = res.URL // where the page is now, after redirects
	a.Text = page.Text
	a.Title = cmp.Or(a.Title, page.Title)
	// The language detected in the article's text, before what the feed
	// declares: declarations are per feed or per site, and on the
	// extraction benchmark the pages that declared a language other than
	// the one detected were all wrong about it.
	a.Lang = cmp.Or(page.Lang, a.Lang)
	if a.Published.IsZero() && !page.Published.IsZero() {
		a.Published = page.Published.UTC()
	}
	return a, nil
}

// outletName is what articles of a source name as their Source: the
// source's title, the feed's, or the site's host.
func outletName(src news.Source, doc document) string {
	if t := cmp.Or(src.Title, doc.title); t != "" {
		return t
	}
	for _, raw := range []string{src.SiteURL, doc.siteURL, src.URL} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return src.URL
}

func wordCount(s string) int {
	return len(strings.Fields(s))
}
