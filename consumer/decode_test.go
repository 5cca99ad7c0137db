package consumer

import (
	"testing"

	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
	"github.com/kafkawire/kafkawire/protocol"
)

type testBatch struct {
	base          int64
	values        []string
	pid           int64
	transactional bool
	control       protocol.ControlRecordType // with controlBatch
	controlBatch  bool
	codec         compress.Codec
}

func buildSet(t *testing.T, batches ...testBatch) []byte {
	t.Helper()
	var out []byte
	for _, tb := range batches {
		var b protocol.BatchBuilder
		b.Reset(nil, 1000)
		if tb.controlBatch {
			b.Append(1000, []byte{0, 0, 0, byte(tb.control)}, []byte{0, 0, 0, 0, 0, 0}, nil)
		}
		for _, v := range tb.values {
			b.Append(1000, nil, []byte(v), nil)
		}
		wire, err := b.Finish(protocol.BatchOptions{BaseOffset: tb.base, PartitionLeaderEpoch: -1, ProducerID: tb.pid, ProducerEpoch: 0,
			BaseSequence: 0, Transactional: tb.transactional || tb.controlBatch, Control: tb.controlBatch, Codec: tb.codec})
		require.NoError(t, err)
		out = append(out, wire...)
	}
	return out
}

func values(recs []kafkawire.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, string(r.Value))
	}
	return out
}

var tp = kafkawire.TopicPartition{Topic: "t", Partition: 0}

func TestDecodeSkipsRecordsBeforeFetchOffsetAndTruncatedTail(t *testing.T) {
	data := buildSet(t, testBatch{base: 10, values: []string{"a", "b", "c"}, pid: -1}, testBatch{base: 13, values: []string{"d", "e"}, pid: -1, codec: compress.LZ4})
	data = append(data, data[:30]...) // a partial third batch, as brokers send at the fetch limit
	recs, next, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 11, false, 1<<20, false)
	require.NoError(t, err)
	require.Equal(t, []string{"b", "c", "d", "e"}, values(recs))
	require.Equal(t, int64(15), next)
	require.Equal(t, int64(11), recs[0].Offset)
}

func TestDecodeReadCommittedDropsAbortedTransactions(t *testing.T) {
	data := buildSet(t,
		testBatch{base: 0, values: []string{"plain"}, pid: -1},
		testBatch{base: 1, values: []string{"aborted-1", "aborted-2"}, pid: 7, transactional: true},
		testBatch{base: 3, values: []string{"committed"}, pid: 8, transactional: true},
		testBatch{base: 4, pid: 7, controlBatch: true, control: protocol.ControlAbort},
		testBatch{base: 5, pid: 8, controlBatch: true, control: protocol.ControlCommit},
		testBatch{base: 6, values: []string{"after"}, pid: 7, transactional: true},
	)
	pd := &protocol.FetchResponsePartition{Records: data, AbortedTransactions: []protocol.FetchResponseAbortedTransaction{{ProducerID: 7, FirstOffset: 1}}}
	recs, next, err := decodeRecords(pd, tp, 0, true, 1<<20, false)
	require.NoError(t, err)
	require.Equal(t, []string{"plain", "committed", "after"}, values(recs))
	require.Equal(t, int64(7), next)

	recs, _, err = decodeRecords(pd, tp, 0, false, 1<<20, false)
	require.NoError(t, err)
	require.Equal(t, []string{"plain", "aborted-1", "aborted-2", "committed", "after"}, values(recs), "read_uncommitted returns everything but control records")
}

func TestDecodeRejectsCorruptBatch(t *testing.T) {
	data := buildSet(t, testBatch{base: 0, values: []string{"x", "y"}, pid: -1})
	data[len(data)-1] ^= 0xff // flip a byte covered by the CRC
	recs, _, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 0, false, 1<<20, false)
	require.Error(t, err)
	require.Nil(t, recs, "a corrupt batch is never handed out")
}

func TestDecodeBoundsTotalDecompression(t *testing.T) {
	zeros := string(make([]byte, 100<<10))
	var batches []testBatch
	for i := 0; i < 20; i++ {
		batches = append(batches, testBatch{base: int64(i), values: []string{zeros}, pid: -1, codec: compress.LZ4})
	}
	data := buildSet(t, batches...)
	require.Less(t, len(data), 20<<10, "20 batches of 100 KiB of zeros compress to little")
	_, _, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 0, false, 1<<20, false)
	require.ErrorIs(t, err, compress.ErrTooLarge, "2 MB inflated from a few KB must hit a 1 MB limit across batches")
	recs, _, err := decodeRecords(&protocol.FetchResponsePartition{Records: data}, tp, 0, false, 4<<20, false)
	require.NoError(t, err)
	require.Len(t, recs, 20)
}

// Defect 10: a first batch cut off was taken for a truncated tail (no
// records, no error) and refetched forever. Only a size limit may cut one,
// and then it is fetched first next time.
func TestDecodeFirstBatchCutOff(t *testing.T) {
	data := buildSet(t, testBatch{base: 10, values: []string{"a", "b"}, pid: -1})
	cut := data[:len(data)-5]
	_, _, err := decodeRecords(&protocol.FetchResponsePartition{Records: cut}, tp, 10, false, 1<<20, false)
	require.ErrorIs(t, err, protocol.ErrTruncatedBatch)
	require.ErrorContains(t, err, "declares")
	_, _, err = decodeRecords(&protocol.FetchResponsePartition{Records: cut}, tp, 10, false, 1<<20, true)
	require.ErrorIs(t, err, errCutAtLimit)
	_, _, err = decodeRecords(&protocol.FetchResponsePartition{Records: cut[:10]}, tp, 10, false, 1<<20, false)
	require.ErrorIs(t, err, protocol.ErrTruncatedBatch, "a few bytes of a batch")
	// Batches wholly before the fetch offset do not count as progress.
	before := buildSet(t, testBatch{base: 0, values: []string{"x"}, pid: -1})
	_, _, err = decodeRecords(&protocol.FetchResponsePartition{Records: append(before, cut...)}, tp, 10, false, 1<<20, false)
	require.ErrorIs(t, err, protocol.ErrTruncatedBatch)
	// After a whole batch at the offset, a cut one is the tail.
	recs, next, err := decodeRecords(&protocol.FetchResponsePartition{Records: append(append([]byte(nil), data...), cut...)}, tp, 10, false, 1<<20, false)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	require.Equal(t, int64(12), next)
}
