package entity

// Annotate finds the entities of text, applies the rules on top of the
// tagger and links the mentions within the text.
func (r *Recognizer) Annotate(text string) Article {
	toks := tokenize(text)
	tagged := r.tagSpans(toks)
	// The rules read the tagger's gazetteer matches, made sentence by
	// sentence: no list phrase spans a sentence break.
	d := &document{text: text, toks: toks, spans: tagged.spans, g: r.g, words: tagged.words, gz: tagged.gz, cues: tagged.cues}
	d.applyRules()
	return d.link()
}
