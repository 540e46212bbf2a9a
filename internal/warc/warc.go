// Package warc reads WARC 1.0 and 1.1 files (ISO 28500), plain or
// gzip-compressed, one record at a time, and pulls the archived HTML pages
// out of them.
//
// The reader holds one record header and a read buffer in memory whatever
// the size of the file or its records; bodies are streamed.
//
// # Damaged files
//
// A malformed record (a bad version line, a header that is not
// "Name: value" lines, a missing or invalid Content-Length, bytes between
// records that are no record, a body longer than its Content-Length
// declares, a corrupt gzip member) makes Next return a *FormatError naming
// the record's number and byte offset. That error is not final: calling
// Next again resynchronises at the next line that starts with "WARC/1."
// (skipping first to the next gzip member when the damage is in the
// compression) and goes on from there, so the rest of the file is still
// read. Resynchronisation can be fooled by a body that itself holds such a
// line (an archived WARC file, say); the record after it is then reported
// malformed in turn. A body cut short by the end of the file gives
// io.ErrUnexpectedEOF to its reader and a *FormatError from the next call
// to Next, then io.EOF. Any other error (from the underlying reader) is
// final and returned again by every later call.
package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// Record types (WARC-Type).
const (
	TypeWarcinfo     = "warcinfo"
	TypeResponse     = "response"
	TypeResource     = "resource"
	TypeRequest      = "request"
	TypeMetadata     = "metadata"
	TypeRevisit      = "revisit"
	TypeConversion   = "conversion"
	TypeContinuation = "continuation"
)

// MaxHeaderBytes caps the WARC header of one record.
const MaxHeaderBytes = 256 << 10

// maxHTTPHeaderBytes caps the HTTP header HTTPResponse reads.
const maxHTTPHeaderBytes = 1 << 20

// Record is one WARC record. Its Body can be read until the next call to
// Next.
type Record struct {
	// Type is the WARC-Type field, such as TypeResponse.
	Type string
	// TargetURI is WARC-Target-URI, without the angle brackets some
	// writers (wget among them) put around it.
	TargetURI string
	// Date is WARC-Date; zero when missing or unreadable.
	Date time.Time
	// RecordID is WARC-Record-ID without its angle brackets, such as
	// "urn:uuid:…".
	RecordID string
	// ContentType is the Content-Type field, such as
	// "application/http; msgtype=response".
	ContentType string
	// ContentLength is the length of the block (the body).
	ContentLength int64
	// Header holds every field of the WARC header. Keys are in canonical
	// MIME form ("Warc-Target-Uri"); Get takes any case.
	Header textproto.MIMEHeader
	// Body is the record's block, exactly ContentLength bytes; it gives
	// io.ErrUnexpectedEOF if the file ends sooner.
	Body io.Reader
	// Number is the record's position among the records read, from 1.
	// Bytes between records that are no record do not count, so numbers
	// after a stretch of damage can be lower than a count of the
	// records originally written.
	Number int
	// Offset is the byte offset of the record's version line in the
	// uncompressed file.
	Offset int64
	// GzipOffset is the compressed offset of the gzip member the record
	// starts in (where a reader can seek to), or -1 for a plain file.
	GzipOffset int64

	body *body
}

// FormatError reports a malformed record. Reading can go on after it: see
// the package documentation.
type FormatError struct {
	// Record is the number of the record, from 1.
	Record int
	// Offset is the byte offset in the uncompressed file where the problem
	// was found.
	Offset int64
	// GzipOffset is the compressed offset of the gzip member holding
	// Offset, or -1 for a plain file.
	GzipOffset int64
	// Reason says what is wrong, in lower case.
	Reason string
	// Err is the underlying error, if any.
	Err error
}

