package config

import (
	"flag"
	"path/filepath"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		wantDB string
	}{
		{"xdg", map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/u"}, filepath.Join("/data", "parallax", "parallax.db")},
		{"home", map[string]string{"HOME": "/home/u"}, filepath.Join("/home/u", ".local", "share", "parallax", "parallax.db")},
		{"nothing", map[string]string{}, "parallax.db"},
		{"env wins", map[string]string{"HOME": "/home/u", EnvDB: "/tmp/x.db"}, "/tmp/x.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Defaults(envOf(tt.env)).DB; got != tt.wantDB {
				t.Errorf("DB = %q, want %q", got, tt.wantDB)
			}
		})
	}
}

func TestFlagOverridesEnvironment(t *testing.T) {
	c := Defaults(envOf(map[string]string{EnvDB: "/env.db", EnvAddr: "127.0.0.1:9000"}))
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.RegisterDB(fs)
	c.RegisterServe(fs)
	if err := fs.Parse([]string{"--db", "/flag.db"}); err != nil {
		t.Fatal(err)
	}
	if c.DB != "/flag.db" || c.Addr != "127.0.0.1:9000" {
		t.Errorf("got %+v, want the flag's DB and the environment's address", c)
	}
}

func TestValidate(t *testing.T) {
	good := Config{DB: "x.db", LogLevel: "warn"}
	if err := good.Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
	for _, bad := range []Config{{DB: " ", LogLevel: "info"}, {DB: "x.db", LogLevel: "loud"}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// The quiet period before a story goes dormant comes from the flag, else
// the environment, else the clustering default; commands that place no
// articles keep the default whatever the environment says.
func TestDormantAfter(t *testing.T) {
	const def = 7 * 24 * time.Hour
	tests := []struct {
		name    string
		env     string
		args    []string
		want    time.Duration
		wantErr bool
	}{
		{name: "default", want: def},
		{name: "environment", env: "72h", want: 72 * time.Hour},
		{name: "flag over environment", env: "72h", args: []string{"--dormant-after", "36h"}, want: 36 * time.Hour},
		{name: "never dormant", args: []string{"--dormant-after", "0"}, want: 0},
		{name: "negative flag", args: []string{"--dormant-after", "-1h"}, want: -time.Hour, wantErr: true},
		{name: "unreadable environment", env: "a week", want: def, wantErr: true},
		{name: "negative environment", env: "-2h", want: def, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults(envOf(map[string]string{EnvDormantAfter: tt.env}))
			c.DB = "x.db"
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			c.RegisterClustering(fs, def)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if got := c.DormantAfterOr(def); got != tt.want {
				t.Errorf("DormantAfterOr = %v, want %v", got, tt.want)
			}
			if err := c.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate = %v, want error %v", err, tt.wantErr)
			}
		})
	}
	c := Defaults(envOf(map[string]string{EnvDormantAfter: "1h"}))
	if got := c.DormantAfterOr(def); got != def {
		t.Errorf("without the clustering flags DormantAfterOr = %v, want the default %v", got, def)
	}
}
