package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/netip"
	"time"
)

// Defaults for the zero fields of Options.
const (
	DefaultVersion               = "dev"
	DefaultContact               = "https://github.com/parallax-news/parallax"
	DefaultMaxBodyBytes          = 10 << 20
	DefaultMaxRedirects          = 5
	DefaultConnectTimeout        = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 30 * time.Second
	DefaultRequestTimeout        = 60 * time.Second
	DefaultMinTransferRate       = 1 << 10 // bytes a second
	DefaultTransferRateWindow    = 10 * time.Second
	DefaultMaxRetries            = 2
	DefaultRetryBaseDelay        = time.Second
	DefaultRetryMaxDelay         = 30 * time.Second
	DefaultHostRate              = 1.0 // requests a second
	DefaultHostBurst             = 1
	DefaultHostConcurrency       = 2
	DefaultMaxConcurrency        = 64
	DefaultMaxCrawlDelay         = time.Minute
	DefaultRobotsTTL             = 6 * time.Hour
	DefaultRobotsErrorTTL        = 10 * time.Minute
)

// AgentToken is the product token matched against robots.txt User-agent
// lines, and the product name at the start of our User-Agent header.
const AgentToken = "parallax"

// MaxRobotsBytes is how much of a robots.txt file is read; the rest is
// ignored (RFC 9309 asks crawlers to parse at least 500 KiB).
const MaxRobotsBytes = 512 << 10

// Resolver looks up the addresses of a host name. *net.Resolver satisfies
// it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configures a Client. The zero value is ready to use: every zero
// field takes the Default of the same name.
type Options struct {
	// Version and Contact make the User-Agent header,
	// "Parallax/Version (+Contact)"; Contact is a URL or mailto: address
	// where a site operator can reach whoever runs this instance.
	Version, Contact string

	// Logger receives retries and robots.txt outcomes at debug and warn
	// level; nil discards them.
	Logger *slog.Logger

	// MaxBodyBytes caps a body, both as sent and once decompressed.
	MaxBodyBytes int64
	// MaxRedirects caps the redirects followed by one Get; negative means
	// none are followed.
	MaxRedirects int

	// ConnectTimeout bounds one TCP connect, TLSHandshakeTimeout the TLS
	// handshake, ResponseHeaderTimeout the wait for the response headers
	// once the request is sent, and RequestTimeout one whole exchange
	// (connect to last body byte) of one attempt of one redirect hop.
	ConnectTimeout, TLSHandshakeTimeout, ResponseHeaderTimeout, RequestTimeout time.Duration

	// MinTransferRate, in bytes a second, is the slowest body transfer
	// tolerated: a body that brings fewer than MinTransferRate ×
	// TransferRateWindow bytes within any window is abandoned with
	// ErrTooSlow, so a server trickling bytes cannot hold a worker.
	// Negative disables the check.
	MinTransferRate    int64
	TransferRateWindow time.Duration

	// MaxRetries is how many times a request is repeated after a transient
	// failure (429, 408, 500, 502, 503, 504, a refused or dropped
	// connection); negative means never. Waits grow exponentially from
	// RetryBaseDelay with jitter, and are at most RetryMaxDelay; a
	// Retry-After header is honoured when it asks for no more than
	// RetryMaxDelay, and otherwise Get gives up with a *StatusError that
	// carries it.
	MaxRetries                    int
	RetryBaseDelay, RetryMaxDelay time.Duration

	// HostRate is the requests a second allowed to one host (host:port),
	// with bursts of HostBurst; negative means unlimited. A robots.txt
	// Crawl-delay, capped at MaxCrawlDelay, lengthens the interval.
	HostRate      float64
	HostBurst     int
	MaxCrawlDelay time.Duration
	// HostConcurrency caps the requests in flight to one host,
	// MaxConcurrency those of the whole Client.
	HostConcurrency, MaxConcurrency int

	// IgnoreRobots turns robots.txt off, for sources the operator has
	// explicitly subscribed to and knows may be read.
	IgnoreRobots bool
	// RobotsTTL is how long a robots.txt is trusted; RobotsErrorTTL how long
	// a host whose robots.txt answered 429 or 5xx, or could not be reached,
	// stays closed before it is tried again.
	RobotsTTL, RobotsErrorTTL time.Duration

	// AllowPrivate lists address ranges the SSRF guard lets through although
	// they are loopback, private or otherwise special, for intranet sources
	// and for tests.
	AllowPrivate []netip.Prefix
	// Resolver resolves host names; nil means net.DefaultResolver.
	Resolver Resolver
	// RootCAs verifies TLS servers; nil means the system roots.
	RootCAs *x509.CertPool
}

