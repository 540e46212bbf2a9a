//go:build unix

package loadgen

import "syscall"

// processCPU returns the CPU time, user and system, the process has used
// so far, in seconds, or -1 when it cannot tell.
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	sec := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return sec(ru.Utime) + sec(ru.Stime)
}
