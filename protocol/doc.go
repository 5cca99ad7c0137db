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
// Codecs stay hand-written, but they all speak one vocabulary:
//
//   - Flexible or classic. Writer and Reader carry a Flex flag (KIP-482:
//     compact lengths and tagged-field sections). A codec sets it once, from
//     its API's registered FlexibleFrom, never from a hard-coded version:
//     AppendTo starts with w := NewWriter(dst, KeyX, version) and Decode with
//     r.UseVersion(KeyX, version). String, NullableString, Bytes,
//     NullableBytes, ArrayLen, NoTags and SkipTags then take no flex
//     argument; NoTags and SkipTags do nothing in classic versions, so a
//     codec calls them wherever the schema has a tagged-field section.
//   - Arrays. ReadArray(r, func(e *T) { ... }) and
//     AppendArray(&w, items, func(e *T) { ... }) (AppendNullableArray writes
//     nil as null) read and write every array of structs; the closure
//     reaches r or w by capture, not as a parameter, because a Writer passed
//     to a function value escapes and would cost each AppendTo an
//     allocation. ReadArray returns nil for a null array, a non-nil empty
//     slice for an empty one, and never allocates more elements than the
//     bytes left. Arrays of scalars: r.Int32s, w.Int32s, r.Strings,
//     w.Strings, w.NullableStrings.
//   - Tagged fields. Reading: for tag, f := range r.Tags() { switch tag {
//     case 0: x = f.Int32() } }; f reads exactly that field's bytes, unknown
//     tags are skipped, a field's error is latched in r, and the loop
//     allocates nothing. Writing: w.Uvarint(countSet(hasA, hasB)), then per
//     present field mark := w.BeginTag(n); ...; w.EndTag(mark), in ascending
//     tag order.
//   - Recurring fields. w.TopicNameOrID / r.TopicNameOrID for "topic by name
//     up to version N-1, by id from N" (KIP-516); w.StringPtr /
//     r.StringPtr for a string nullable at some versions only; deref for a
//     nullable string written where it is not nullable.
//   - Shared shapes. Where two APIs have the same nested structs, one type
//     serves both (the other name is an alias) and one pair of functions
//     encodes it: OffsetCommit and TxnOffsetCommit topics
//     (appendCommitTopics and friends), NodeEndpoint and LeaderIdAndEpoch of
//     Produce and Fetch responses.
//
// Porting a codec written in the old style (flex := version >= N and a flex
// argument on every call):
//
//  1. Replace w := Writer{B: dst} and the flex line by
//     w := NewWriter(dst, KeyX, version); in Decode, replace the flex line by
//     r.UseVersion(KeyX, version) as the first statement. Check that N was
//     the FlexibleFrom the file registers (the golden tests prove it).
//  2. Drop every flex, true or false argument of String, NullableString,
//     Bytes, NullableBytes, ArrayLen, NoTags and SkipTags; NoTags(version >=
//     N) and SkipTags(version >= N) become NoTags() and SkipTags(); a
//     remaining "if flex" reads w.Flex or r.Flex.
//  3. Turn each loop "w.ArrayLen(len(X)); for i := range X { e := &X[i];
//     ... }" into AppendArray(&w, X, func(e *T) { ... }) (inside a helper
//     that has w *Writer, pass w), and each "if n := r.ArrayLen(); n >= 0 {
//     X = make([]T, n); for i := range X { e := &X[i]; ... } }" into
//     X = ReadArray(r, func(e *T) { ... }). An array written null when nil:
//     AppendNullableArray. []int32 and []string: w.Int32s(X) / r.Int32s(),
//     w.Strings(X) / r.Strings(), and the per-family helpers (dpWriteInt32s,
//     grpAppendStrings, admReadInt32s, ...) are gone.
//  4. Replace r.Tags(func(tag uint32, f *Reader) { ... }) and hand-rolled
//     tag loops by for tag, f := range r.Tags() { ... }; a tag count written
//     by hand becomes countSet.
//  5. Replace "if version >= N { w.UUID(t.TopicID) } else {
//     w.String(t.Name) }" and its reading twin by TopicNameOrID.
//  6. Run the golden tests (go test -run Golden ./protocol/): the bytes must
//     not change.
package protocol
