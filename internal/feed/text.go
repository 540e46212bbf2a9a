package feed

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText turns a fragment of HTML, as found in feed descriptions and
// content, into plain text: one paragraph per line, white space collapsed
// within lines, script, style and similar elements dropped, entities
// decoded. A fragment without any '<' is taken for plain text: its lines
// become paragraphs.
func htmlText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if !strings.Contains(s, "<") {
		return plainText(html.UnescapeString(s))
	}
	var w paragraphs
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside elements whose text is not shown
	pre := 0  // depth inside <pre>
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return w.String()
		case xhtml.TextToken:
			if skip > 0 {
				continue
			}
			if pre > 0 {
				for i, l := range bytes.Split(z.Text(), []byte("\n")) {
					if i > 0 {
						w.breakLine()
					}
					w.text(l)
				}
				continue
			}
			w.text(z.Text())
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			start := tt != xhtml.EndTagToken
			switch {
			case hidden[a]:
				if tt == xhtml.StartTagToken {
					skip++
				} else if tt == xhtml.EndTagToken && skip > 0 {
					skip--
				}
			case a == atom.Br:
				w.breakLine()
			case a == atom.Pre:
				if tt == xhtml.StartTagToken {
					pre++
				} else if tt == xhtml.EndTagToken && pre > 0 {
					pre--
				}
				w.breakLine()
			case block[a]:
				w.breakLine()
			case start && (a == atom.Td || a == atom.Th):
				w.text(space)
			}
		}
	}
}

// hidden elements' text is not part of the reading text.
var hidden = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Head: true, atom.Title: true, atom.Select: true, atom.Textarea: true,
}

// block elements start and end a paragraph.
var block = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Dd: true, atom.Details: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Tr: true, atom.Ul: true,
}

// plainText turns plain text into one paragraph per non-blank line with
// white space collapsed.
func plainText(s string) string {
	var w paragraphs
	for l := range strings.SplitSeq(s, "\n") {
		w.text([]byte(l))
		w.breakLine()
	}
	return w.String()
}

// paragraphs collects text into lines, collapsing white space and
// dropping empty lines.
type paragraphs struct {
	b       bytes.Buffer
	line    bool // the current line has text
	space   bool // white space is pending before the next word
	pending bool // a line break is pending before the next word
}

// text adds running text.
func (p *paragraphs) text(s []byte) {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(s[i:])
		}
		if isSpace(r) {
			p.space = true
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r, size := rune(s[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(s[j:])
			}
			if isSpace(r) {
				break
			}
			j += size
		}
		p.word(s[i:j])
		i = j
	}
}

// word adds one word, with the separator the text before it calls for.
func (p *paragraphs) word(f []byte) {
	switch {
	case p.pending && p.line:
		p.b.WriteByte('\n')
		p.line = false
	case p.space && p.line:
		p.b.WriteByte(' ')
	}
	p.pending, p.space = false, false
	p.b.Write(f)
	p.line = true
}

// breakLine ends the current paragraph.
func (p *paragraphs) breakLine() {
	p.pending = true
	p.space = false
}

func (p *paragraphs) String() string { return p.b.String() }

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xA0, 0x2007, 0x202F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029
}

var space = []byte(" ")
