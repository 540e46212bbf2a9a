package entity

// Annotate finds the entities of text, applies the rules on top of the
// tagger and links the mentions within the text.
func (r *Recognizer) Annotate(text string) Article {
	toks := tokenize(text)
	spans := r.tagSpans(toks)
	d := newDocument(text, toks, spans, r.g)
	d.applyRules()
	return d.link()
}
