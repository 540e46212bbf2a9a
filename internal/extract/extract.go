// Package extract turns a saved or fetched HTML page into an article: its
// main text, title, byline, language, site name, canonical URL and
// publication date.
//
// It wraps go-trafilatura (its own extractor, without the readability and
// DOM-distiller fallbacks) for the text and metadata, and go-htmldate for
// the date. The package is pure: it does no I/O and does not log.
//
// # Speed
//
// A page is decoded and parsed once (x/net/html); go-trafilatura and
// go-htmldate both work on that one tree, and go-trafilatura is told not
// to run go-htmldate itself or to extract comments. Nearly all of Page's
// time is the library's. In a CPU profile of `parallax eval extract` on
// the shared benchmark, parsing is a quarter of Page and
// trafilatura.ExtractDocument 70% (its metadata 22%, its language
// detector 18%, its three copies of the tree 12%), and what Page adds
// (charset and binary checks, pruning, rendering the text, go-htmldate)
// about 4%. BenchmarkCorpus times Page against the library alone (parse
// and ExtractDocument with Page's options: about 5% less CPU) and against
// go-trafilatura with its defaults (two thirds more CPU: it extracts
// comments and runs go-htmldate on its own); `parallax eval extract
// --baseline --rounds N` does the same in alternating rounds, with the
// process's CPU time per page, which a busy machine disturbs far less
// than pages/s.
//
// # Language
//
// The language is go-trafilatura's guess from the extracted text, made
// with whatlanggo (the RadhiFadlillah fork it imports), and the page's
// <html lang> only when there is no guess. whatlanggo costs little: its
// trigram profiles for 84 languages are package variables, 348 KB of
// heap in 90 allocations built in 0.35 ms when the program starts
// (GODEBUG=inittrace=1), and first use adds nothing more
// (TestLanguageDetectorCost); it takes about 1.5 ms on a benchmark
// article (BenchmarkLanguage), time go-trafilatura spends on every page
// whether or not its answer is used. On the 181 benchmark pages its guess
// from the whole text agrees with the declared language on 147 of the 151
// that declare one, and in the 4 others the declaration is wrong (German
// posts declaring English, English ones declaring German); the 30 pages
// that declare nothing all get a language. lingua-go, the accurate
// alternative, would add a module and, by the figures measured for the
// issue, 127 MB to the binary and about 1.4 GB of memory with all its
// languages (620 MB with 21, 100 MB in its low-accuracy mode), for no gain
// on article-length text; CLD2 needs cgo,
// and Parallax builds without it. whatlanggo is weak on a sentence or two
// (on the first 80 bytes of the benchmark texts it agrees with its
// whole-text guess for 161 of 181), so Language, for text that does not
// come through Page, answers only when its confidence is at least 0.4
// (125 right of 126 answered on those 80 bytes).
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// MaxPageBytes is the largest page Page accepts.
const MaxPageBytes = 10 << 20

// Page reads at most maxTextBytes of text and maxElements elements from
// one page and drops the rest before extraction: the extractor's time grows
// faster than linearly with both, and no article page comes near either.
const (
	maxTextBytes = 512 << 10
	maxElements  = 50_000
)

// maxDepth is the nesting depth past which a page that is too deep for the
// HTML parser (it stops at 512 open elements) is flattened.
const maxDepth = 200

// MinWords is the fewest words of main text a page must yield to count as
// an article.
const MinWords = 25

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrNoArticle reports a page that is HTML but has no article body:
	// too little main text, or an index or navigation page.
	ErrNoArticle = errors.New("no article in page")
	// ErrNotHTML reports input that is not an HTML document: binary data,
	// or text without any markup.
	ErrNotHTML = errors.New("not an HTML page")
	// ErrTooLarge reports a page over MaxPageBytes.
	ErrTooLarge = errors.New("page too large")
	// ErrExtractor reports that the extraction library failed on the page
	// (it panicked); the page is unusable, other pages are unaffected.
	ErrExtractor = errors.New("extractor failed")
)

// extractDocument is the extraction library's entry point; tests replace
// it to check that a panic inside the library becomes an error.
var extractDocument = trafilatura.ExtractDocument

