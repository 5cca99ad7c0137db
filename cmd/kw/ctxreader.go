package main

import (
	"context"
	"io"
)

// ctxReader reads r on a goroutine of its own so that a Read of it ends
// when ctx does: a read of a terminal or pipe cannot be interrupted
// otherwise, and Ctrl-C must stop kw produce while stdin is still open.
// When ctx ends first, the goroutine stays blocked in r.Read until the
// read returns (at the latest when the process exits, which follows).
type ctxReader struct {
	ctx    context.Context
	chunks chan readChunk
	cur    []byte
	err    error
}

type readChunk struct {
	b   []byte
	err error
}

func newCtxReader(ctx context.Context, r io.Reader) *ctxReader {
	cr := &ctxReader{ctx: ctx, chunks: make(chan readChunk, 1)}
	go func() {
		for {
			buf := make([]byte, 256<<10)
			n, err := r.Read(buf)
			select {
			case cr.chunks <- readChunk{buf[:n], err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return cr
}

func (cr *ctxReader) Read(p []byte) (int, error) {
	for len(cr.cur) == 0 {
		if cr.err != nil {
			return 0, cr.err
		}
		select {
		case c := <-cr.chunks:
			cr.cur, cr.err = c.b, c.err
		case <-cr.ctx.Done():
			return 0, cr.ctx.Err()
		}
	}
	n := copy(p, cr.cur)
	cr.cur = cr.cur[n:]
	return n, nil
}
