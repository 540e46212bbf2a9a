// Package input reads article drafts from local files, directories and
// standard input: JSON Lines corpora, plain-text articles and saved HTML
// pages, each optionally gzip-compressed.
//
// Bad input never stops reading: every malformed line, unreadable file or
// page without an article is reported as a Problem naming where it came
// from, and reading goes on with the next line or file.
package input

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/extract"
)

// Draft is one article as read, before it is processed.
type Draft struct {
	URL, Source, Title, Text, Lang string
	Published                      time.Time
	// Event is the gold event label from a corpus line, if any (used by
	// evaluation).
	Event string
	// ID is the id field of a corpus line, if any.
	ID string
	// Origin is where the draft came from: "path:line" for JSON Lines,
	// "path" for a file, "-:line" for JSON Lines on standard input and "-"
	// for a page or text on standard input.
	Origin string
}

// Problem is one piece of input that could not be read as an article.
type Problem struct {
	// Origin is where the problem is, as in Draft.Origin.
	Origin string
	// Reason says what is wrong, in lower case.
	Reason string
}

// Error returns "origin: reason".
func (p Problem) Error() string { return p.Origin + ": " + p.Reason }

// Default limits.
const (
	DefaultMaxLineBytes = 16 << 20
	DefaultMaxFileBytes = 64 << 20
)

// Options tunes Read. The zero value is ready to use.
type Options struct {
	// MaxLineBytes caps one JSON line (DefaultMaxLineBytes when zero or
	// less). A longer line is skipped with a Problem without being held in
	// memory, and reading continues at the next line.
	MaxLineBytes int64
	// MaxFileBytes caps a text or HTML file (DefaultMaxFileBytes when zero
	// or less). JSON Lines files have no size limit.
	MaxFileBytes int64
	// OnBytes, when set, is called as input bytes are consumed (compressed
	// bytes for gzip files), for progress bars. It is called from the
	// goroutine that called Read.
	OnBytes func(n int64)
}

func (o Options) withDefaults() Options {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultMaxFileBytes
	}
	return o
}

// Stdin is the path that names standard input.
const Stdin = "-"

// kind is how a file's bytes are read.
type kind int

const (
	kindSniff kind = iota
	kindJSONL
	kindText
	kindHTML
	kindWARC
)

// kindOf returns the kind a file name calls for and whether it names a
// gzip file.
func kindOf(name string) (kind, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	gz := ext == ".gz"
	if gz {
		ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(name, filepath.Ext(name))))
	}
	switch ext {
	case ".jsonl", ".ndjson", ".json":
		return kindJSONL, gz
	case ".txt", ".text", ".md":
		return kindText, gz
	case ".html", ".htm", ".xhtml":
		return kindHTML, gz
	case ".warc":
		// WARC files are gzip compressed record by record; the WARC reader
		// undoes that itself.
		return kindWARC, false
	}
	return kindSniff, gz
}

// Read reads every path in order and calls emit for each draft and problem
// for each piece of bad input (problem may be nil to ignore them). A path
// is a file, a directory (walked recursively in lexical order, skipping
// names that start with a dot) or "-" for stdin.
//
// A file's kind comes from its extension: .jsonl, .ndjson and .json are
// JSON Lines in the corpus format; .txt, .text and .md are plain text whose
// first line is the title when it is short and more text follows; .html,
// .htm and .xhtml are saved pages; .warc and .warc.gz are web archives,
// whose archived HTML pages are read as saved pages; a further .gz is
// decompressed. Other
// files, and stdin, are sniffed: '{' starts JSON Lines, '<' HTML, gzip data
// is decompressed, other valid UTF-8 is text, anything else is binary.
//
// Each Problem stands for a line or a file that yields no draft: a JSON
// line that is malformed, not UTF-8, over MaxLineBytes, without title and
// text or with a published date that is not RFC 3339; a file that is
// missing, unreadable, empty, binary, over MaxFileBytes, or a page without
// an article.
//
// An error from emit stops reading and is returned wrapped; when ctx is
// done Read stops promptly and returns ctx.Err().
func Read(ctx context.Context, paths []string, stdin io.Reader, opt Options, emit func(Draft) error, problem func(Problem)) error {
	if problem == nil {
		problem = func(Problem) {}
	}
	r := &reader{ctx: ctx, opt: opt.withDefaults(), emit: emit, problem: problem}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if p == Stdin {
			err = r.stdin(stdin)
		} else {
			err = r.path(p)
		}
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// reader holds one Read call's state.
type reader struct {
	ctx     context.Context
	opt     Options
	emit    func(Draft) error
	problem func(Problem)
}

// send emits d, with a language when it has none, turning an emit error
// into one that stops reading.
func (r *reader) send(d Draft) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if d.Lang == "" {
		// Records and plain text files that name no language, and pages
		// too short for the extractor to tell, get the language of their
		// words when the detector is sure enough of it.
		d.Lang = extract.Language(strings.TrimSpace(d.Title + "\n" + d.Text))
	}
	if err := r.emit(d); err != nil {
		return fmt.Errorf("input %s: %w", d.Origin, err)
	}
	return nil
}

// fault turns a read error into the error Read returns when reading must
// stop (context done) or into a Problem when it may go on.
func (r *reader) fault(origin string, err error) error {
	if cerr := r.ctx.Err(); cerr != nil {
		return cerr
	}
	r.problem(Problem{Origin: origin, Reason: reason(err)})
	return nil
}

