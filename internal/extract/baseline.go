package extract

import (
	"bytes"
	"fmt"

	"github.com/markusmobius/go-trafilatura"
)

// Baseline extracts the main text of raw with go-trafilatura alone, as its
// documentation uses it: trafilatura.Extract (which parses the page itself)
// with the default options, and its plain text as is. It is the reference
// that `parallax eval extract --baseline` measures Page against, in speed
// and in quality, so that what Page adds around the library is measured
// rather than guessed. Like Page it never panics.
func Baseline(raw []byte) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("extract: baseline: %w: %v", ErrExtractor, r)
		}
	}()
	res, err := trafilatura.Extract(bytes.NewReader(raw), trafilatura.Options{})
	if err != nil {
		return "", fmt.Errorf("extract: baseline: %v: %w", err, ErrNoArticle)
	}
	if res == nil {
		return "", fmt.Errorf("extract: baseline: empty result: %w", ErrNoArticle)
	}
	return res.ContentText, nil
}
