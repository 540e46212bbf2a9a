package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxOPMLBytes is the largest OPML document ParseOPML accepts.
const MaxOPMLBytes = 10 << 20

// MaxOPMLDepth is how deeply ParseOPML lets outlines nest.
const MaxOPMLDepth = 64

// ErrNotOPML reports a document that is not OPML.
var ErrNotOPML = errors.New("not an opml document")

// Outline is one subscription of an OPML document: an outline with an
// xmlUrl (a feed) or, failing that, an htmlUrl (a site).
type Outline struct {
	// Text is the outline's text attribute; when that is empty, its title,
	// else its xmlUrl, else its htmlUrl.
	Text  string `json:"text"`
	Title string `json:"title,omitempty"`
	// Type is the type attribute; "rss" when empty and XMLURL is set.
	Type    string `json:"type,omitempty"`
	XMLURL  string `json:"xml_url,omitempty"`
	HTMLURL string `json:"html_url,omitempty"`
	// Category is the category attribute as written (OPML 2.0:
	// comma-separated slash-delimited paths), or empty.
	Category string `json:"category,omitempty"`
	// Path is the text (else title) of each enclosing outline, outermost
	// first: the folders the subscription is filed in. Nil at top level.
	Path []string `json:"path,omitempty"`
}

// ParseOPML reads an OPML 1.0 or 2.0 document and returns its
// subscriptions, nested outlines flattened in document order. Attribute
// names are matched without regard to case (xmlUrl, xmlurl, XMLURL); an
// outline of type "link" with a url attribute and no htmlUrl counts as a
// site. Values have white space collapsed. Outlines without any URL only
// name folders. URLs are kept as written: OPML has no base to resolve
// them against.
//
// Errors wrap ErrEmpty, ErrTooLarge (over MaxOPMLBytes), ErrNotOPML or
// ErrMalformed (including outlines nested deeper than MaxOPMLDepth). When
// the XML breaks off, the outlines read before the break are returned
// together with the error. Encodings are handled as in Parse.
func ParseOPML(data []byte) ([]Outline, error) {
	if len(data) > MaxOPMLBytes {
		return nil, fmt.Errorf("parse opml: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxOPMLBytes)
	}
	data, _, err := toUTF8(data)
	if err != nil {
		return nil, fmt.Errorf("parse opml: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("parse opml: %w", ErrEmpty)
	}
	out, err := parseOPML(data)
	if err != nil {
		return out, fmt.Errorf("parse opml: %w", err)
	}
	return out, nil
}

func parseOPML(data []byte) ([]Outline, error) {
	if firstByte(data) != '<' {
		return nil, fmt.Errorf("%w: %s", ErrNotOPML, describe(data, Sniff(data, "")))
	}
	d := newXMLDecoder(data)
	root, err := rootStart(d)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(root.Name.Local, "opml") {
		return nil, fmt.Errorf("%w: %s, want <opml>", ErrNotOPML, describe(data, Sniff(data, "")))
	}
	var (
		out    []Outline
		depth  = 1 // elements open, the root included
		body   = 0 // depth of <body> when inside it
		folder []string
		// outlineAt[i] tells whether the element open at depth i+1 is an
		// outline inside the body.
		outlineAt []bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, fmt.Errorf("%w: xml: document ends inside <%s>", ErrMalformed, root.Name.Local)
		}
		if err != nil {
			return out, fmt.Errorf("%w: xml: %v", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			isOutline := body > 0 && strings.EqualFold(t.Name.Local, "outline")
			outlineAt = append(outlineAt, isOutline)
			if body == 0 && depth == 2 && strings.EqualFold(t.Name.Local, "body") {
				body = depth
			}
			if !isOutline {
				continue
			}
			if len(folder) >= MaxOPMLDepth {
				return out, fmt.Errorf("%w: outlines nested deeper than %d", ErrMalformed, MaxOPMLDepth)
			}
			o := outlineOf(t.Attr)
			if o.XMLURL != "" || o.HTMLURL != "" {
				if len(folder) > 0 {
					o.Path = append([]string(nil), folder...)
				}
				out = append(out, o)
			}
			label := o.Text
			if o.XMLURL == "" && o.HTMLURL == "" {
				label = folderLabel(t.Attr)
			}
			folder = append(folder, label)
		case xml.EndElement:
			if depth == 1 {
				return out, nil // the root's end
			}
			if outlineAt[len(outlineAt)-1] {
				folder = folder[:len(folder)-1]
			}
			outlineAt = outlineAt[:len(outlineAt)-1]
			if depth == body {
				body = 0
			}
			depth--
		}
	}
}

// attr returns the value of the attribute named name, in any case, with
// white space collapsed.
func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Space == "" && strings.EqualFold(a.Name.Local, name) {
			return oneLine(a.Value)
		}
	}
	return ""
}

