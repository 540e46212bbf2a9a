package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// bufSize is the size of the read buffers.
const bufSize = 64 << 10

// stream is the uncompressed bytes of a WARC file, with the offset of the
// next unread byte.
type stream struct {
	br  *bufio.Reader
	off int64
	gz  *members // nil for an uncompressed file
}

func (s *stream) Read(p []byte) (int, error) {
	n, err := s.br.Read(p)
	s.off += int64(n)
	return n, err
}

func (s *stream) peek(n int) ([]byte, error) { return s.br.Peek(n) }

func (s *stream) discard(n int64) (int64, error) {
	var done int64
	for n > 0 {
		step := n
		if step > bufSize {
			step = bufSize
		}
		k, err := s.br.Discard(int(step))
		done += int64(k)
		s.off += int64(k)
		n -= int64(k)
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// readLine reads one line, '\n' included, of at most max bytes. A longer
// line gives errLineTooLong with the line consumed up to max bytes; a line
// cut off by the end of the stream gives what there is and
// io.ErrUnexpectedEOF (io.EOF when there is nothing).
func (s *stream) readLine(max int) ([]byte, error) {
	var line []byte
	for {
		frag, err := s.br.ReadSlice('\n')
		s.off += int64(len(frag))
		if len(line)+len(frag) > max {
			return nil, errLineTooLong
		}
		switch {
		case err == nil && line == nil:
			return frag, nil // valid until the next read: callers copy
		case err == nil:
			return append(line, frag...), nil
		case errors.Is(err, bufio.ErrBufferFull):
			line = append(line, frag...)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			line = append(line, frag...)
			if len(line) == 0 {
				return nil, err
			}
			return line, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

var errLineTooLong = errors.New("line too long")

// skipLine discards up to and including the next '\n'.
func (s *stream) skipLine() error {
	for {
		frag, err := s.br.ReadSlice('\n')
		s.off += int64(len(frag))
		if err == nil {
			return nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// skipBlank discards CR and LF bytes.
func (s *stream) skipBlank() error {
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return err
		}
		if c != '\r' && c != '\n' {
			return s.br.UnreadByte()
		}
		s.off++
	}
}

// versionPrefix starts the line resynchronisation looks for.
var versionPrefix = []byte("WARC/1.")

// skipToVersion discards lines until one that starts with "WARC/1.", which
// is left unread.
func (s *stream) skipToVersion() error {
	for {
		b, err := s.peek(len(versionPrefix))
		if bytes.Equal(b, versionPrefix) {
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return eofOr(err)
		}
		if err := s.skipLine(); err != nil {
			return eofOr(err)
		}
	}
}

// gzipError is a failure to decompress one gzip member.
type gzipError struct {
	offset int64 // of the member in the compressed file
	err    error
}

func (e *gzipError) Error() string {
	return fmt.Sprintf("gzip member at compressed offset %d: %v", e.offset, e.err)
}

func (e *gzipError) Unwrap() error { return e.err }

// members reads a gzip file one member at a time, so that it knows where
// each member starts in the compressed file and can skip to the next
// member after a corrupt one.
type members struct {
	src      *bufio.Reader
	cnt      *countingReader
	zr       *gzip.Reader
	in       bool  // inside a member
	start    int64 // compressed offset of the current member
	produced int64 // uncompressed bytes returned so far
	// failed is a *gzipError until resync, or io.ErrUnexpectedEOF for
	// good when the compressed data ends inside a member.
	failed error
	// starts maps uncompressed offsets to the compressed offsets of the
	// members that begin there, oldest first; pruned as records start.
	starts []memberStart
}

type memberStart struct{ u, c int64 }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// offset returns the compressed offset of the next unread byte.
func (m *members) offset() int64 { return m.cnt.n - int64(m.src.Buffered()) }

func (m *members) Read(p []byte) (int, error) {
	if m.failed != nil {
		return 0, m.failed
	}
	for {
		if !m.in {
			if _, err := m.src.Peek(1); err != nil {
				return 0, err // io.EOF at the end of the last member
			}
			m.start = m.offset()
			var err error
			if m.zr == nil {
				m.zr, err = gzip.NewReader(m.src)
			} else {
				err = m.zr.Reset(m.src)
			}
			if err != nil {
				if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
					m.failed = io.ErrUnexpectedEOF // the file is cut short
				} else {
					m.failed = &gzipError{offset: m.start, err: err}
				}
				return 0, m.failed
			}
			m.zr.Multistream(false)
			m.in = true
			m.starts = append(m.starts, memberStart{u: m.produced, c: m.start})
		}
		n, err := m.zr.Read(p)
		m.produced += int64(n)
		if errors.Is(err, io.EOF) {
			m.in = false
			if n > 0 {
				return n, nil
			}
			continue
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			m.failed = io.ErrUnexpectedEOF // the file is cut short
			return n, m.failed
		}
		if err != nil {
			m.failed = &gzipError{offset: m.start, err: err}
			return n, m.failed
		}
		return n, nil
	}
}

// memberAt returns the compressed offset of the member holding the
// uncompressed offset u, forgetting members that end before it.
func (m *members) memberAt(u int64) int64 {
	i := 0
	for i+1 < len(m.starts) && m.starts[i+1].u <= u {
		i++
	}
	m.starts = m.starts[i:]
	if len(m.starts) == 0 {
		return -1
	}
	return m.starts[0].c
}

// gzipMagic starts every gzip member (with the deflate method).
var gzipMagic = []byte{0x1f, 0x8b, 0x08}

// resync skips past the failed member to the next place gzip magic bytes
// appear, and clears the failure. It returns io.EOF when there are none.
func (m *members) resync() error {
	m.failed = nil
	m.in = false
	// Search from one byte past the failed member's start, or from where
	// reading stopped if that is further.
	if skip := m.start + 1 - m.offset(); skip > 0 {
		if _, err := m.src.Discard(int(skip)); err != nil {
			return eofOr(err)
		}
	}
	for {
		buf, err := m.src.Peek(bufSize)
		if i := bytes.Index(buf, gzipMagic); i >= 0 {
			_, _ = m.src.Discard(i)
			return nil
		}
		if err != nil {
			_, _ = m.src.Discard(len(buf))
			return eofOr(err)
		}
		// Keep the last bytes: the magic may straddle the window.
		_, _ = m.src.Discard(len(buf) - len(gzipMagic) + 1)
	}
}

// eofOr returns io.EOF for io.EOF and io.ErrUnexpectedEOF (nothing more
// can be read either way) and err otherwise.
func eofOr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return io.EOF
	}
	return err
}
