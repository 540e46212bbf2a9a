package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// lockPoll is how often LockClustering retries a lock held elsewhere.
const lockPoll = 100 * time.Millisecond

// LockClustering takes the database's clustering lock, waiting while
// another run holds it, and returns the function that releases it.
//
// A run that places articles into stories (ingest, fetch, the poller of
// serve) rebuilds the stories from the database when it starts and then
// numbers the stories it creates after the highest stored ID; two such runs
// at once on one database would give different stories the same ID. The
// lock serialises them, across processes and within one: the second run
// starts when the first ends, and rebuilds from what the first stored.
// The lock is an advisory lock on the file DB.cluster-lock beside the
// database, which the operating system releases if the process dies.
func (s *Store) LockClustering(ctx context.Context) (unlock func(), err error) {
	path := s.path + ".cluster-lock"
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock clustering of %s: %w", s.path, err)
	}
	logged := false
	for {
		held, err := tryLock(f)
		if errors.Is(err, errNoLocking) {
			s.log.Warn("runs placing articles into this database are not serialised", "db", s.path, "err", err)
			f.Close()
			return func() {}, nil
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock clustering of %s: %w", s.path, err)
		}
		if held {
			return func() {
				if err := unlockFile(f); err != nil {
					s.log.Warn("unlock clustering", "db", s.path, "err", err)
				}
				f.Close()
			}, nil
		}
		if !logged {
			s.log.Info("waiting for another run that is placing articles into this database", "db", s.path)
			logged = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock clustering of %s: waiting for another run: %w", s.path, context.Cause(ctx))
		case <-time.After(lockPoll):
		}
	}
}

// errNoLocking is returned by tryLock where files cannot be locked.
var errNoLocking = errors.New("file locks are not supported on this system")
