package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// browserBudget bounds one test's use of the browser: when it runs out,
// the browser is stopped and every action still waiting fails.
const browserBudget = 90 * time.Second

// findChromium returns the browser to run. When there is none, the test
// skips, or fails when CI=true: CI installs chromium, so a missing browser
// there is a broken setup, not a reason to pass. Tests call it first, so
// that they skip before doing any work.
func findChromium(t *testing.T) string {
	t.Helper()
	if info, err := os.Stat(chromiumPath); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
		return chromiumPath
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	const msg = "no chromium at " + chromiumPath + " or on PATH: the browser tests need Debian's chromium package " +
		"(apt-get install chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so this is a failure: .ci/run installs it")
	}
	t.Skip(msg + "; skipping")
	return ""
}

// lockedBuffer collects the browser's output, which chromedp writes from
// its own goroutine, keeping the last max bytes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = b.buf[over:]
	}
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// browserLog returns the lines of the browser's output that may explain a
// failure: without D-Bus, which containers lack and Chromium complains
// about at every start, and at most the last 20 lines.
func browserLog(out string) string {
	var keep []string
	for line := range strings.Lines(out) {
		if line = strings.TrimSpace(line); line != "" && !strings.Contains(line, "dbus") {
			keep = append(keep, line)
		}
	}
	if len(keep) > 20 {
		keep = keep[len(keep)-20:]
	}
	return strings.Join(keep, "\n")
}

// newBrowser starts the headless Chromium exe, from findChromium, with a
// fresh profile for the test and returns the context of its first tab. The
// browser is stopped, and its process waited for, when the test ends.
func newBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	profile := t.TempDir()
	output := &lockedBuffer{max: 8 << 10}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		// The machines that run the tests may have no network; the browser
		// must not try to reach one.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Containers often have a small /dev/shm, where Chromium crashes.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(output),
	}
	budget, cancelBudget := context.WithTimeout(context.Background(), browserBudget)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(budget, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	// Registered after t.TempDir, so it runs before the profile is removed.
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
		cancelBudget()
		if t.Failed() {
			if out := browserLog(output.String()); out != "" {
				t.Logf("browser output, D-Bus complaints left out:\n%s", out)
			}
		}
	})
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	t.Logf("started %s in %s", exe, time.Since(start).Round(time.Millisecond))
	return ctx
}

// shooter saves a test's screenshots.
type shooter struct {
	ctx  context.Context
	dir  string
	test string
}

// newShooter prepares screenshots of the tab of ctx for the test t, which
// should be a top-level test: they go to $PARALLAX_ARTIFACTS/browser when
// that is set, else to a directory of the test's own.
func newShooter(t *testing.T, ctx context.Context) *shooter {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "browser")
	if root := os.Getenv("PARALLAX_ARTIFACTS"); root != "" {
		dir = filepath.Join(root, "browser")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot directory: %v", err)
	}
	test, _, _ := strings.Cut(t.Name(), "/")
	return &shooter{ctx: ctx, dir: dir, test: test}
}

// fileName keeps letters, digits, dots, dashes and underscores of s, and
// turns the rest into dashes.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '-'
	}, s)
}

// shoot saves a full-page PNG of the tab as <test>-<step>.png and logs
// where. A failure to take it is logged, not failed: the screenshot is
// evidence, not a check. Tests defer it, so that a step that fails leaves
// its screenshot too.
func (s *shooter) shoot(t *testing.T, step string) {
	path := filepath.Join(s.dir, fileName(s.test+"-"+step)+".png")
	png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", path, err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("screenshot %s: %v", path, err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// pageTimeout bounds the wait for one page to load.
const pageTimeout = 30 * time.Second

// open loads url in the tab and fails the test unless it answers 200.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	checkStatus(t, url, resp)
}

// follow runs the action, which must lead to a new page, such as a click
// on a link, waits for that page, and fails the test unless it answers 200.
func follow(t *testing.T, ctx context.Context, what string, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	checkStatus(t, what, resp)
}

func checkStatus(t *testing.T, what string, resp *network.Response) {
	t.Helper()
	if resp == nil {
		t.Fatalf("%s: no response", what)
	}
	if resp.Status != 200 {
		t.Fatalf("%s: %s answered HTTP %d, want 200", what, resp.URL, resp.Status)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value
// into T, failing the test when it cannot.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		var exc *chromedp.ExceptionError
		if errors.As(err, &exc) {
			t.Fatalf("evaluate %s: page threw %v", expr, exc)
		}
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// location returns the tab's URL, without the origin.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `location.pathname + location.search`)
}

// quote renders s for a failure message, shortened to n characters.
func quote(s string, n int) string {
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
