package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// maxLangBytes is how much of a text Language reads: the detector's time
// grows with the text (about 0.6 ms on 256 bytes, 0.8 on 1 KiB, 1.6 on
// 4 KiB or a whole benchmark article), and on the first 1000 bytes of the
// benchmark's articles its guess is the same as on the whole text for all
// 181.
const maxLangBytes = 1 << 10

// minLangConfidence is the detector's confidence below which Language
// gives no answer. On the first 80 bytes of the benchmark's article texts
// (a sentence or so), the detector agrees with its verdict on the whole
// text for 161 of 181 pages; for 125 of the 126 at or above 0.4 (99%),
// and 83 of 84 at or above its own "reliable" mark of 0.8, which turns
// away half the pages, and the Russian sentences of TestLanguage that it
// gets right (at 0.61 and 0.67).
const minLangConfidence = 0.4

// Language returns the ISO 639-1 code of the language text is written in,
// or "" when the guess is doubtful (too little text, or too mixed) or
// the language has no two-letter code. It uses the detector Page's
// language comes from (whatlanggo), on at most the first 1 KiB of text;
// it is for text that did not come through Page, such as a feed's full
// article or an imported record without a language.
func Language(text string) string {
	if len(text) > maxLangBytes {
		cut := maxLangBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < minLangConfidence {
		return ""
	}
	return strings.ToLower(info.Lang.Iso6391())
}
