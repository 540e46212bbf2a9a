//go:build !unix

package sqlite

import "os"

// tryLock reports that file locks are unsupported: on such systems,
// running two clustering runs on one database at once is the user's to
// avoid.
func tryLock(*os.File) (bool, error) { return false, errNoLocking }

func unlockFile(*os.File) error { return nil }
