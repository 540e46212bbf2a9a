package eval

import (
	"errors"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    uint64
		wantErr bool
	}{
		{
			name:   "typical status",
			status: "Name:\tparallax\nVmPeak:\t  3060 kB\nVmHWM:\t    1772 kB\nVmRSS:\t    1772 kB\n",
			want:   1772 * 1024,
		},
		{name: "no trailing newline", status: "VmHWM:\t12 kB", want: 12 * 1024},
		{name: "zero", status: "VmHWM:\t0 kB\n", want: 0},
		{name: "missing", status: "Name:\tx\nVmRSS:\t10 kB\n", wantErr: true},
		{name: "empty", status: "", wantErr: true},
		{name: "no unit", status: "VmHWM:\t12\n", wantErr: true},
		{name: "other unit", status: "VmHWM:\t12 MB\n", wantErr: true},
		{name: "not a number", status: "VmHWM:\tlots kB\n", wantErr: true},
		{name: "negative", status: "VmHWM:\t-4 kB\n", wantErr: true},
		{name: "overflows bytes", status: "VmHWM:\t18446744073709551615 kB\n", wantErr: true},
		{name: "prefix only in a longer key", status: "XVmHWM:\t5 kB\n", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseVmHWM(strings.NewReader(tc.status))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("parseVmHWM = %d, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("parseVmHWM = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestPeakRSSUnsupported(t *testing.T) {
	if runtime.GOOS == "linux" {
		t.Skip("PeakRSS is supported on linux")
	}
	if _, err := PeakRSS(); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("PeakRSS err = %v, want errors.ErrUnsupported", err)
	}
	if err := ResetPeakRSS(); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("ResetPeakRSS err = %v, want errors.ErrUnsupported", err)
	}
}

// sink keeps the test allocation reachable until the test drops it.
var sink []byte

func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("PeakRSS reads /proc/self/status, linux only")
	}
	before, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if before == 0 {
		t.Fatal("PeakRSS = 0 for a running process")
	}

	// Touch 64 MiB so that every page becomes resident.
	const size = 64 << 20
	sink = make([]byte, size)
	for i := 0; i < size; i += 4096 {
		sink[i] = 1
	}
	high, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if high < before+size/2 {
		t.Fatalf("PeakRSS after touching %d MiB = %d, before = %d: did not grow by half of it",
			size>>20, high, before)
	}

	// Drop the allocation, hand the memory back, and reset the peak.
	sink = nil
	runtime.GC()
	debug.FreeOSMemory()
	if err := ResetPeakRSS(); err != nil {
		t.Skipf("ResetPeakRSS not permitted here: %v", err)
	}
	after, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if after > high-size/2 {
		t.Errorf("PeakRSS after reset = %d, peak before reset = %d: reset did not lower it", after, high)
	}
}
