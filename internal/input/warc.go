package input

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"strings"

	"github.com/parallax-news/parallax/internal/extract"
	"github.com/parallax-news/parallax/internal/warc"
)

// warcFile reads the HTML pages archived in a WARC file (plain, or gzip
// compressed record by record as crawlers write it) and extracts an
// article from each. Pages without an article, malformed records and
// pages that cannot be decoded are Problems named by file, record number
// and byte offset; the rest of the archive is still read.
func (r *reader) warcFile(origin string, br *bufio.Reader) error {
	opt := warc.Options{
		MaxBodyBytes: r.opt.MaxFileBytes,
		Problem: func(p warc.Problem) {
			r.problem(Problem{Origin: warcOrigin(origin, p.Record, p.Offset), Reason: p.Reason})
		},
	}
	// stop holds an error that must end Read (emit failed, or the context
	// is done), as opposed to a damaged archive, which is a Problem.
	var stop error
	err := opt.Pages(br, func(p warc.Page) error {
		at := warcOrigin(origin, p.Record, p.Offset)
		res, err := extract.Page(p.Body, p.URL)
		if err != nil {
			stop = r.fault(at, errors.New(strings.TrimPrefix(err.Error(), "extract: ")))
			return stop
		}
		stop = r.send(Draft{
			// The page's own address when it states one, else the
			// record's.
			URL:       cmp.Or(res.URL, p.URL),
			Source:    res.SiteName,
			Title:     res.Title,
			Text:      res.Text,
			Lang:      res.Lang,
			Published: res.Published,
			Origin:    at,
		})
		return stop
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		return r.fault(origin, err)
	}
	return nil
}

func warcOrigin(path string, record int, offset int64) string {
	return fmt.Sprintf("%s#record-%d@%d", path, record, offset)
}
