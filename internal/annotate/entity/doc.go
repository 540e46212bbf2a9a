// Package entity finds the people, organisations, places and nationality
// groups an article names, links their mentions within the article, and
// merges them across articles.
//
// Recognizer.Annotate runs, on one text:
//
//  1. a tokenizer with byte offsets (punctuation kept, hyphenated names
//     whole, the possessive "'s" apart; words folded with textproc.Fold);
//  2. a linear-chain tagger over BIO tags for PER, ORG, LOC and MISC: an
//     averaged structured perceptron decoded with Viterbi, on word, shape,
//     affix, context and gazetteer features and on document cues (whether
//     the article also writes the word in lower case, or capitalised in
//     mid-sentence), trained by ./train on shared/data/ner and embedded as
//     model.gob.gz; the gazetteers are hand-written lists and lists that
//     ./gazgen generates from npm packages (GeoNames cities, given names,
//     WordNet instances);
//  3. rules on top: titles and honorifics moved out of person names into
//     Mention.Title, datelines read as places, nationalities as NORP,
//     name particles kept inside names, acronyms in brackets linked to their
//     expansion, the name after "according to" marked as a cited source,
//     well-known organisations and countries from the embedded gazetteers,
//     organisation and place names completed up to their head word
//     ("Authority", "Valley"), people named by appositives and ages, and
//     acronyms in running text;
//  4. linking within the article: short forms to full names, acronyms to
//     expansions, and titles such as "the supreme leader" or "the Syrian
//     president" to the person the article gave that title.
//
// Canonicalize then merges the entities of many articles, across spelling
// and transliteration variants, with the evidence for every merge.
//
// The core is pure: no I/O beyond reading the embedded model and lists, no
// logging. A Recognizer is safe for concurrent use.
package entity