func (e *FormatError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "warc: record %d at offset %d", e.Record, e.Offset)
	if e.GzipOffset >= 0 {
		fmt.Fprintf(&b, " (gzip member at %d)", e.GzipOffset)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

// ErrNotWARC reports input that does not start like a WARC file.
var ErrNotWARC = errors.New("not a warc file")

// ErrNotHTTP reports a record that holds no HTTP response.
var ErrNotHTTP = errors.New("record holds no http response")

// Reader reads the records of a WARC file in order.
type Reader struct {
	s       *stream
	n       int     // records read, their version lines recognised
	pending int     // number of the record being read
	cur     *Record // the record whose body may still be unread
	resync  bool    // skip to the next "WARC/1." line before reading
	err     error   // final error
}

// NewReader returns a reader of the WARC file r, which may be plain or
// gzip-compressed (recognised by its magic bytes; concatenated members are
// read in turn, one member per record being usual but not required).
// Empty input is a file of no records. Input that starts with neither gzip
// data nor "WARC/" gives an error wrapping ErrNotWARC.
func NewReader(r io.Reader) (*Reader, error) {
	cnt := &countingReader{r: r}
	src := bufio.NewReaderSize(cnt, bufSize)
	head, err := src.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("warc: %w", err)
	}
	s := &stream{br: src}
	if bytes.Equal(head, gzipMagic[:2]) {
		m := &members{src: src, cnt: cnt}
		s = &stream{br: bufio.NewReaderSize(m, bufSize), gz: m}
	}
	rd := &Reader{s: s}
	if err := s.skipBlank(); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return rd, nil // Next reports a cut-off file
		}
		return nil, fmt.Errorf("warc: %w", err)
	}
	start, err := s.peek(5)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("warc: %w", err)
	}
	if !bytes.Equal(start, []byte("WARC/")) {
		more, _ := s.peek(16)
		return nil, fmt.Errorf("warc: %w: starts with %q", ErrNotWARC, more)
	}
	return rd, nil
}

// Next returns the next record, or io.EOF after the last. It skips what is
// left of the previous record's body. See the package documentation for
// the errors it returns and how reading goes on after a *FormatError.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if rec := r.cur; rec != nil {
		r.cur = nil
		if err := r.finish(rec); err != nil {
			return nil, r.fault(rec.Number, err)
		}
	}
	if r.resync {
		if err := r.s.skipToVersion(); err != nil {
			if errors.Is(err, io.EOF) {
				r.err = io.EOF
				return nil, io.EOF
			}
			return nil, r.fault(r.n+1, err)
		}
		r.resync = false
	}
	rec, err := r.read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			r.err = io.EOF
			return nil, io.EOF
		}
		return nil, r.fault(r.pending, err)
	}
	r.cur = rec
	return rec, nil
}

// gzipOffset returns the compressed offset of the member holding
// uncompressed offset u, or -1.
func (r *Reader) gzipOffset(u int64) int64 {
	if r.s.gz == nil {
		return -1
	}
	return r.s.gz.memberAt(u)
}

// formatErr is a *FormatError in the making: what went wrong and where.
type formatErr struct {
	offset int64
	reason string
	err    error
}

func (e *formatErr) Error() string { return e.reason }

// fault turns an error met while reading record n into what Next returns,
// arranging to resynchronise after a format or gzip error and making any
// other error final.
func (r *Reader) fault(n int, err error) error {
	var fe *formatErr
	var ge *gzipError
	switch {
	case errors.As(err, &fe):
		r.resync = true
		return &FormatError{Record: n, Offset: fe.offset, GzipOffset: r.gzipOffset(fe.offset), Reason: fe.reason, Err: fe.err}
	case errors.As(err, &ge):
		off := r.s.off
		fe := &FormatError{Record: n, Offset: off, GzipOffset: ge.offset, Reason: "corrupt gzip member", Err: ge.err}
		// Drop what was decompressed before the failure, then skip to the
		// next member.
		r.s.br.Reset(r.s.gz)
		if rerr := r.s.gz.resync(); rerr != nil {
			r.err = io.EOF // no member follows
			if !errors.Is(rerr, io.EOF) {
				r.err = fmt.Errorf("warc: %w", rerr)
			}
			return fe
		}
		// Uncompressed offsets go on counting from where the failure was.
		r.s.gz.produced = r.s.off
		r.s.gz.starts = nil
		r.resync = true
		return fe
	}
	r.err = fmt.Errorf("warc: record %d: %w", n, err)
	return r.err
}

