// Package payload makes the records every benchmark client sends: random
// keys and values of random uppercase letters, as Kafka's
// ProducerPerformance makes its payloads.
package payload

import "math/rand/v2"

// RingSize is how many distinct keys and values a produce run cycles
// through. It is a power of two, far more records than a 16-64 KiB batch
// holds, so a batch never repeats a record and compression sees what it
// would see with fresh random data; yet small enough (4 MiB at 1 KiB
// values) not to weigh on a worker's RSS.
const RingSize = 4096

// Ring holds pre-generated keys and values, read-only once made: the
// clients that keep references to them until acknowledged (franz-go,
// sarama, kafka-go) may.
type Ring struct{ Keys, Values [][]byte }

// NewRing makes at least n (rounded up to a power of two) key/value pairs.
func NewRing(n, keySize, valueSize int) *Ring {
	size := 1
	for size < n {
		size <<= 1
	}
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	slab := make([]byte, size*(keySize+valueSize))
	p := &Ring{Keys: make([][]byte, size), Values: make([][]byte, size)}
	for i := range size {
		rec := slab[i*(keySize+valueSize) : (i+1)*(keySize+valueSize)]
		k, v := rec[:keySize:keySize], rec[keySize:]
		for j := range k {
			k[j] = byte(rng.Uint32())
		}
		FillLetters(rng, v)
		p.Keys[i], p.Values[i] = k, v
	}
	return p
}

// FillLetters writes random uppercase letters.
func FillLetters(rng *rand.Rand, b []byte) {
	for j := range b {
		b[j] = 'A' + byte(rng.IntN(26))
	}
}
