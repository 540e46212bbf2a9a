package cputime

import (
	"errors"
	"testing"
	"time"
)

func TestProcess(t *testing.T) {
	before, err := Process()
	if errors.Is(err, ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	// Spin for 200 ms of wall time: the process must have used some CPU,
	// and not more than the machine could give it.
	deadline := time.Now().Add(200 * time.Millisecond)
	for x := 0; time.Now().Before(deadline); x++ {
		_ = x * x
	}
	after, err := Process()
	if err != nil {
		t.Fatal(err)
	}
	if used := after - before; used <= 0 || used > 10*time.Second {
		t.Errorf("spinning 200 ms used %s of CPU", used)
	}
}
