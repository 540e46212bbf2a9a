package config

import (
	"flag"
	"path/filepath"
	"testing"
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