// Result is the article found in a page.
type Result struct {
	Title string
	// Text is the main text, one paragraph per line ("\n" between
	// paragraphs, no blank lines, no leading or trailing space).
	Text   string
	Byline string
	// Lang is an ISO 639-1 code, or "" when unknown.
	Lang     string
	SiteName string
	// URL is the page's own address as it states it (<link
	// rel=canonical>, else <meta property=og:url>), when absolute http or
	// https; else "".
	URL string
	// Published is the publication date, zero when none was found. Its
	// location is the page's time zone when the page gave one, else UTC.
	Published time.Time
}

// Page extracts the article from raw, an HTML document in any charset the
// page declares (UTF-8 when it declares none and is valid UTF-8,
// windows-1252 otherwise). pageURL, when not empty, is where the page came
// from; it helps resolve relative links and find a date in the URL (when
// empty, the page's canonical URL serves). The strings of the Result are
// in Unicode normalization form C.
//
// Page returns an error wrapping ErrTooLarge, ErrNotHTML, ErrNoArticle or
// ErrExtractor for input it cannot turn into an article. It never panics,
// and it is safe for concurrent use.
func Page(raw []byte, pageURL string) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{}, fmt.Errorf("extract: %w: %v", ErrExtractor, r)
		}
	}()

	if len(raw) > MaxPageBytes {
		return Result{}, fmt.Errorf("extract: %d bytes, limit is %d: %w", len(raw), MaxPageBytes, ErrTooLarge)
	}
	doc, err := parse(raw)
	if err != nil {
		return Result{}, err
	}

	pageURL = strings.TrimSpace(pageURL)
	canonical := canonicalURL(doc)
	if pageURL == "" {
		pageURL = canonical
	}
	opts := extractorOptions(pageURL)
	ext, err := extractDocument(doc, opts)
	if err != nil {
		// The extractor reports pages without enough text as errors.
		return Result{}, fmt.Errorf("extract: %v: %w", err, ErrNoArticle)
	}
	if ext == nil {
		return Result{}, fmt.Errorf("extract: empty result: %w", ErrNoArticle)
	}

	md := ext.Metadata
	text := norm.NFC.String(render(ext.ContentNode))
	text = dropHeadline(text, md.Title)
	if n := countWords(text); n < MinWords {
		return Result{}, fmt.Errorf("extract: %d words of main text, want at least %d: %w", n, MinWords, ErrNoArticle)
	}
	if navigation(text) {
		return Result{}, fmt.Errorf("extract: main text is a list of short lines (index or navigation page): %w", ErrNoArticle)
	}

	date, derr := htmldate.FromDocument(doc, htmldate.Options{
		// The original publication, not a later modification, with its
		// time and zone when the page gives them; the page's metadata
		// before a date in its URL.
		UseOriginalDate:     true,
		ExtractTime:         true,
		SkipExtensiveSearch: true,
		DeferUrlExtractor:   true,
		URL:                 pageURL,
	})
	if derr != nil {
		date = htmldate.Result{}
	}

	res = Result{
		Title:     norm.NFC.String(cleanLine(md.Title)),
		Text:      text,
		Byline:    norm.NFC.String(cleanLine(md.Author)),
		Lang:      strings.ToLower(md.Language),
		SiteName:  norm.NFC.String(cleanLine(md.Sitename)),
		URL:       canonical,
		Published: published(date),
	}
	if res.Lang == "" {
		res.Lang = declaredLang(doc)
	}
	return res, nil
}

// extractorOptions are the options Page runs the extractor with: its
// defaults, without its readability and DOM-distiller fallbacks and its
// paragraph deduplication (on the extraction benchmark they cost half the
// speed and no F1). Excluding comments skips the pass that extracts them;
// an empty date override stops it running go-htmldate, which Page runs
// itself with its own options.
func extractorOptions(pageURL string) trafilatura.Options {
	opts := trafilatura.Options{
		ExcludeComments:  true,
		HtmlDateOverride: &htmldate.Result{},
	}
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() && u.Host != "" {
		opts.OriginalURL = u
	}
	return opts
}

