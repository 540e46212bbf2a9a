package storetest

// annotationTests check news.AnnotationStore.
var annotationTests = []test{}
