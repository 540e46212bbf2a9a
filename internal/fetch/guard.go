package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// namedPrefix is a special-use range and what to call it in an error.
type namedPrefix struct {
	prefix netip.Prefix
	name   string
}

func named(pairs ...string) []namedPrefix {
	out := make([]namedPrefix, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, namedPrefix{netip.MustParsePrefix(pairs[i]), pairs[i+1]})
	}
	return out
}

// specialV4 are the IPv4 ranges that are not ordinary public unicast (from
// the IANA special-purpose address registry); only those marked globally
// reachable there, such as AS112, are left out.
var specialV4 = named(
	"0.0.0.0/8", "unspecified (this network)",
	"10.0.0.0/8", "private",
	"100.64.0.0/10", "shared address space (CGNAT)",
	"127.0.0.0/8", "loopback",
	"169.254.0.0/16", "link-local (cloud metadata)",
	"172.16.0.0/12", "private",
	"192.0.0.0/24", "IETF protocol assignments",
	"192.0.2.0/24", "documentation",
	"192.88.99.0/24", "6to4 relay anycast",
	"192.168.0.0/16", "private",
	"198.18.0.0/15", "benchmarking",
	"198.51.100.0/24", "documentation",
	"203.0.113.0/24", "documentation",
	"224.0.0.0/4", "multicast",
	"240.0.0.0/4", "reserved (and broadcast)",
)

// Outside 2000::/3 no IPv6 address is public unicast today; these name the
// common cases for the error message.
var (
	globalV6  = netip.MustParsePrefix("2000::/3")
	outsideV6 = named(
		"::/128", "unspecified",
		"::1/128", "loopback",
		"fc00::/7", "unique local (private)",
		"fe80::/10", "link-local",
		"ff00::/8", "multicast",
	)
	specialV6 = named(
		"2001::/23", "IETF protocol assignments (Teredo, ORCHID)",
		"2001:db8::/32", "documentation",
		"3fff::/20", "documentation",
	)
	// Translation prefixes embed an IPv4 address, which is checked instead.
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// specialUse says why a is not an ordinary public unicast address, or ""
// when it is one. a must have no zone and IPv4 must be unmapped.
func specialUse(a netip.Addr) string {
	if a.Is4() {
		for _, r := range specialV4 {
			if r.prefix.Contains(a) {
				return r.name
			}
		}
		return ""
	}
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return embedded("NAT64", netip.AddrFrom4([4]byte(b[12:16])))
	case sixToFour.Contains(a):
		return embedded("6to4", netip.AddrFrom4([4]byte(b[2:6])))
	case !globalV6.Contains(a):
		for _, r := range outsideV6 {
			if r.prefix.Contains(a) {
				return r.name
			}
		}
		return "not global unicast"
	}
	for _, r := range specialV6 {
		if r.prefix.Contains(a) {
			return r.name
		}
	}
	return ""
}

func embedded(kind string, v4 netip.Addr) string {
	if why := specialUse(v4); why != "" {
		return kind + " of " + v4.String() + ", " + why
	}
	return ""
}

// guard is the SSRF guard: it decides which addresses may be dialled, and
// dials only addresses it has checked.
type guard struct {
	allow    []netip.Prefix
	resolver Resolver
	dialer   *net.Dialer
}

func newGuard(o Options) *guard {
	g := &guard{allow: o.AllowPrivate, resolver: o.Resolver}
	if g.resolver == nil {
		g.resolver = net.DefaultResolver
	}
	g.dialer = &net.Dialer{
		Timeout:   o.ConnectTimeout,
		KeepAlive: 30 * time.Second,
		// A second look at the exact address the socket connects to, in
		// case anything reaches the dialer without going through dial.
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: not an address: %w", address, ErrForbiddenAddress)
			}
			return g.check(ap.Addr())
		},
	}
	return g
}

// forbidden says why a may not be dialled, or "" when it may.
func (g *guard) forbidden(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	for _, p := range g.allow {
		if p.Contains(a) {
			return ""
		}
	}
	return specialUse(a)
}

// check returns an error wrapping ErrForbiddenAddress, naming a, when a
// may not be dialled.
func (g *guard) check(a netip.Addr) error {
	if why := g.forbidden(a); why != "" {
		return fmt.Errorf("address %s is %s: %w", a.WithZone("").Unmap(), why, ErrForbiddenAddress)
	}
	return nil
}

// checkURL refuses what can be refused before any I/O: a scheme other than
// http or https, a missing host, an IP literal the guard forbids.
func (g *guard) checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme %q: %w", u.Scheme, ErrUnsupportedScheme)
	}
	h := u.Hostname()
	if h == "" {
		return errors.New("no host in url")
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return g.check(a)
	}
	return nil
}

// resolve returns the addresses of host usable on network, all of them
// checked: a name with one forbidden address among allowed ones is refused
// as a whole, since DNS answers can be reordered or rebound.
func (g *guard) resolve(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		if err := g.check(a); err != nil {
			return nil, err
		}
		return []netip.Addr{a}, nil
	}
	addrs, err := g.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	out := addrs[:0:0]
	for _, a := range addrs {
		if why := g.forbidden(a); why != "" {
			return nil, fmt.Errorf("%s resolves to %s, which is %s: %w", host, a.WithZone("").Unmap(), why, ErrForbiddenAddress)
		}
		a = a.Unmap()
		switch {
		case network == "tcp4" && !a.Is4(), network == "tcp6" && !a.Is6():
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("resolve %s: no %s address", host, network)
	}
	return out, nil
}

// dial is the Transport's DialContext: it resolves the name itself, checks
// every address, and connects to the checked addresses in turn.
func (g *guard) dial(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	addrs, err := g.resolve(ctx, network, host)
	if err != nil {
		return nil, err
	}
	var first error
	for _, a := range addrs {
		conn, err := g.dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return conn, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, first
}

// hostKey is the key of per-host limits: lower-case host and port, the
// port defaulted from the scheme.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
