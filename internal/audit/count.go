package audit

import "sync/atomic"

// written counts the audit rows this process has inserted, for the operator's
// metrics; it is process-wide, like the log it counts. A row is counted when the
// statement that inserted it succeeded.
var written atomic.Uint64

// Written is the number of audit rows this process has inserted since it started.
func Written() uint64 { return written.Load() }

// Counted adds the rows that a statement built with ReadCTE or ListReadCTE inserted:
// only the caller that ran it knows how many (one per case read, one per
// municipality of a list).
func Counted(n int) {
	if n > 0 {
		written.Add(uint64(n))
	}
}
