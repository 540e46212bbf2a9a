package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// DefaultMaxBodyBytes caps a page's decoded body when Options.MaxBodyBytes
// is not set.
const DefaultMaxBodyBytes = 10 << 20

// Page is one archived HTML page.
type Page struct {
	// URL is the record's WARC-Target-URI.
	URL string
	// Date is when the page was archived (WARC-Date).
	Date time.Time
	// ContentType is the archived Content-Type header, charset included,
	// such as "text/html; charset=iso-8859-1".
	ContentType string
	// Body is the page's bytes, with transfer and content codings undone.
	Body []byte
	// RecordID, Record and Offset say where the page came from.
	RecordID string
	Record   int
	Offset   int64
}

// Problem is an archived page, or a stretch of the file, that Pages could
// not read.
type Problem struct {
	// Record and Offset are where the problem is, as in FormatError.
	Record int
	Offset int64
	// URL is the record's WARC-Target-URI, if known.
	URL string
	// Reason says what is wrong, in lower case.
	Reason string
}

// Error returns "record N at offset O (URL): reason".
func (p Problem) Error() string {
	s := fmt.Sprintf("record %d at offset %d", p.Record, p.Offset)
	if p.URL != "" {
		s += " (" + p.URL + ")"
	}
	return s + ": " + p.Reason
}

// Options tunes Pages. The zero value is ready to use.
type Options struct {
	// MaxBodyBytes caps a page's decoded body (DefaultMaxBodyBytes when
	// zero or less); larger pages are skipped with a Problem.
	MaxBodyBytes int64
	// Problem, when set, is called for each malformed record and each
	// page that could not be read.
	Problem func(Problem)
}

// Pages reads the WARC file r and calls emit for every archived HTML page,
// with default Options (problems are dropped; see Options.Pages).
func Pages(r io.Reader, emit func(Page) error) error {
	return Options{}.Pages(r, emit)
}

// Pages reads the WARC file r and calls emit for every archived HTML page,
// in file order: each response record of type application/http with status
// 200 and a Content-Type of text/html or application/xhtml+xml (or none,
// when the body sniffs as HTML), and each resource record of such a
// Content-Type. Chunked transfer coding and gzip or deflate content coding
// are undone. Revisit records are skipped: they hold no payload.
//
// Malformed records, pages over MaxBodyBytes, unsupported content codings
// (such as br) and bodies that cannot be decoded are reported to
// o.Problem and reading goes on. Pages returns nil at the end of the file,
// an error wrapping ErrNotWARC for input that is no WARC file, the
// underlying reader's error, or emit's error wrapped.
func (o Options) Pages(r io.Reader, emit func(Page) error) error {
	max := o.MaxBodyBytes
	if max <= 0 {
		max = DefaultMaxBodyBytes
	}
	problem := o.Problem
	if problem == nil {
		problem = func(Problem) {}
	}
	wr, err := NewReader(r)
	if err != nil {
		return err
	}
	for {
		rec, err := wr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var fe *FormatError
		if errors.As(err, &fe) {
			reason := fe.Reason
			if fe.Err != nil {
				reason += ": " + fe.Err.Error()
			}
			problem(Problem{Record: fe.Record, Offset: fe.Offset, Reason: reason})
			continue
		}
		if err != nil {
			return err
		}
		page, ok, reason := pageOf(rec, max)
		if reason != "" {
			problem(Problem{Record: rec.Number, Offset: rec.Offset, URL: rec.TargetURI, Reason: reason})
		}
		if !ok {
			continue
		}
		if err := emit(page); err != nil {
			return fmt.Errorf("warc: record %d: %w", rec.Number, err)
		}
	}
}

// pageOf reads rec as an HTML page. It returns ok when rec is one, and a
// reason when rec should have been one but cannot be read. A failure of
// the record's own body is left for Next to report.
func pageOf(rec *Record, max int64) (page Page, ok bool, reason string) {
	page = Page{URL: rec.TargetURI, Date: rec.Date, RecordID: rec.RecordID, Record: rec.Number, Offset: rec.Offset}
	var payload io.Reader
	var encodings []string
	var hint int64 // the payload's size, if known
	switch rec.Type {
	case TypeResponse:
		mt, _, _ := mime.ParseMediaType(rec.ContentType)
		if mt != "application/http" {
			return page, false, ""
		}
		resp, err := rec.HTTPResponse()
		if err != nil {
			if rec.body.err != nil {
				return page, false, ""
			}
			return page, false, strings.TrimPrefix(err.Error(), fmt.Sprintf("warc: record %d: ", rec.Number))
		}
		if resp.StatusCode != http.StatusOK {
			return page, false, ""
		}
		page.ContentType = resp.Header.Get("Content-Type")
		payload = resp.Body
		hint = resp.ContentLength
		for _, v := range resp.Header.Values("Content-Encoding") {
			for e := range strings.SplitSeq(v, ",") {
				if e = strings.ToLower(strings.TrimSpace(e)); e != "" && e != "identity" {
					encodings = append(encodings, e)
				}
			}
		}
	case TypeResource:
		page.ContentType = rec.ContentType
		payload = rec.Body
		hint = rec.ContentLength
	default:
		return page, false, ""
	}
	if page.ContentType != "" && !isHTML(page.ContentType) {
		return page, false, ""
	}
	if page.URL == "" {
		return page, false, "no WARC-Target-URI"
	}
	dec, err := decode(payload, encodings)
	if err != nil {
		if rec.body.err != nil {
			return page, false, ""
		}
		return page, false, err.Error()
	}
	b, err := readCapped(dec, max, hint)
	if err != nil {
		if rec.body.err != nil {
			return page, false, ""
		}
		return page, false, fmt.Sprintf("reading body: %v", err)
	}
	if int64(len(b)) > max {
		return page, false, fmt.Sprintf("body over %d bytes", max)
	}
	if page.ContentType == "" {
		if ct := http.DetectContentType(b); !strings.HasPrefix(ct, "text/html") {
			return page, false, ""
		}
	}
	page.Body = b
	return page, true, ""
}

// readCapped reads r to its end, or to max+1 bytes, into a buffer sized
// for hint bytes when that is known and within the cap.
func readCapped(r io.Reader, max, hint int64) ([]byte, error) {
	size := int64(512)
	if hint > 0 && hint <= max {
		size = hint + 1 // +1 to see the end without growing
	}
	b := make([]byte, 0, size)
	r = io.LimitReader(r, max+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A Content-Type too broken for mime, such as "text/html;;", is
		// still read by its first word.
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// decode undoes content codings, listed in the order they were applied.
// A gzip or deflate coding whose data does not start like one is taken to
// have been undone by the archiver already.
func decode(r io.Reader, encodings []string) (io.Reader, error) {
	for i := len(encodings) - 1; i >= 0; i-- {
		br := bufio.NewReader(r)
		head, _ := br.Peek(2)
		switch encodings[i] {
		case "gzip", "x-gzip":
			if !bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
				r = br
				continue
			}
			zr, err := gzip.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("content-encoding gzip: %w", err)
			}
			r = zr
		case "deflate":
			switch {
			case len(head) < 2:
				r = br
			case head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0:
				zr, err := zlib.NewReader(br)
				if err != nil {
					return nil, fmt.Errorf("content-encoding deflate: %w", err)
				}
				r = zr
			default:
				r = flate.NewReader(br) // raw deflate, as some servers send
			}
		default:
			return nil, fmt.Errorf("unsupported content-encoding %q", encodings[i])
		}
	}
	return r, nil
}
