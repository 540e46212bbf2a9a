package fetch

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const newsRobots = `# robots.txt for a news site
User-agent: *
Disallow: /search
Disallow: /*?print=1$
Disallow: /private/
Allow: /private/press/
Crawl-delay: 2

User-agent: GPTBot
User-agent: CCBot
Disallow: /

Sitemap: https://news.example/sitemap.xml
Sitemap: https://news.example/news-sitemap.xml
`

func TestRobotsAllows(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		agent string
		path  string
		want  bool
	}{
		{"no file", "", "parallax", "/anything", true},
		{"star group disallow", newsRobots, "parallax", "/search?q=x", false},
		{"star group allow by default", newsRobots, "parallax", "/world/2024/story", true},
		{"longest match allow wins", newsRobots, "parallax", "/private/press/release", true},
		{"shorter disallow applies", newsRobots, "parallax", "/private/notes", false},
		{"dollar anchors end", newsRobots, "parallax", "/story?print=1", false},
		{"dollar anchors end, longer path", newsRobots, "parallax", "/story?print=12", true},
		{"named group only for its agents", newsRobots, "ccbot", "/world", false},
		{"robots.txt always allowed", "User-agent: *\nDisallow: /\n", "parallax", "/robots.txt", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", "parallax", "/", false},
		{"empty disallow allows all", "User-agent: *\nDisallow:\n", "parallax", "/x", true},
		{"our group beats star", "User-agent: *\nDisallow: /\n\nUser-agent: Parallax\nDisallow: /x\n", "parallax", "/y", true},
		{"our group applied", "User-agent: *\nDisallow: /\n\nUser-agent: Parallax\nDisallow: /x\n", "parallax", "/x/1", false},
		{"agent with version", "User-agent: parallax/2.0\nDisallow: /a\n", "parallax", "/a", false},
		{"agent token exact, not prefix", "User-agent: parallaxbot\nDisallow: /a\n", "parallax", "/a", true},
		{"groups for one agent merge", "User-agent: parallax\nDisallow: /a\n\nUser-agent: parallax\nDisallow: /b\n", "parallax", "/b", false},
		{"tie goes to allow", "User-agent: *\nDisallow: /page\nAllow: /page\n", "parallax", "/page", true},
		{"wildcard in middle", "User-agent: *\nDisallow: /*/amp/\n", "parallax", "/2024/amp/x", false},
		{"wildcard needs its text", "User-agent: *\nDisallow: /*/amp/\n", "parallax", "/2024/ampx", true},
		{"wildcard suffix anchored", "User-agent: *\nDisallow: /*.pdf$\n", "parallax", "/files/a.pdf", false},
		{"wildcard suffix not at end", "User-agent: *\nDisallow: /*.pdf$\n", "parallax", "/files/a.pdf?x", true},
		{"dollar only at end is special", "User-agent: *\nDisallow: /a$b\n", "parallax", "/a$b/c", false},
		{"case sensitive paths", "User-agent: *\nDisallow: /Admin\n", "parallax", "/admin", true},
		{"keys case insensitive", "USER-AGENT: *\nDISALLOW: /a\n", "parallax", "/a", false},
		{"comments and spaces", "  User-agent : * # all\n Disallow : /a # no\n", "parallax", "/a", false},
		{"crlf lines", "User-agent: *\r\nDisallow: /a\r\n", "parallax", "/a/b", false},
		{"bom", "\ufeffUser-agent: *\nDisallow: /a\n", "parallax", "/a", false},
		{"rules before any agent ignored", "Disallow: /a\nUser-agent: *\nDisallow: /b\n", "parallax", "/a", true},
		{"percent escapes compare decoded", "User-agent: *\nDisallow: /%7Euser\n", "parallax", "/~user/x", false},
		{"escape case insensitive", "User-agent: *\nDisallow: /a%2fb\n", "parallax", "/a%2Fb", false},
		{"non-ascii pattern", "User-agent: *\nDisallow: /ünï\n", "parallax", "/%C3%BCn%C3%AF/x", false},
		{"query matched", "User-agent: *\nDisallow: /*?session=\n", "parallax", "/a?session=1", false},
		{"sitemap does not end agent run", "User-agent: a\nSitemap: /s.xml\nUser-agent: parallax\nDisallow: /x\n", "a", "/x", false},
		{"garbage lines ignored", "<html>\nUser-agent: *\nfoo bar\nDisallow: /x\n", "parallax", "/x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseRobots([]byte(tt.file)).For(tt.agent).Allows(tt.path); got != tt.want {
				t.Errorf("Allows(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestRobotsCrawlDelayAndSitemaps(t *testing.T) {
	r := ParseRobots([]byte(newsRobots))
	if got := r.For(AgentToken).CrawlDelay; got != 2*time.Second {
		t.Errorf("crawl delay = %s, want 2s", got)
	}
	if got := r.For("gptbot").CrawlDelay; got != 0 {
		t.Errorf("gptbot crawl delay = %s, want 0", got)
	}
	if got := ParseRobots([]byte("User-agent: *\nCrawl-delay: 0.5\n")).For(AgentToken).CrawlDelay; got != 500*time.Millisecond {
		t.Errorf("fractional crawl delay = %s", got)
	}
	if got := ParseRobots([]byte("User-agent: *\nCrawl-delay: 1e300\n")).For(AgentToken).CrawlDelay; got != 24*time.Hour {
		t.Errorf("huge crawl delay = %s, want clamped to 24h", got)
	}
	if got := ParseRobots([]byte("User-agent: *\nCrawl-delay: -3\n")).For(AgentToken).CrawlDelay; got != 0 {
		t.Errorf("negative crawl delay = %s, want ignored", got)
	}
	want := []string{"https://news.example/sitemap.xml", "https://news.example/news-sitemap.xml"}
	if strings.Join(r.Sitemaps, " ") != strings.Join(want, " ") {
		t.Errorf("sitemaps = %q, want %q", r.Sitemaps, want)
	}
}

// referenceMatch is the obvious, slow implementation of a robots.txt
// pattern: a regular expression.
func referenceMatch(pattern, path string) bool {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	for i, part := range strings.Split(pattern, "*") {
		if i > 0 {
			b.WriteString(".*")
		}
		b.WriteString(regexp.QuoteMeta(part))
	}
	if anchored {
		b.WriteString("$")
	}
	return regexp.MustCompile(b.String()).MatchString(path)
}

func TestRobotsRuleMatchesReference(t *testing.T) {
	tests := []struct{ pattern, path string }{
		{"/", "/"}, {"/a", "/ab"}, {"/a$", "/ab"}, {"/a$", "/a"}, {"*", "/x"}, {"*$", ""},
		{"/*a*b$", "/xaxbxb"}, {"/*a*b$", "/xaxbx"}, {"/**x", "/yx"}, {"/a*", "/a"}, {"/a*a$", "/a"},
		{"/a*a$", "/aa"}, {"/$", "/"}, {"/*.php$", "/index.php"}, {"/*.php$", "/index.php5"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.path, func(t *testing.T) {
			r := newRobotsRule(tt.pattern, false)
			if got, want := r.matches(tt.path), referenceMatch(tt.pattern, tt.path); got != want {
				t.Errorf("matches = %v, reference %v", got, want)
			}
		})
	}
}

func FuzzRobotsRuleMatch(f *testing.F) {
	f.Add("/*a*b$", "/xaxbxb")
	f.Add("/a$", "/a")
	f.Add("**$", "")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(path) ||
			normalisePath(pattern) != pattern || normalisePath(path) != path {
			t.Skip() // the reference works on normalised text
		}
		r := newRobotsRule(pattern, false)
		if got, want := r.matches(path), referenceMatch(pattern, path); got != want {
			t.Errorf("matches(%q, %q) = %v, reference %v", pattern, path, got, want)
		}
	})
}

func FuzzParseRobots(f *testing.F) {
	f.Add([]byte(newsRobots), "/private/press/x")
	f.Add([]byte("User-agent: parallax\nAllow: /a$\nDisallow: /*\nCrawl-delay: 3.5\n"), "/a")
	f.Add([]byte("User-agent:*\r\rDisallow:%zz\xff\n"), "/%zz")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		r := ParseRobots(data)
		p := r.For(AgentToken)
		if !p.Allows("/robots.txt") {
			t.Error("/robots.txt disallowed")
		}
		if p.CrawlDelay < 0 || p.CrawlDelay > 24*time.Hour {
			t.Errorf("crawl delay %s out of range", p.CrawlDelay)
		}
		if len(r.Sitemaps) > maxSitemaps {
			t.Errorf("%d sitemaps", len(r.Sitemaps))
		}
		a := p.Allows(path)
		if b := ParseRobots(data).For("PARALLAX").Allows(path); a != b {
			t.Error("agent token case changes the answer")
		}
		if normalisePath(path) == normalisePath(normalisePath(path)) && p.Allows(normalisePath(path)) != a {
			t.Error("normalising the path changes the answer")
		}
	})
}

func BenchmarkRobotsAllows(b *testing.B) {
	var file strings.Builder
	file.WriteString(newsRobots)
	file.WriteString("User-agent: *\n")
	for i := range 200 {
		file.WriteString("Disallow: /section-" + string(rune('a'+i%26)) + "/*/archive-" + strings.Repeat("x", i%7) + "$\n")
	}
	p := ParseRobots([]byte(file.String())).For(AgentToken)
	paths := []string{"/world/2024/05/01/some-story-slug", "/section-c/2024/archive-xxx", "/search?q=strike", "/private/press/a"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Allows(paths[i%len(paths)])
	}
}

func BenchmarkParseRobots(b *testing.B) {
	data := []byte(strings.Repeat(newsRobots, 50))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ParseRobots(data).For(AgentToken)
	}
}