// withDefaults fills the zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	if o.Version == "" {
		o.Version = DefaultVersion
	}
	if o.Contact == "" {
		o.Contact = DefaultContact
	}
	for name, v := range map[string]string{"version": o.Version, "contact": o.Contact} {
		for _, r := range v {
			if r < 0x21 || r > 0x7e || r == '(' || r == ')' {
				errs = append(errs, fmt.Errorf("%s %q: only printable ASCII without spaces or parentheses", name, v))
				break
			}
		}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	positive := func(name string, p *time.Duration, def time.Duration) {
		switch {
		case *p == 0:
			*p = def
		case *p < 0:
			errs = append(errs, fmt.Errorf("%s %s: must be positive", name, *p))
		}
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	} else if o.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("max body bytes %d: must be positive", o.MaxBodyBytes))
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	positive("connect timeout", &o.ConnectTimeout, DefaultConnectTimeout)
	positive("tls handshake timeout", &o.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout)
	positive("response header timeout", &o.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)
	positive("request timeout", &o.RequestTimeout, DefaultRequestTimeout)
	if o.MinTransferRate == 0 {
		o.MinTransferRate = DefaultMinTransferRate
	}
	positive("transfer rate window", &o.TransferRateWindow, DefaultTransferRateWindow)
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	positive("retry base delay", &o.RetryBaseDelay, DefaultRetryBaseDelay)
	positive("retry max delay", &o.RetryMaxDelay, DefaultRetryMaxDelay)
	switch {
	case math.IsNaN(o.HostRate) || math.IsInf(o.HostRate, 0):
		errs = append(errs, fmt.Errorf("host rate %v: must be finite", o.HostRate))
	case o.HostRate == 0:
		o.HostRate = DefaultHostRate
	}
	if o.HostBurst == 0 {
		o.HostBurst = DefaultHostBurst
	} else if o.HostBurst < 0 {
		errs = append(errs, fmt.Errorf("host burst %d: must be positive", o.HostBurst))
	}
	positive("max crawl delay", &o.MaxCrawlDelay, DefaultMaxCrawlDelay)
	if o.HostConcurrency == 0 {
		o.HostConcurrency = DefaultHostConcurrency
	} else if o.HostConcurrency < 0 {
		errs = append(errs, fmt.Errorf("host concurrency %d: must be positive", o.HostConcurrency))
	}
	if o.MaxConcurrency == 0 {
		o.MaxConcurrency = DefaultMaxConcurrency
	} else if o.MaxConcurrency < 0 {
		errs = append(errs, fmt.Errorf("max concurrency %d: must be positive", o.MaxConcurrency))
	}
	positive("robots ttl", &o.RobotsTTL, DefaultRobotsTTL)
	positive("robots error ttl", &o.RobotsErrorTTL, DefaultRobotsErrorTTL)
	allow := make([]netip.Prefix, 0, len(o.AllowPrivate))
	for i, p := range o.AllowPrivate {
		if !p.IsValid() {
			errs = append(errs, fmt.Errorf("allow private %d: invalid prefix", i))
			continue
		}
		allow = append(allow, p.Masked())
	}
	o.AllowPrivate = allow
	if err := errors.Join(errs...); err != nil {
		return o, fmt.Errorf("fetch options: %w", err)
	}
	return o, nil
}

// userAgent is the User-Agent header: "Parallax/VERSION (+CONTACT)".
func (o Options) userAgent() string {
	return "Parallax/" + o.Version + " (+" + o.Contact + ")"
}

// hostInterval is the minimum spacing of requests to one host from
// HostRate alone; zero when unlimited.
func (o Options) hostInterval() time.Duration {
	if o.HostRate < 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / o.HostRate)
}
