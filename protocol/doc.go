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
//
// # The codec vocabulary
//
// Codecs stay hand-written, but each message's schema is written once: a
// fields(c *codec) method lists its fields in wire order, and the codec
// runs that list either way (codec.go). AppendTo is
// return encode(m, encoder(dst, KeyX, version)) and Decode is
// decode(m, decoder(r, KeyX, version)); encoding, c.Int32(&m.X) appends
// m.X, decoding it reads into m.X.
//
//   - Flexible or classic. encoder and decoder take the flexible encoding
//     (KIP-482) from the API's registered FlexibleFrom, never from a
//     hard-coded version; c.NoTags() is an empty tagged-field section
//     (written, or skipped when read) and does nothing in classic versions.
//   - Versions. if c.version >= N { c.Int32(&m.X) } for a field that exists
//     from version N; where the field has a default other than zero,
//     } else if c.decoding() { m.X = -1 } sets it when an older version is
//     decoded. c.decoding() is for that and little else.
//   - Arrays. arrayOf(c, &m.Topics, func(t *T) { c.String(&t.Name) ... })
//     for an array of structs; nullableArrayOf(c, nullable, ...) for one
//     that is written null when nil from some version. The closure reaches
//     c by capture: a codec handed to a function value would escape to the
//     heap. Decoding goes through ReadArray, which never allocates more
//     elements than bytes remain. Arrays of scalars: c.Int32s, c.Strings,
//     c.NullableStrings.
//   - Tagged fields. c.Tags(func() { c.Tag(0, m.X != 0, func() {
//     c.Int16(&m.X) }) }) lists a section's known fields in tag order with
//     whether each is set (not its default): encoding writes the count and
//     the set fields, decoding reads the fields present and skips unknown
//     tags. Hand-written code reads a section with
//     for tag, f := range r.Tags() { ... }, which allocates nothing.
//   - Recurring fields. c.TopicNameOrID for "topic by name up to version
//     N-1, by id from N" (KIP-516); c.StringPtr for a string nullable at
//     some versions only.
//   - Shared shapes. Where two APIs have the same nested structs, one type
//     serves both (the other name is an alias) and one fields method or
//     function runs it: OffsetCommit and TxnOffsetCommit topics
//     (commitTopics, commitResults), NodeEndpoint and LeaderIdAndEpoch of
//     Produce and Fetch responses (nodeEndpointsTags); a struct with the
//     same fields as another runs that one's list through a pointer
//     conversion (DescribeAclsRequest, OffsetFetch's v8+ partitions).
//   - Hot paths. ProduceRequest and the partitions of FetchResponse are
//     written per direction with Writer and Reader directly (AppendArray,
//     ReadArray, r.Tags()): the codec's branch per field measured slower
//     there. TestCodecAllocatesNothing and the data-path allocation tests
//     guard that encoding allocates nothing.
//
// Adding a message: write its structs, a fields method following the JSON
// schema field by field, the two one-line AppendTo and Decode, register the
// API in init, and generate goldens (tools/goldengen); the golden tests
// decode every golden and re-encode it byte for byte.
package protocol