// reason words an I/O error for a Problem, without repeating the path.
func reason(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.As(err, &pe):
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

func (r *reader) stdin(in io.Reader) error {
	if in == nil {
		r.problem(Problem{Origin: Stdin, Reason: "no standard input"})
		return nil
	}
	src := newAsyncReader(r.ctx, in)
	defer src.close()
	return r.read(Stdin, r.counted(src), kindSniff, false)
}

// path reads a file or walks a directory.
func (r *reader) path(p string) error {
	info, err := os.Stat(p)
	if err != nil {
		return r.fault(p, err)
	}
	if !info.IsDir() {
		// A named file is read whatever it is, so that pipes such as
		// <(zcat corpus.gz) work.
		return r.file(p)
	}
	return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if cerr := r.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if ferr := r.fault(path, err); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			return nil
		case d.Type().IsRegular():
		case d.Type()&fs.ModeSymlink != 0:
			// Follow links to files; links to directories are not walked.
			if info, err := os.Stat(path); err != nil {
				return r.fault(path, err)
			} else if !info.Mode().IsRegular() {
				return nil
			}
		default:
			return nil // devices, sockets and pipes inside directories
		}
		return r.file(path)
	})
}

// file reads one named file.
func (r *reader) file(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return r.fault(p, err)
	}
	defer f.Close()
	var src io.Reader = f
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		// A pipe or a device may block: read it so that cancelling the
		// context ends the wait.
		a := newAsyncReader(r.ctx, f)
		defer a.close()
		src = a
	}
	k, gz := kindOf(p)
	return r.read(p, r.counted(src), k, gz)
}

// read reads one source of kind k, decompressing it first when gz is set.
func (r *reader) read(origin string, src io.Reader, k kind, gz bool) error {
	br := bufio.NewReaderSize(src, 64<<10)
	if k == kindWARC {
		return r.warcFile(origin, br)
	}
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return r.fault(origin, errors.New("empty file"))
			}
			return r.fault(origin, fmt.Errorf("gzip: %w", err))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if k == kindSniff {
		var err error
		k, gz, err = sniff(br)
		if err != nil {
			return r.fault(origin, err)
		}
		if gz {
			return r.read(origin, br, kindSniff, true)
		}
	}
	var err error
	switch k {
	case kindJSONL:
		err = r.jsonLines(origin, br)
	case kindText:
		err = r.text(origin, br)
	case kindHTML:
		err = r.html(origin, br)
	case kindWARC:
		err = r.warcFile(origin, br)
	}
	return err
}

// errBinary reports data that is no kind of text.
var errBinary = errors.New("binary file")

// sniffLen is how much of a source sniff looks at, at most.
const sniffLen = 1024

// sniff peeks at the start of br and returns the kind of its content and
// whether it is gzip data. It waits for no more data than it needs, so that
// a slow pipe or a terminal is read as soon as its first line arrives.
func sniff(br *bufio.Reader) (kind, bool, error) {
	var head, rest []byte
	var end bool // no more data after head
	for {
		_, err := br.Peek(br.Buffered() + 1)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return 0, false, err
		}
		end = errors.Is(err, io.EOF)
		head, _ = br.Peek(br.Buffered()) // all that has arrived
		rest = bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n\f\v")
		if len(rest) > 0 || err != nil {
			break
		}
	}
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	switch {
	case len(rest) == 0 && end:
		return 0, false, errors.New("empty file")
	case len(rest) == 0:
		return kindText, false, nil // a buffer full of white space
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return 0, true, nil
	case bytes.HasPrefix(rest, []byte("WARC/")):
		return kindWARC, false, nil
	case rest[0] == '{':
		return kindJSONL, false, nil
	case rest[0] == '<':
		return kindHTML, false, nil
	case binary(head, !end || len(head) == sniffLen):
		return 0, false, errBinary
	}
	return kindText, false, nil
}

// bom is the UTF-8 byte order mark.
var bom = []byte("\uFEFF")

// binary reports whether b holds a NUL or control byte or is not UTF-8.
// When cut is set, b is a prefix and may end inside a character.
func binary(b []byte, cut bool) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f {
				return true
			}
			i++
			continue
		}
		rn, size := utf8.DecodeRune(b[i:])
		if rn == utf8.RuneError && size <= 1 {
			return !(cut && !utf8.FullRune(b[i:]))
		}
		i += size
	}
	return false
}

// counted wraps src so that every read reports its size to OnBytes and
// stops when the context is done.
func (r *reader) counted(src io.Reader) io.Reader {
	return &countingReader{ctx: r.ctx, r: src, on: r.opt.OnBytes}
}

type countingReader struct {
	ctx context.Context
	r   io.Reader
	on  func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	if n > 0 && c.on != nil {
		c.on(int64(n))
	}
	return n, err
}

// TotalBytes returns the summed size of the regular files Read would visit
// for paths, for a progress bar. It returns 0, meaning unknown, when paths
// include stdin. Files it cannot stat count as empty.
func TotalBytes(paths []string) int64 {
	var total int64
	for _, p := range paths {
		if p == Stdin {
			return 0
		}
		info, err := os.Stat(p)
		if err != nil {
			continue
		}
		if !info.IsDir() {
			if info.Mode().IsRegular() {
				total += info.Size()
			}
			continue
		}
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				total += info.Size()
			}
			return nil
		})
	}
	return total
}
