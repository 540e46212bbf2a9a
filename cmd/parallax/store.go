package main

import (
	"context"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// cliLockWait is how long a command waits for another run that is placing
// articles into the database (another ingest, or a running serve) before
// it gives up with pipeline.ErrBusy; serve's poller waits as long as it runs.
const cliLockWait = 10 * time.Second

// openStore opens the configured database.
func openStore(ctx context.Context, e *env) (*sqlite.Store, error) {
	if err := e.cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, e.cfg.DB, sqlite.WithLogger(e.logger))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}

// clusterParams returns the clustering settings: the defaults, with the
// quiet period after which a story goes dormant as the command's flags
// and environment say.
func (e *env) clusterParams() cluster.Params {
	p := cluster.DefaultParams()
	p.Window = e.cfg.DormantAfterOr(p.Window)
	return p
}