// outlineOf reads an outline's attributes.
func outlineOf(attrs []xml.Attr) Outline {
	o := Outline{
		Text:     attr(attrs, "text"),
		Title:    attr(attrs, "title"),
		Type:     attr(attrs, "type"),
		XMLURL:   attr(attrs, "xmlUrl"),
		HTMLURL:  attr(attrs, "htmlUrl"),
		Category: attr(attrs, "category"),
	}
	if o.HTMLURL == "" && o.XMLURL == "" && strings.EqualFold(o.Type, "link") {
		o.HTMLURL = attr(attrs, "url")
	}
	if o.Type == "" && o.XMLURL != "" {
		o.Type = "rss"
	}
	o.Text = outlineText(o)
	return o
}

// outlineText is the text an outline is shown with.
func outlineText(o Outline) string {
	for _, s := range []string{o.Text, o.Title, o.XMLURL, o.HTMLURL} {
		if s != "" {
			return s
		}
	}
	return ""
}

// folderLabel is the name of a folder outline: its text, else its title.
func folderLabel(attrs []xml.Attr) string {
	if s := attr(attrs, "text"); s != "" {
		return s
	}
	return attr(attrs, "title")
}

// WriteOPML writes outlines as an OPML 2.0 document titled title, filing
// each under folder outlines named by its Path. Consecutive outlines that
// share a path prefix share the folders; the order of outlines is kept, so
// ParseOPML gives back what ParseOPML gave (an outline with an empty Text
// or Type comes back with them filled in as ParseOPML does). Values are
// written as they are, except that characters XML cannot hold become
// U+FFFD.
func WriteOPML(w io.Writer, title string, outlines []Outline) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<opml version=\"2.0\">\n  <head>\n    <title>")
	escape(&b, title)
	b.WriteString("</title>\n  </head>\n  <body>\n")
	var open []string
	for _, o := range outlines {
		common := 0
		for common < len(open) && common < len(o.Path) && open[common] == o.Path[common] {
			common++
		}
		for len(open) > common {
			open = open[:len(open)-1]
			indent(&b, len(open))
			b.WriteString("</outline>\n")
		}
		for _, name := range o.Path[common:] {
			indent(&b, len(open))
			b.WriteString("<outline")
			writeAttr(&b, "text", name)
			b.WriteString(">\n")
			open = append(open, name)
		}
		if o.Type == "" && o.XMLURL != "" {
			o.Type = "rss"
		}
		indent(&b, len(open))
		b.WriteString("<outline")
		writeAttr(&b, "text", outlineText(o))
		for _, a := range [...]struct{ name, val string }{
			{"title", o.Title}, {"type", o.Type}, {"xmlUrl", o.XMLURL},
			{"htmlUrl", o.HTMLURL}, {"category", o.Category},
		} {
			if a.val != "" {
				writeAttr(&b, a.name, a.val)
			}
		}
		b.WriteString("/>\n")
	}
	for len(open) > 0 {
		open = open[:len(open)-1]
		indent(&b, len(open))
		b.WriteString("</outline>\n")
	}
	b.WriteString("  </body>\n</opml>\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	return nil
}

func indent(b *bytes.Buffer, depth int) {
	for i := 0; i < depth+2; i++ {
		b.WriteString("  ")
	}
}

func writeAttr(b *bytes.Buffer, name, val string) {
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	escape(b, val)
	b.WriteByte('"')
}

// escape writes s escaped for XML text and attribute values.
func escape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
}
