package news

// SourceStore keeps the outlets and feeds Parallax follows.
type SourceStore interface{}
