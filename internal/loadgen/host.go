package loadgen

import (
	"os"
	"strconv"
	"strings"
)

// loadAverage returns the host's one-minute load average, or -1 where
// /proc/loadavg does not tell it. Latencies measured while other
// processes compete for the CPUs are not the server's alone; the report
// shows the load average so that they can be judged.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}
