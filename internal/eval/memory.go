package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Paths of the Linux proc files behind PeakRSS and ResetPeakRSS.
const (
	procStatus    = "/proc/self/status"
	procClearRefs = "/proc/self/clear_refs"
)

// PeakRSS returns the process's peak resident set size in bytes (VmHWM in
// /proc/self/status). It is Linux only; elsewhere it returns an error
// wrapping errors.ErrUnsupported.
func PeakRSS() (uint64, error) {
	if runtime.GOOS != "linux" {
		return 0, fmt.Errorf("peak rss on %s: %w", runtime.GOOS, errors.ErrUnsupported)
	}
	f, err := os.Open(procStatus)
	if err != nil {
		return 0, fmt.Errorf("peak rss: %w", err)
	}
	defer f.Close()
	n, err := parseVmHWM(f)
	if err != nil {
		return 0, fmt.Errorf("peak rss: %s: %w", procStatus, err)
	}
	return n, nil
}

// ResetPeakRSS resets the peak resident set size to the current one, so
// that a later PeakRSS measures from now (it writes "5" to
// /proc/self/clear_refs, Linux 4.0 and later). It is best effort: kernels
// and sandboxes may refuse, and callers may ignore the error, knowing the
// peak then covers the whole process lifetime. Elsewhere than Linux it
// returns an error wrapping errors.ErrUnsupported.
func ResetPeakRSS() error {
	if runtime.GOOS != "linux" {
		return fmt.Errorf("reset peak rss on %s: %w", runtime.GOOS, errors.ErrUnsupported)
	}
	f, err := os.OpenFile(procClearRefs, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("reset peak rss: %w", err)
	}
	if _, err := f.WriteString("5"); err != nil {
		f.Close()
		return fmt.Errorf("reset peak rss: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("reset peak rss: %w", err)
	}
	return nil
}

// parseVmHWM finds the "VmHWM:" line of a proc status file and returns its
// value in bytes. The kernel reports it in kB (KiB).
func parseVmHWM(r io.Reader) (uint64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("malformed VmHWM line %q", sc.Text())
		}
		kb, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("malformed VmHWM value: %w", err)
		}
		if kb > (1<<64-1)/1024 {
			return 0, fmt.Errorf("VmHWM value %d kB out of range", kb)
		}
		return kb * 1024, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read status: %w", err)
	}
	return 0, errors.New("no VmHWM line")
}