// read reads the next record's header.
func (r *Reader) read() (*Record, error) {
	// Bytes that are no record do not use up a number: the error names
	// the record expected there.
	r.pending = r.n + 1
	if err := r.s.skipBlank(); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &formatErr{offset: r.s.off, reason: "truncated: compressed data ends early"}
		}
		return nil, err
	}
	start := r.s.off
	line, err := r.s.readLine(256)
	switch {
	case errors.Is(err, errLineTooLong):
		return nil, &formatErr{offset: start, reason: "expected a WARC version line, found a long line of other data"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &formatErr{offset: start, reason: fmt.Sprintf("truncated: file ends in the version line %q", clip(line))}
	case err != nil:
		return nil, err
	}
	version := string(bytes.TrimRight(line, "\r\n"))
	if !strings.HasPrefix(version, "WARC/") {
		return nil, &formatErr{offset: start, reason: fmt.Sprintf("expected a WARC version line, found %q", clip([]byte(version)))}
	}
	r.n = r.pending
	if version != "WARC/1.0" && version != "WARC/1.1" {
		return nil, &formatErr{offset: start, reason: fmt.Sprintf("unsupported version %q", clip([]byte(version)))}
	}
	hdr, err := r.readHeader(start)
	if err != nil {
		return nil, err
	}
	rec := &Record{
		Number:      r.n,
		Offset:      start,
		GzipOffset:  r.gzipOffset(start),
		Header:      hdr,
		Type:        hdr.Get("WARC-Type"),
		TargetURI:   unbracket(hdr.Get("WARC-Target-URI")),
		RecordID:    unbracket(hdr.Get("WARC-Record-ID")),
		ContentType: hdr.Get("Content-Type"),
		Date:        parseDate(hdr.Get("WARC-Date")),
	}
	cl, ok := hdr["Content-Length"]
	if !ok {
		return nil, &formatErr{offset: start, reason: "missing Content-Length"}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(cl[0]), 10, 64)
	if err != nil || n < 0 {
		return nil, &formatErr{offset: start, reason: fmt.Sprintf("invalid Content-Length %q", clip([]byte(cl[0])))}
	}
	rec.ContentLength = n
	rec.body = &body{s: r.s, remaining: n}
	rec.Body = rec.body
	return rec, nil
}

// readHeader reads header lines up to and including the blank line that
// ends them and parses them.
func (r *Reader) readHeader(start int64) (textproto.MIMEHeader, error) {
	var raw []byte
	for {
		line, err := r.s.readLine(MaxHeaderBytes - len(raw))
		switch {
		case errors.Is(err, errLineTooLong):
			return nil, &formatErr{offset: start, reason: fmt.Sprintf("header over %d bytes", MaxHeaderBytes)}
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, &formatErr{offset: start, reason: "truncated: file ends in the header"}
		case err != nil:
			return nil, err
		}
		raw = append(raw, line...)
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
	}
	size := min(max(len(raw), 16), 4096) // bufio's least size is 16
	hdr, err := textproto.NewReader(bufio.NewReaderSize(bytes.NewReader(raw), size)).ReadMIMEHeader()
	if err != nil {
		return nil, &formatErr{offset: start, reason: "malformed header", err: err}
	}
	return hdr, nil
}

// finish skips the unread rest of rec's body, reporting a body cut short.
func (r *Reader) finish(rec *Record) error {
	b := rec.body
	defer func() { b.done = true }()
	if b.err != nil && !errors.Is(b.err, io.ErrUnexpectedEOF) {
		return b.err
	}
	if b.remaining > 0 && b.err == nil {
		n, err := r.s.discard(b.remaining)
		b.remaining -= n
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return err
		}
	}
	if b.remaining > 0 {
		return &formatErr{offset: r.s.off, reason: fmt.Sprintf("truncated: block ends after %d of %d bytes", rec.ContentLength-b.remaining, rec.ContentLength)}
	}
	return nil
}

