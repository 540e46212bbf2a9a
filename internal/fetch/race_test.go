//go:build race

package fetch

// raceEnabled is true when the race detector, which slows the load test
// roughly tenfold, is on.
const raceEnabled = true
