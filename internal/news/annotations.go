package news

// AnnotationStore keeps what was found in each article: entities, quotes,
// numeric claims and dates.
type AnnotationStore interface{}
