//go:build !unix

package cputime

import "time"

// Process returns ErrUnsupported on this system.
func Process() (time.Duration, error) { return 0, ErrUnsupported }
