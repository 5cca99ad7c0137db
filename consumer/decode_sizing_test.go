package consumer

import (
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kafkawire/kafkawire/compress"
	"github.com/kafkawire/kafkawire/protocol"
)

// legacyMessage encodes one uncompressed magic 1 message at offset.
func legacyMessage(offset int64, value string) []byte {
	msg := []byte{0, 0, 0, 0, 1, 0}                      // crc (below), magic 1, attributes
	msg = binary.BigEndian.AppendUint64(msg, 1000)       // timestamp
	msg = binary.BigEndian.AppendUint32(msg, 0xffffffff) // null key
	msg = binary.BigEndian.AppendUint32(msg, uint32(len(value)))
	msg = append(msg, value...)
	binary.BigEndian.PutUint32(msg, crc32.ChecksumIEEE(msg[4:]))
	e := binary.BigEndian.AppendUint64(nil, uint64(offset))
	e = binary.BigEndian.AppendUint32(e, uint32(len(msg)))
	return append(e, msg...)
}

// The two-step decoder keeps the order of a set mixing magic 0/1 messages
// and v2 batches, and what protocol's own record set walker returns.
func TestDecodeMixedSetMatchesProtocolWalk(t *testing.T) {
	var data []byte
	data = append(data, legacyMessage(0, "m0")...)
	data = append(data, legacyMessage(1, "m1")...)
	data = append(data, buildSet(t,
		testBatch{base: 2, values: []string{"a", "b"}, pid: -1, codec: compress.Snappy},
		testBatch{base: 4, pid: -1, controlBatch: true, control: protocol.ControlCommit},
		testBatch{base: 5, values: []string{"c"}, pid: -1},
	)...)
	data = append(data, legacyMessage(6, "m6")...)
	recs, next, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 0, false, 1<<20, false)
	require.NoError(t, err)
	require.Equal(t, []string{"m0", "m1", "a", "b", "c", "m6"}, values(recs))
	require.Equal(t, int64(7), next)
	want, _, err := protocol.ReadRecordSetNext(nil, data, tp.Topic, tp.Partition, 1<<20)
	require.NoError(t, err)
	require.Equal(t, want, recs)
	require.Equal(t, len(recs), cap(recs), "sized up front, in one allocation")
}

// A batch straddling the fetch offset is cut at it, also when compressed.
func TestDecodeStraddlingCompressedBatch(t *testing.T) {
	data := buildSet(t, testBatch{base: 10, values: []string{"a", "b", "c", "d"}, pid: -1, codec: compress.Zstd},
		testBatch{base: 14, values: []string{"e"}, pid: -1})
	recs, next, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 12, false, 1<<20, false)
	require.NoError(t, err)
	require.Equal(t, []string{"c", "d", "e"}, values(recs))
	require.Equal(t, int64(15), next)
}

// A header claiming more records than its bytes can hold neither sizes the
// output after it (a hostile broker could ask for gigabytes) nor decodes.
func TestDecodeLyingRecordCount(t *testing.T) {
	data := buildSet(t, testBatch{base: 0, values: []string{"x", "y"}, pid: -1})
	binary.BigEndian.PutUint32(data[57:], 1<<30) // recordCount
	binary.BigEndian.PutUint32(data[17:], protocol.CRC32C(data[21:]))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	recs, _, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 0, false, 1<<20, false)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, protocol.ErrInvalidRecord)
	require.Nil(t, recs)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<10))
}

// A bad record in an earlier batch is reported before a corrupt later
// batch, as one walk in order would.
func TestDecodeReportsErrorsInOrder(t *testing.T) {
	first := buildSet(t, testBatch{base: 0, values: []string{"x"}, pid: -1})
	binary.BigEndian.PutUint32(first[57:], 2) // one record more than it holds
	binary.BigEndian.PutUint32(first[17:], protocol.CRC32C(first[21:]))
	second := buildSet(t, testBatch{base: 1, values: []string{"y"}, pid: -1})
	second[len(second)-1] ^= 0xff
	_, _, err := decodeRecords(&protocol.FetchResponsePartition{Records: append(first, second...)}, tp, 0, false, 1<<20, false)
	require.ErrorIs(t, err, protocol.ErrInvalidRecord)
	require.ErrorContains(t, err, "batch at offset 0")
}
