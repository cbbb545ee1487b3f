package idempotency

// Store placeholder
type Store struct{}
