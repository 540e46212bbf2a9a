package fetch

import (
	"bytes"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Robots is a parsed robots.txt file (RFC 9309, with the Crawl-delay and
// Sitemap extensions). Parsing never fails: lines that mean nothing are
// skipped.
type Robots struct {
	groups []robotsGroup
	// Sitemaps lists the Sitemap URLs, in file order, at most maxSitemaps.
	Sitemaps []string
}

const maxSitemaps = 1000

type robotsGroup struct {
	agents     []string // lower-case product tokens, or "*"
	rules      []robotsRule
	crawlDelay time.Duration
	hasDelay   bool
}

// robotsRule is one Allow or Disallow line, its path pattern split at the
// '*' wildcards.
type robotsRule struct {
	parts    []string // literal pieces between '*'s
	anchored bool     // pattern ended in '$'
	length   int      // length of the normalised pattern, for precedence
	allow    bool
}

// ParseRobots parses a robots.txt file. Callers fetching one should read no
// more than MaxRobotsBytes of it.
func ParseRobots(data []byte) *Robots {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := &Robots{}
	var cur *robotsGroup
	agentRun := false // the previous record was a User-agent line
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		key := strings.ToLower(string(bytes.TrimSpace(k)))
		val := string(bytes.TrimSpace(v))
		switch key {
		case "user-agent", "useragent", "user agent":
			if !agentRun {
				r.groups = append(r.groups, robotsGroup{})
				cur = &r.groups[len(r.groups)-1]
			}
			agentRun = true
			if tok := agentToken(val); tok != "" {
				cur.agents = append(cur.agents, tok)
			}
		case "allow", "disallow":
			agentRun = false
			if cur == nil || val == "" { // an empty Disallow allows everything
				continue
			}
			cur.rules = append(cur.rules, newRobotsRule(val, key == "allow"))
		case "crawl-delay", "crawldelay", "crawl delay":
			agentRun = false
			if cur == nil {
				continue
			}
			if d, ok := parseDelay(val); ok && !cur.hasDelay {
				cur.crawlDelay, cur.hasDelay = d, true
			}
		case "sitemap", "site-map":
			if val != "" && len(r.Sitemaps) < maxSitemaps {
				r.Sitemaps = append(r.Sitemaps, val)
			}
		}
	}
	return r
}

// agentToken is the product token at the start of a User-agent value,
// lower-cased: "Parallax/1.0 (+…)" gives "parallax"; "*" stays "*".
func agentToken(v string) string {
	if strings.HasPrefix(v, "*") {
		return "*"
	}
	end := 0
	for end < len(v) {
		c := v[end]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' {
			end++
			continue
		}
		break
	}
	return strings.ToLower(v[:end])
}

// parseDelay reads a Crawl-delay in seconds, fractions allowed, clamped to
// a day.
func parseDelay(v string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f < 0 {
		return 0, false
	}
	f = min(f, 86400)
	return time.Duration(f * float64(time.Second)), true
}

func newRobotsRule(pattern string, allow bool) robotsRule {
	p := normalisePath(pattern)
	r := robotsRule{length: len(p), allow: allow}
	if strings.HasSuffix(p, "$") {
		p, r.anchored = p[:len(p)-1], true
	}
	for {
		// "a**b" means the same as "a*b".
		q := strings.ReplaceAll(p, "**", "*")
		if q == p {
			break
		}
		p = q
	}
	r.parts = strings.Split(p, "*")
	return r
}

// matches reports whether the rule's pattern matches path, a normalised
// path and query. The first piece must be a prefix, each later one is found
// leftmost after the previous; with '$' the last must end the path.
func (r *robotsRule) matches(path string) bool {
	first := r.parts[0]
	if !strings.HasPrefix(path, first) {
		return false
	}
	rest := path[len(first):]
	if len(r.parts) == 1 {
		return !r.anchored || rest == ""
	}
	for _, p := range r.parts[1 : len(r.parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	last := r.parts[len(r.parts)-1]
	if r.anchored {
		return strings.HasSuffix(rest, last)
	}
	return strings.Contains(rest, last)
}

// Policy is what a robots.txt says to one crawler.
type Policy struct {
	rules []robotsRule // longest first, Allow before Disallow of equal length
	// CrawlDelay is the Crawl-delay of the crawler's group, zero if none.
	CrawlDelay time.Duration
	// closed is set on the stand-in policy of an unreachable robots.txt.
	closed bool
}

// allowAll and disallowAll stand in when robots.txt is missing or
// unreachable; never handed to callers, who could change them.
var (
	allowAll    = &Policy{}
	disallowAll = &Policy{rules: []robotsRule{newRobotsRule("/", false)}, closed: true}
)

// For returns the rules for the crawler whose product token is agent: the
// groups naming it, merged, or else the groups for "*", or else no rules
// at all.
func (r *Robots) For(agent string) *Policy {
	agent = strings.ToLower(agent)
	p := r.merge(agent)
	if p == nil {
		p = r.merge("*")
	}
	if p == nil {
		return &Policy{}
	}
	slices.SortStableFunc(p.rules, func(a, b robotsRule) int {
		if a.length != b.length {
			return b.length - a.length
		}
		switch {
		case a.allow && !b.allow:
			return -1
		case !a.allow && b.allow:
			return 1
		}
		return 0
	})
	return p
}

func (r *Robots) merge(agent string) *Policy {
	var p *Policy
	delaySet := false
	for i := range r.groups {
		g := &r.groups[i]
		if !slices.Contains(g.agents, agent) {
			continue
		}
		if p == nil {
			p = &Policy{}
		}
		p.rules = append(p.rules, g.rules...)
		if g.hasDelay && !delaySet {
			p.CrawlDelay, delaySet = g.crawlDelay, true
		}
	}
	return p
}

// Allows reports whether path (a URL path with its query, as in
// "/a/b?c=d") may be fetched: the longest matching pattern decides, Allow
// winning a tie, and no match means allowed. /robots.txt is always allowed.
func (p *Policy) Allows(path string) bool {
	if path == "" {
		path = "/"
	}
	path = normalisePath(path)
	if path == "/robots.txt" {
		return true
	}
	for i := range p.rules {
		if p.rules[i].matches(path) {
			return p.rules[i].allow
		}
	}
	return true
}

// AllowsURL is Allows for the path and query of u.
func (p *Policy) AllowsURL(u *url.URL) bool {
	return p.Allows(requestPath(u))
}

// requestPath is the path and query robots.txt rules are matched against.
func requestPath(u *url.URL) string {
	s := u.EscapedPath()
	if s == "" {
		s = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		s += "?" + u.RawQuery
	}
	return s
}

// normalisePath puts a pattern or path in one form so that they compare
// byte for byte: percent-escapes of unreserved characters decoded, other
// escapes in upper case, bytes outside printable ASCII escaped.
func normalisePath(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c <= ' ' || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[v>>4])
				b.WriteByte(hex[v&15])
			}
			i += 2
		case c <= ' ' || c >= 0x7f:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
