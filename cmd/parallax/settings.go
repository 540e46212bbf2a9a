package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/parallax-news/parallax/internal/cluster"
)

// clusterSettings collects the --set NAME=VALUE flags of the commands
// that measure clustering, and applies them in order to the defaults, so
// that a figure measured with other settings can be reproduced without
// changing the code.
type clusterSettings []string

func (s *clusterSettings) String() string { return strings.Join(*s, " ") }

func (s *clusterSettings) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return errors.New("want NAME=VALUE, such as Threshold=0.32")
	}
	var p cluster.Params
	if err := p.Set(strings.TrimSpace(name), value); err != nil {
		return err
	}
	*s = append(*s, v)
	return nil
}

// registerClusterSettings adds the --set flag to fs.
func registerClusterSettings(fs *flag.FlagSet) *clusterSettings {
	s := &clusterSettings{}
	fs.Var(s, "set", "change a clustering setting from its default, as `NAME=VALUE` (a field of the settings --json prints, such as Threshold=0.32 or HalfLife=36h); repeat for more")
	return s
}

// params returns the default clustering settings with the flags applied,
// or an error when together they cannot work.
func (s clusterSettings) params() (cluster.Params, error) {
	p := cluster.DefaultParams()
	for _, v := range s {
		name, value, _ := strings.Cut(v, "=")
		if err := p.Set(strings.TrimSpace(name), value); err != nil {
			return p, err
		}
	}
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("--set %s: %w", s.String(), err)
	}
	return p, nil
}