// published returns the date htmldate found: in the page's zone when the
// page named one, else the wall-clock reading taken as UTC.
func published(d htmldate.Result) time.Time {
	t := d.DateTime
	if t.IsZero() || d.HasTimezone {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// parse decodes raw to UTF-8 and parses it, rejecting input that is binary
// or carries no markup.
func parse(raw []byte) (*html.Node, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("extract: empty input: %w", ErrNotHTML)
	}
	enc, name, bom := charset.DetermineEncoding(raw, "text/html")
	if !strings.HasPrefix(name, "utf-16") && binary(raw) {
		return nil, fmt.Errorf("extract: binary data: %w", ErrNotHTML)
	}
	decoded := raw
	// A page without a byte order mark that is valid UTF-8 throughout is
	// UTF-8, whatever it declares: the declaration is only looked for in
	// the first 1024 bytes, and a page with no declaration and no
	// non-ASCII byte there would otherwise be read as windows-1252.
	if bom || !utf8.Valid(raw) {
		var err error
		if decoded, err = enc.NewDecoder().Bytes(raw); err != nil {
			return nil, fmt.Errorf("extract: decode %s: %v: %w", name, err, ErrNotHTML)
		}
	}
	decoded = bytes.TrimPrefix(decoded, []byte("\uFEFF"))
	if binary(decoded) {
		return nil, fmt.Errorf("extract: binary data: %w", ErrNotHTML)
	}
	if !hasMarkup(decoded) {
		return nil, fmt.Errorf("extract: no HTML markup: %w", ErrNotHTML)
	}
	doc, err := html.Parse(bytes.NewReader(decoded))
	if err != nil {
		// The parser gives up on pages nested too deeply, which is what
		// thousands of unclosed tags look like; parse them flattened.
		doc, err = html.Parse(bytes.NewReader(flatten(decoded, maxDepth)))
	}
	if err != nil {
		return nil, fmt.Errorf("extract: parse: %v: %w", err, ErrNotHTML)
	}
	prune(doc, &budget{text: maxTextBytes, elements: maxElements})
	return doc, nil
}

// flatten returns page without the start tags (and their end tags) of
// elements that would open deeper than depth, keeping all the text. The
// depth is counted naively, closing only on explicit end tags, so it is
// never less than the parser's.
func flatten(page []byte, depth int) []byte {
	var out bytes.Buffer
	var open []string
	dropped := make(map[string]int)
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidTags[string(name)] {
				break
			}
			if len(open) >= depth {
				dropped[string(name)]++
				continue
			}
			open = append(open, string(name))
		case html.EndTagToken:
			name, _ := z.TagName()
			if dropped[string(name)] > 0 {
				dropped[string(name)]--
				continue
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == string(name) {
					open = open[:i]
					break
				}
			}
		}
		out.Write(raw)
	}
}

// voidTags are the elements that have no end tag.
var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true,
	"track": true, "wbr": true,
}

// budget is what is left of the text bytes and elements a page may hold.
type budget struct{ text, elements int }

// prune removes comments, and everything after the budget's worth of text
// bytes and elements, from the tree under n. The text of scripts and styles
// does not count.
func prune(n *html.Node, b *budget) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case b.text <= 0, b.elements <= 0 && c.Type == html.ElementNode, c.Type == html.CommentNode:
			n.RemoveChild(c)
		case c.Type == html.TextNode:
			if len(c.Data) > b.text {
				cut := b.text
				for cut > 0 && !utf8.RuneStart(c.Data[cut]) {
					cut--
				}
				c.Data = c.Data[:cut]
			}
			b.text -= max(len(c.Data), 1)
		case c.Type == html.ElementNode:
			b.elements--
			if c.Data != "script" && c.Data != "style" {
				prune(c, b)
			}
		default:
			prune(c, b)
		}
		c = next
	}
}

// sniffLen is how much of the input the binary and markup checks read.
const sniffLen = 8 << 10

// binary reports whether the start of b looks like binary data: a NUL
// byte, or more than one in ten bytes a control character other than
// white space.
func binary(b []byte) bool {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	ctl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			ctl++
		}
	}
	return ctl*10 > len(b)
}

// hasMarkup reports whether the start of b holds a doctype or a start tag.
func hasMarkup(b []byte) bool {
	if len(b) > sniffLen*8 {
		b = b[:sniffLen*8]
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.SelfClosingTagToken, html.DoctypeToken:
			return true
		}
	}
}

// blockTags are the elements that start a new line of text.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"dd": true, "details": true, "div": true, "dl": true, "dt": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tr": true, "ul": true,
}

