package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax/internal/sqlite"
)

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
