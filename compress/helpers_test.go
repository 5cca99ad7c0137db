package compress

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

var allCodecs = []Codec{None, Gzip, Snappy, LZ4, Zstd}

// recordLike returns n bytes resembling a batch of JSON-ish records of
// about 100 bytes each: repetitive keys, varying values. It is what
// Kafka batches typically hold, and so what the benchmarks use.
func recordLike(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 42))
	events := []string{"click", "view", "purchase", "signup", "logout"}
	out := make([]byte, 0, n+128)
	for i := 0; len(out) < n; i++ {
		rec := fmt.Sprintf(`{"id":%d,"user":"user-%05d","event":"%s","ts":%d,"amount":%d.%02d,"ok":%t}`,
			1_000_000+i, r.IntN(50_000), events[r.IntN(len(events))],
			1_700_000_000_000+int64(i)*37+int64(r.IntN(1000)), r.IntN(1000), r.IntN(100), r.IntN(2) == 0)
		for len(rec) < 98 {
			rec += " "
		}
		out = append(out, rec...)
		out = append(out, '\n', 0)
	}
	return out[:n]
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// compressT compresses src and fails the test on error.
func compressT(t testing.TB, c Codec, level int, src []byte) []byte {
	t.Helper()
	out, err := Compress(nil, c, level, src)
	require.NoError(t, err)
	return out
}