// cellTags are table cells, kept on their row's line with a space between.
var cellTags = map[string]bool{"td": true, "th": true}

// render returns the text of the extracted tree, one block per line.
func render(root *html.Node) string {
	if root == nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		if block {
			b.WriteByte('\n')
		} else if n.Type == html.ElementNode && cellTags[n.Data] {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	walk(root)
	var out strings.Builder
	for line := range strings.SplitSeq(cleanText(b.String()), "\n") {
		// A line that opens with a comma or semicolon is what is left of
		// a byline or caption after the extractor removed its first part
		// (", staff reporter ·"); prose never starts that way.
		if strings.HasPrefix(line, ",") || strings.HasPrefix(line, ";") {
			continue
		}
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(line)
	}
	return out.String()
}

// dropHeadline removes the first line of text when it repeats the title.
func dropHeadline(text, title string) string {
	title = cleanLine(title)
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n")
	if strings.EqualFold(first, title) {
		return rest
	}
	return text
}

// cleanText trims each line, collapses runs of white space inside lines
// and drops empty lines, so paragraphs are separated by a single "\n".
func cleanText(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		line = cleanLine(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// cleanLine collapses white space (including no-break spaces) to single
// spaces, drops zero-width characters and soft hyphens, and trims the ends.
func cleanLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// countWords counts runs of letters or digits. Scripts written without
// spaces between words (Chinese, Japanese, Thai and their neighbours)
// count one word for every two characters.
func countWords(s string) int {
	n, dense, in := 0, 0, false
	for _, r := range s {
		if unbroken(r) {
			dense++
			in = false
			continue
		}
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n + (dense+1)/2
}

// unbroken reports whether r belongs to a script written without spaces
// between words.
func unbroken(r rune) bool {
	return r >= 0x0E00 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan))
}

// navigation reports whether text reads like a list of links or headlines
// rather than prose: many lines, none of them a sentence-length paragraph,
// and most of them short.
func navigation(text string) bool {
	lines := strings.Split(text, "\n")
	if len(lines) < 6 {
		return false
	}
	short, long := 0, 0
	for _, l := range lines {
		n := countWords(l)
		if n < 8 {
			short++
		}
		if n >= 25 {
			long++
		}
	}
	return long == 0 && short*10 >= len(lines)*7
}

// declaredLang returns the primary subtag of the <html lang> attribute, or "".
func declaredLang(doc *html.Node) string {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type != html.ElementNode || n.Data != "html" {
			continue
		}
		for _, a := range n.Attr {
			if a.Key != "lang" && a.Key != "xml:lang" {
				continue
			}
			tag := strings.ToLower(strings.TrimSpace(a.Val))
			if i := strings.IndexAny(tag, "-_"); i >= 0 {
				tag = tag[:i]
			}
			if len(tag) == 2 && tag[0] >= 'a' && tag[0] <= 'z' && tag[1] >= 'a' && tag[1] <= 'z' {
				return tag
			}
		}
	}
	return ""
}

// canonicalURL returns the address the page gives for itself in its head:
// the href of <link rel=canonical>, else the content of <meta
// property=og:url>, when it is an absolute http or https URL; else "".
func canonicalURL(doc *html.Node) string {
	head := child(child(doc, "html"), "head")
	if head == nil {
		return ""
	}
	var canonical, og string
	for n := head.FirstChild; n != nil && canonical == ""; n = n.NextSibling {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "link":
			if hasToken(attr(n, "rel"), "canonical") {
				canonical = absHTTP(attr(n, "href"))
			}
		case "meta":
			prop := attr(n, "property")
			if prop == "" {
				prop = attr(n, "name")
			}
			if og == "" && strings.EqualFold(strings.TrimSpace(prop), "og:url") {
				og = absHTTP(attr(n, "content"))
			}
		}
	}
	if canonical != "" {
		return canonical
	}
	return og
}

// child returns n's first child element named name, or nil.
func child(n *html.Node, name string) *html.Node {
	if n == nil {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == name {
			return c
		}
	}
	return nil
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list s holds tok, ignoring
// case.
func hasToken(s, tok string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// absHTTP returns s trimmed when it is an absolute http or https URL with
// a host, else "".
func absHTTP(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return ""
	}
	return s
}
