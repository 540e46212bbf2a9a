package fetch

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

func TestGuardCheck(t *testing.T) {
	tests := []struct {
		name   string
		addr   string
		allow  []string
		forbid bool
	}{
		{"public v4", "93.184.215.14", nil, false},
		{"public v6", "2606:4700:4700::1111", nil, false},
		{"loopback", "127.0.0.1", nil, true},
		{"loopback other", "127.8.9.10", nil, true},
		{"rfc1918 10", "10.1.2.3", nil, true},
		{"rfc1918 172", "172.31.255.255", nil, true},
		{"just outside 172.16/12", "172.32.0.1", nil, false},
		{"rfc1918 192", "192.168.1.1", nil, true},
		{"cloud metadata", "169.254.169.254", nil, true},
		{"cgnat", "100.64.0.1", nil, true},
		{"just outside cgnat", "100.128.0.1", nil, false},
		{"unspecified v4", "0.0.0.0", nil, true},
		{"this network", "0.1.2.3", nil, true},
		{"multicast v4", "239.1.1.1", nil, true},
		{"broadcast", "255.255.255.255", nil, true},
		{"reserved", "240.0.0.1", nil, true},
		{"benchmarking", "198.18.0.1", nil, true},
		{"documentation v4", "203.0.113.7", nil, true},
		{"ietf 192.0.0", "192.0.0.170", nil, true},
		{"loopback v6", "::1", nil, true},
		{"unspecified v6", "::", nil, true},
		{"unique local", "fd12:3456::1", nil, true},
		{"link-local v6", "fe80::1", nil, true},
		{"link-local v6 with zone", "fe80::1%eth0", nil, true},
		{"multicast v6", "ff02::1", nil, true},
		{"v4-mapped loopback", "::ffff:127.0.0.1", nil, true},
		{"v4-mapped metadata", "::ffff:169.254.169.254", nil, true},
		{"v4-mapped public", "::ffff:93.184.215.14", nil, false},
		{"v4-compatible", "::127.0.0.1", nil, true},
		{"nat64 of private", "64:ff9b::10.0.0.1", nil, true},
		{"nat64 of public", "64:ff9b::93.184.215.14", nil, false},
		{"6to4 of loopback", "2002:7f00:1::1", nil, true},
		{"6to4 of public", "2002:5db8:d70e::1", nil, false},
		{"teredo", "2001:0:4136:e378::1", nil, true},
		{"documentation v6", "2001:db8::1", nil, true},
		{"allowed loopback", "127.0.0.1", []string{"127.0.0.0/8"}, false},
		{"allowed mapped loopback", "::ffff:127.0.0.1", []string{"127.0.0.1/32"}, false},
		{"allowed intranet", "10.20.30.40", []string{"10.20.0.0/16"}, false},
		{"outside allowed range", "10.21.0.1", []string{"10.20.0.0/16"}, true},
		{"allowed v4 does not allow v6 loopback", "::1", []string{"127.0.0.0/8"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var allow []netip.Prefix
			for _, s := range tt.allow {
				allow = append(allow, netip.MustParsePrefix(s))
			}
			g := &guard{allow: allow}
			err := g.check(netip.MustParseAddr(tt.addr))
			if got := errors.Is(err, ErrForbiddenAddress); got != tt.forbid {
				t.Fatalf("check(%s) = %v, want forbidden %v", tt.addr, err, tt.forbid)
			}
			if err != nil && !strings.Contains(err.Error(), netip.MustParseAddr(tt.addr).WithZone("").Unmap().String()) {
				t.Errorf("error %q does not name the address", err)
			}
		})
	}
}

// mapResolver resolves names from a table and fails for the rest.
type mapResolver map[string][]netip.Addr

func (m mapResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := m[host]; ok {
		return a, nil
	}
	return nil, errors.New("no such host " + host)
}

func addrs(s ...string) []netip.Addr {
	out := make([]netip.Addr, len(s))
	for i, a := range s {
		out[i] = netip.MustParseAddr(a)
	}
	return out
}

func TestGuardResolve(t *testing.T) {
	r := mapResolver{
		"news.example":      addrs("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
		"rebind.example":    addrs("10.0.0.7"),
		"mixed.example":     addrs("93.184.215.14", "192.168.0.1"),
		"metadata.example":  addrs("169.254.169.254"),
		"mapped.example":    addrs("::ffff:192.168.0.1"),
		"intranet.example":  addrs("10.20.0.5"),
		"v6only.example":    addrs("2606:4700::1"),
		"localhost.example": addrs("127.0.0.1", "::1"),
	}
	tests := []struct {
		name, network, host string
		want                []string
		forbid              bool
	}{
		{"public name", "tcp", "news.example", []string{"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"}, false},
		{"public name tcp4", "tcp4", "news.example", []string{"93.184.215.14"}, false},
		{"name to private", "tcp", "rebind.example", nil, true},
		{"one private among public", "tcp", "mixed.example", nil, true},
		{"name to metadata", "tcp", "metadata.example", nil, true},
		{"name to mapped private", "tcp", "mapped.example", nil, true},
		{"allowed intranet name", "tcp", "intranet.example", []string{"10.20.0.5"}, false},
		{"one loopback not allowed", "tcp", "localhost.example", nil, true},
		{"literal forbidden", "tcp", "169.254.169.254", nil, true},
		{"literal public", "tcp", "93.184.215.14", []string{"93.184.215.14"}, false},
	}
	g := &guard{resolver: r, allow: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16"), netip.MustParsePrefix("127.0.0.1/32")}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := g.resolve(context.Background(), tt.network, tt.host)
			if errors.Is(err, ErrForbiddenAddress) != tt.forbid {
				t.Fatalf("resolve = %v, %v; want forbidden %v", got, err, tt.forbid)
			}
			if tt.forbid {
				if !strings.Contains(err.Error(), tt.host) {
					t.Errorf("error %q does not name the host", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, a := range got {
				s = append(s, a.String())
			}
			if strings.Join(s, " ") != strings.Join(tt.want, " ") {
				t.Errorf("resolve = %v, want %v", s, tt.want)
			}
		})
	}
}

func TestGuardCheckURL(t *testing.T) {
	tests := []struct {
		url  string
		want error
	}{
		{"https://news.example/a", nil},
		{"http://news.example:8080/a", nil},
		{"ftp://news.example/a", ErrUnsupportedScheme},
		{"file:///etc/passwd", ErrUnsupportedScheme},
		{"gopher://news.example/", ErrUnsupportedScheme},
		{"http://169.254.169.254/latest/meta-data/", ErrForbiddenAddress},
		{"http://[::1]:8080/", ErrForbiddenAddress},
		{"http://[fe80::1%25eth0]/", ErrForbiddenAddress},
		{"http://0.0.0.0/", ErrForbiddenAddress},
	}
	g := &guard{}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			err = g.checkURL(u)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("checkURL = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestHostKey(t *testing.T) {
	tests := map[string]string{
		"http://News.Example/a":     "news.example:80",
		"https://news.example/a":    "news.example:443",
		"https://news.example:8443": "news.example:8443",
		"http://[::1]:8080/":        "[::1]:8080",
	}
	for in, want := range tests {
		u, _ := url.Parse(in)
		if got := hostKey(u); got != want {
			t.Errorf("hostKey(%s) = %s, want %s", in, got, want)
		}
	}
}
