package conn

import "sync"

// Response frames are read into pooled buffers by size class, so a
// connection's steady state allocates nothing per small response. Frames
// larger than the largest class (usually fetch responses, whose records the
// user keeps) get a buffer of their own.
var bufClasses = [...]int{4 << 10, 32 << 10, 256 << 10, 1 << 20}

var bufPools [len(bufClasses)]sync.Pool

func getBuf(n int) []byte {
	for i, size := range bufClasses {
		if n <= size {
			if p, ok := bufPools[i].Get().(*[]byte); ok {
				return (*p)[:n]
			}
			return make([]byte, n, size)
		}
	}
	return make([]byte, n)
}

func putBuf(b []byte) {
	for i, size := range bufClasses {
		if cap(b) == size {
			b = b[:0]
			bufPools[i].Put(&b)
			return
		}
	}
}

// Request buffers are pooled apart from response frames: a request's size
// is unknown until it is encoded, so a buffer keeps whatever capacity it
// grew to (a producer's requests are all about the same size), up to a cap
// that keeps one huge request from pinning memory.
var writeBufs sync.Pool

const maxPooledWriteBuf = 16 << 20

func getWriteBuf() []byte {
	if p, ok := writeBufs.Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return make([]byte, 0, 4<<10)
}

func putWriteBuf(b []byte) {
	if cap(b) > maxPooledWriteBuf {
		return
	}
	b = b[:0]
	writeBufs.Put(&b)
}
