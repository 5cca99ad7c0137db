package producer

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMurmur2Vectors(t *testing.T) {
	// Vectors from Apache Kafka's own Utils tests (signed murmur2).
	for in, want := range map[string]int32{
		"21":                         -973932308,
		"foobar":                     -790332482,
		"a-little-bit-long-string":   -985981536,
		"a-little-bit-longer-string": -1486304829,
		"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
		"abc": 479470107,
	} {
		require.Equal(t, want, Murmur2([]byte(in)), in)
	}
}

func TestKeyPartitionNonNegative(t *testing.T) {
	for i := 0; i < 10000; i++ {
		k := []byte{byte(i), byte(i >> 8), 0xff, 0x80}
		p := KeyPartition(k, 7)
		require.True(t, p >= 0 && p < 7)
	}
}

func TestStickyPartitionerSwitchesAfterBatch(t *testing.T) {
	p := DefaultPartitioner()
	n := p.(stickyNotifier)
	first := p.Partition("t", nil, -1, 6)
	for i := 0; i < 10; i++ {
		require.Equal(t, first, p.Partition("t", nil, -1, 6), "sticky within a batch")
		n.recordAppended("t", first, 100, 16384)
	}
	seen := map[int32]bool{}
	for i := 0; i < 200; i++ {
		q := p.Partition("t", nil, -1, 6)
		require.True(t, q >= 0 && q < 6)
		seen[q] = true
		n.recordAppended("t", q, 16384, 16384)
	}
	require.Greater(t, len(seen), 3, "moves over partitions once batches fill")
}

func TestRoundRobinAndManual(t *testing.T) {
	rr := RoundRobinPartitioner()
	for i := int32(0); i < 9; i++ {
		require.Equal(t, i%3, rr.Partition("t", []byte("k"), -1, 3))
	}
	require.Equal(t, int32(2), ManualPartitioner().Partition("t", nil, 2, 3))
}
