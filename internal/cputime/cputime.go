// Package cputime reads how much CPU time the process has used. Benchmarks
// on shared machines report it beside wall time: it hardly moves when
// other processes load the machine.
package cputime

import "errors"

// ErrUnsupported is returned where the system does not tell.
var ErrUnsupported = errors.New("process CPU time not available on this system")
