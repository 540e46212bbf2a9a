package storetest

// sourceTests check news.SourceStore.
var sourceTests = []test{}
