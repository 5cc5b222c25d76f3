package storage

// Every key starts with a typed prefix so that each kind of record and each
// index is one contiguous range. Times are big-endian so key order is time
// order and a window query is a range scan.
var (
	schemaKey = []byte("meta/schema")
)
