package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/loadgen"
)

func TestLoadFillsAndReportsEveryEndpoint(t *testing.T) {
	db := filepath.Join(t.TempDir(), "load.db")
	code, out, errOut := runCmd(t, db, "", "load", "--fill", "300", "--words", "60", "--duration", "2s", "--warmup", "200ms",
		"--concurrency", "4", "--big", "4", "--json", "--p99", "1m")
	if code != exitOK {
		t.Fatalf("load: status %d\n%s\n%s", code, out, errOut)
	}
	var got struct {
		Fill struct {
			Added, Articles, Stories int
		} `json:"fill"`
		Load struct {
			Stories      int `json:"stories"`
			LargestStory int `json:"largest_story"`
			Endpoints    []struct {
				Key        string  `json:"key"`
				Requests   int     `json:"requests"`
				Errors     int     `json:"errors"`
				FirstError string  `json:"first_error"`
				P99        float64 `json:"p99_ms"`
			} `json:"endpoints"`
			Overall struct {
				Requests, Errors int
			} `json:"overall"`
		} `json:"load"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Fill.Added != 300 || got.Fill.Articles != 300 || got.Fill.Stories == 0 {
		t.Errorf("fill: %+v", got.Fill)
	}
	if got.Load.Stories != got.Fill.Stories {
		t.Errorf("load sampled %d stories of the %d stored", got.Load.Stories, got.Fill.Stories)
	}
	want := loadgen.DefaultMix().Rows()
	if len(got.Load.Endpoints) != len(want) {
		t.Fatalf("%d endpoints reported, want %d: %s", len(got.Load.Endpoints), len(want), out)
	}
	for i, e := range got.Load.Endpoints {
		if e.Key != want[i].Key {
			t.Errorf("endpoint %d is %q, want %q", i, e.Key, want[i].Key)
		}
		if e.Errors != 0 {
			t.Errorf("%s: %d errors, first %s", e.Key, e.Errors, e.FirstError)
		}
		// Requests for big stories may be too few to draw in a short run.
		if e.Requests == 0 && !strings.HasSuffix(e.Key, "-big") {
			t.Errorf("%s: no requests\n%s", e.Key, out)
		}
	}
	if got.Load.Overall.Requests == 0 || got.Load.Overall.Errors != 0 {
		t.Errorf("overall: %+v", got.Load.Overall)
	}

	// A second run reuses the database without filling and prints the
	// text report; a bound no request can meet fails the check.
	code, out, errOut = runCmd(t, db, "", "load", "--fill", "300", "--words", "60", "--duration", "300ms", "--warmup", "0s",
		"--concurrency", "2", "--mix", "story=1", "--p99", "1ns", "--p99-endpoints", "story")
	if code != exitFailure {
		t.Errorf("load with an impossible bound: status %d, want %d\n%s\n%s", code, exitFailure, out, errOut)
	}
	for _, want := range []string{"already holds 300 articles", "GET /stories/{id} <100 articles", "overall"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "story (GET /stories/{id} <100 articles): p99") {
		t.Errorf("stderr does not name the endpoint over the bound:\n%s", errOut)
	}
}

func TestLoadRefusesOtherDatabases(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	f := writeFile(t, dir, "in.jsonl", strings.Join(corpusLines(t), "\n")+"\n")
	if code, out, errOut := runCmd(t, db, "", "ingest", f); code != exitOK {
		t.Fatalf("ingest: %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut := runCmd(t, db, "", "load", "--fill", "10", "--duration", "1s")
	if code != exitFailure || !strings.Contains(errOut, "not from this synthetic stream") {
		t.Errorf("fill of a real database: status %d\n%s", code, errOut)
	}
	// Without a database named, --fill would write into the default one.
	if code, _, errOut := runCmd(t, "", "", "load", "--fill", "10"); code != exitUsage || !strings.Contains(errOut, "name the database") {
		t.Errorf("fill of the default database: status %d\n%s", code, errOut)
	}
	for _, args := range [][]string{
		{"load", "--mix", "story=0"},
		{"load", "--p99-endpoints", "stories"},
		{"load", "--concurrency", "0"},
		{"load", "extra"},
	} {
		if code, _, _ := runCmd(t, db, "", args...); code != exitUsage {
			t.Errorf("%v: status %d, want %d", args, code, exitUsage)
		}
	}
}
