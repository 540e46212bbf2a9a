// Package browsertest drives a real browser through Parallax's web UI. Its
// tests build the demo database the way `parallax demo` does, serve it over
// loopback HTTP with the same handler `parallax serve` uses, and steer a
// headless Chromium through it with chromedp: the story list, search, a
// story with its sources and differing figures, a page with JavaScript
// off, and an article whose text holds markup.
//
// The tests need Debian's chromium package (/usr/bin/chromium, or chromium
// on PATH). Without it they skip, unless CI=true, when they fail. Each step
// saves a full-page screenshot as PNG under $PARALLAX_ARTIFACTS/browser/
// when that variable is set, else in the test's temporary directory; the
// test log names every file.
//
// The package holds only tests; it exists so that they have a home apart
// from the packages they exercise.
package browsertest