// body reads a record's block.
type body struct {
	s         *stream
	remaining int64
	read      int64
	err       error
	done      bool // Next was called: the stream has moved on
}

var errBodyGone = errors.New("warc: body read after the next record was read")

func (b *body) Read(p []byte) (int, error) {
	if b.done {
		return 0, errBodyGone
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.remaining <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.s.Read(p)
	b.remaining -= int64(n)
	b.read += int64(n)
	if errors.Is(err, io.EOF) {
		if b.remaining > 0 {
			err = io.ErrUnexpectedEOF
		} else {
			err = nil
		}
	}
	if err != nil {
		b.err = err
	}
	return n, err
}

// unbracket removes the angle brackets around a URI.
func unbracket(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// dateLayouts are the forms WARC-Date takes: RFC 3339 (W3C profile) with
// or without fractions, and the 14-digit form of older tools.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "20060102150405"}

func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// clip shortens b for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// HTTPResponse reads the record's body as an HTTP response: the status
// line and header, with a Body that reads the payload (chunked transfer
// coding undone; Content-Encoding left alone). The record must be a
// response or revisit record of type application/http whose body has not
// been read; otherwise the error wraps ErrNotHTTP. The response body is
// valid until the next call to Next.
//
// Some archivers store the payload de-chunked yet keep the
// "Transfer-Encoding: chunked" header; such a payload is read as it is.
func (rec *Record) HTTPResponse() (*http.Response, error) {
	if rec.Type != TypeResponse && rec.Type != TypeRevisit {
		return nil, fmt.Errorf("warc: record %d: %w: type is %q", rec.Number, ErrNotHTTP, rec.Type)
	}
	mt, params, err := mime.ParseMediaType(rec.ContentType)
	if err != nil || mt != "application/http" || (params["msgtype"] != "" && params["msgtype"] != "response") {
		return nil, fmt.Errorf("warc: record %d: %w: content type is %q", rec.Number, ErrNotHTTP, rec.ContentType)
	}
	if rec.body == nil || rec.body.read > 0 {
		return nil, fmt.Errorf("warc: record %d: body already read", rec.Number)
	}
	lim := &headerLimit{r: rec.Body, left: maxHTTPHeaderBytes}
	br := bufio.NewReader(lim)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		if lim.left <= 0 {
			return nil, fmt.Errorf("warc: record %d: http response: header over %d bytes", rec.Number, maxHTTPHeaderBytes)
		}
		return nil, fmt.Errorf("warc: record %d: http response: %w", rec.Number, err)
	}
	lim.left = -1 // the header is read: no limit on the payload
	if len(resp.TransferEncoding) > 0 && resp.TransferEncoding[0] == "chunked" && !chunkedAhead(br) {
		resp.TransferEncoding = nil
		resp.ContentLength = -1
		resp.Body = io.NopCloser(br)
	}
	return resp, nil
}

// headerLimit fails reads once left bytes have been read, unless left is
// negative (no limit).
type headerLimit struct {
	r    io.Reader
	left int64
}

func (h *headerLimit) Read(p []byte) (int, error) {
	if h.left < 0 {
		return h.r.Read(p)
	}
	if h.left == 0 {
		return 0, errors.New("http header too long")
	}
	if int64(len(p)) > h.left {
		p = p[:h.left]
	}
	n, err := h.r.Read(p)
	h.left -= int64(n)
	return n, err
}

// chunkedAhead reports whether br starts with a chunk-size line (hex
// digits, then an optional extension, then a line end), or holds nothing.
func chunkedAhead(br *bufio.Reader) bool {
	head, err := br.Peek(1)
	if len(head) == 0 || err != nil {
		return true // empty: nothing to tell, let net/http report it
	}
	head, _ = br.Peek(32)
	i := 0
	for i < len(head) && isHex(head[i]) {
		i++
	}
	if i == 0 || i == len(head) {
		return false
	}
	switch head[i] {
	case '\r', '\n', ';', ' ', '\t':
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
