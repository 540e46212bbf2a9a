// Package demo holds the sample corpus that `parallax demo` ingests: about
// thirty short news reports of seven invented events by eight invented
// outlets, written for the project. It is compiled into the binary, so the
// demo works from a fresh clone with no data files.
//
// The corpus is JSON Lines in the shared corpus format, one article a line,
// in publication order:
//
//	{"id", "title", "text", "published" (RFC 3339), "source", "url", "lang", "event"}
//
// "event" is the gold label: articles with the same event report the same
// real-world happening. The sample is small but carries the hard cases:
//
//   - a reprint: demo-003 (Harbour Ledger) republishes the Coastline Wire
//     copy demo-002 with a new headline, one sentence trimmed and a credit
//     line added;
//   - a headline-only item: demo-022 has a title and an empty text;
//   - look-alike events: two earthquakes, in Kestria on 10 March
//     (kestria-earthquake-2026-03-10) and in Solenne on 12 March
//     (solenne-earthquake-2026-03-12), that must stay separate stories;
//   - outlets that disagree the way real ones do: a name transliterated two
//     ways (Moskalyk / Moskalik), figures that differ (a death toll, the
//     number evacuated, a transfer fee), one quote worded differently by
//     each outlet, and facts only one outlet carries.
package demo

import _ "embed"

// Corpus is the sample corpus, JSON Lines, in publication order.
//
//go:embed corpus.jsonl
var Corpus []byte
