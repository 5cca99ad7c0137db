package compress

import (
	"bytes"
	"encoding/binary"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// gzipWriter pairs a pooled gzip.Writer with the appendWriter it writes to,
// so that neither is allocated per call.
type gzipWriter struct {
	w   *gzip.Writer
	out appendWriter
}

// gzipWriters holds one pool per level (index 0 is the default): a deflate
// compressor's level is fixed at construction.
var gzipWriters [10]sync.Pool

func compressGzip(dst []byte, level int, src []byte) ([]byte, error) {
	pool := &gzipWriters[level]
	gw, _ := pool.Get().(*gzipWriter)
	if gw == nil {
		gw = new(gzipWriter)
		lvl := level
		if lvl == 0 {
			// Level 6, as java.util.zip.Deflater's default.
			lvl = gzip.DefaultCompression
		}
		w, err := gzip.NewWriterLevel(&gw.out, lvl)
		if err != nil { // unreachable: the level was validated
			return dst, err
		}
		gw.w = w
	} else {
		gw.w.Reset(&gw.out)
	}
	gw.out.b = dst
	_, err := gw.w.Write(src)
	if err == nil {
		err = gw.w.Close()
	}
	out := gw.out.b
	gw.out.b = nil // don't let the pool pin the caller's buffer
	pool.Put(gw)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// gzipReader pairs a pooled gzip.Reader with the bytes.Reader it reads
// from. bytes.Reader is an io.ByteReader, so flate reads it directly
// instead of wrapping it in a bufio.Reader.
type gzipReader struct {
	r     gzip.Reader
	src   bytes.Reader
	probe [1]byte
}

var gzipReaders sync.Pool

// deflateMaxRatio bounds how much deflate can expand: a 258-byte match
// costs at least about two bits, so one input byte yields at most ~1032.
const deflateMaxRatio = 1032

func decompressGzip(dst, src []byte, limit int) ([]byte, error) {
	gr, _ := gzipReaders.Get().(*gzipReader)
	if gr == nil {
		gr = new(gzipReader)
	}
	defer func() {
		gr.src.Reset(nil)
		gzipReaders.Put(gr)
	}()
	gr.src.Reset(src)
	if err := gr.r.Reset(&gr.src); err != nil {
		return dst, corrupt(Gzip, err)
	}
	out, err := readBounded(Gzip, dst, &gr.r, limit, gzipHint(src, limit), &gr.probe)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// gzipHint guesses the output size from the trailer's ISIZE (the size of
// the last member modulo 2^32) so that the output is usually allocated
// once. It is only a hint: the input is hostile until proven otherwise, so
// it is capped by deflate's maximum ratio and by limit, and never trusted
// for the limit check itself.
func gzipHint(src []byte, limit int) int {
	if len(src) < 18 { // 10-byte header + 8-byte trailer
		return 0
	}
	isize := uint64(binary.LittleEndian.Uint32(src[len(src)-4:]))
	return int(min(isize, uint64(len(src))*deflateMaxRatio, uint64(limit)))
}
