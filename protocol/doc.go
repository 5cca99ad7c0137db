// Package protocol owns Kafka's wire format: primitive types, request and
// response headers, one hand-written request/response pair per API (each in
// its own file, with the versions it speaks), record batches and CRC-32C.
//
// Everything here is a pure function over bytes: no network, no goroutines,
// no logging. Encoding appends to a caller's buffer (AppendTo). Decoding goes
// through an error-latching Reader: a decoder reads every field without
// checking, and the caller checks Reader.Err once at the end. The Reader
// checks each length against the bytes that remain before it allocates, so a
// hostile length cannot make us allocate more than the input justifies.
//
// Decoded []byte fields alias the input buffer; strings are copied.
package protocol
