package cluster

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParamsSet(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		check       func(Params) bool
	}{
		{"Threshold", "0.42", func(p Params) bool { return p.Threshold == 0.42 }},
		{"mergegrowth", " 0.25 ", func(p Params) bool { return p.MergeGrowth == 0.25 }},
		{"Candidates", "12", func(p Params) bool { return p.Candidates == 12 }},
		{"HalfLife", "36h", func(p Params) bool { return p.HalfLife == 36*time.Hour }},
		{"WINDOW", "90m", func(p Params) bool { return p.Window == 90*time.Minute }},
	} {
		p := DefaultParams()
		if err := p.Set(tc.name, tc.value); err != nil {
			t.Errorf("Set(%q, %q): %v", tc.name, tc.value, err)
			continue
		}
		if !tc.check(p) {
			t.Errorf("Set(%q, %q) left %+v", tc.name, tc.value, p)
		}
		// Nothing else moves.
		q := DefaultParams()
		if err := q.Set(tc.name, tc.value); err != nil || p != q {
			t.Errorf("Set(%q, %q) is not repeatable", tc.name, tc.value)
		}
	}
}

func TestParamsSetRejects(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"Treshold", "0.3", `no cluster setting "Treshold"`},
		{"Threshold", "high", "is no number"},
		{"Threshold", "NaN", "is no number"},
		{"NameWeight", "-Inf", "is no number"},
		{"Candidates", "8.5", "is no whole number"},
		{"HalfLife", "20", "is no duration"},
	} {
		p := DefaultParams()
		err := p.Set(tc.name, tc.value)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%q, %q) = %v, want an error saying %q", tc.name, tc.value, err, tc.want)
		}
		if p != DefaultParams() {
			t.Errorf("Set(%q, %q) failed but changed the settings", tc.name, tc.value)
		}
	}
	// An unknown name lists the settings there are.
	p := DefaultParams()
	if err := p.Set("x", "1"); err == nil || !strings.Contains(err.Error(), "MergeGrowth") {
		t.Errorf("Set of an unknown name = %v; want the settings listed", err)
	}
}

func TestSettingNames(t *testing.T) {
	names := SettingNames()
	if len(names) == 0 || names[0] != "Threshold" {
		t.Fatalf("SettingNames() = %v", names)
	}
	p := DefaultParams()
	typ := reflect.TypeFor[Params]()
	for _, n := range names {
		// Every listed setting can be set.
		value := "1"
		if f, _ := typ.FieldByName(n); f.Type == reflect.TypeFor[time.Duration]() {
			value = "1h"
		}
		err := p.Set(n, value)
		if err != nil {
			t.Errorf("Set(%q): %v", n, err)
		}
	}
}
