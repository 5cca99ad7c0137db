package integration

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// The harness checks readiness with a hand-encoded Metadata v1 request (it
// must not depend on the protocol package it helps to test). Metadata v1 is
// served by every broker from 0.10 to 4.x.

type brokerMeta struct {
	ID   int32
	Host string
	Port int32
}

const (
	apiKeyMetadata   = 3
	harnessClientID  = "kafkawire-harness"
	maxMetadataBytes = 1 << 20
)

// encodeMetadataV1 frames a Metadata v1 request (request header v1) asking
// for no topics (an empty array; null would mean all topics).
func encodeMetadataV1(correlationID int32) []byte {
	b := make([]byte, 4, 64)
	b = binary.BigEndian.AppendUint16(b, apiKeyMetadata)
	b = binary.BigEndian.AppendUint16(b, 1) // version
	b = binary.BigEndian.AppendUint32(b, uint32(correlationID))
	b = binary.BigEndian.AppendUint16(b, uint16(len(harnessClientID)))
	b = append(b, harnessClientID...)
	b = binary.BigEndian.AppendUint32(b, 0) // topics: empty array
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	return b
}

// decodeMetadataV1Brokers reads the broker list of a Metadata v1 response
// body (after the size prefix), checking the correlation id.
func decodeMetadataV1Brokers(body []byte, correlationID int32) ([]brokerMeta, error) {
	r := &wireReader{b: body}
	if got := r.int32(); r.err == nil && got != correlationID {
		return nil, fmt.Errorf("metadata response has correlation id %d, want %d", got, correlationID)
	}
	n := r.int32()
	if r.err == nil && (n < 0 || int(n) > len(body)/10) {
		return nil, fmt.Errorf("metadata response claims %d brokers", n)
	}
	brokers := make([]brokerMeta, 0, max(n, 0))
	for i := int32(0); i < n && r.err == nil; i++ {
		var bm brokerMeta
		bm.ID = r.int32()
		bm.Host = r.str()
		bm.Port = r.int32()
		r.str() // rack, nullable
		brokers = append(brokers, bm)
	}
	if r.err != nil {
		return nil, fmt.Errorf("decoding metadata response: %w", r.err)
	}
	return brokers, nil
}

// metadataBrokers asks the broker at addr which brokers the cluster has.
func metadataBrokers(ctx context.Context, addr string) ([]brokerMeta, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	const corr = 7
	if _, err := conn.Write(encodeMetadataV1(corr)); err != nil {
		return nil, err
	}
	var size [4]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(size[:])
	if n < 4 || n > maxMetadataBytes {
		return nil, fmt.Errorf("metadata response size %d out of range", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(conn, body); err != nil {
		return nil, err
	}
	return decodeMetadataV1Brokers(body, corr)
}

var errShort = errors.New("response too short")

type wireReader struct {
	b   []byte
	err error
}

func (r *wireReader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		if r.err == nil {
			r.err = errShort
		}
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *wireReader) int16() int16 {
	if b := r.take(2); b != nil {
		return int16(binary.BigEndian.Uint16(b))
	}
	return 0
}

func (r *wireReader) int32() int32 {
	if b := r.take(4); b != nil {
		return int32(binary.BigEndian.Uint32(b))
	}
	return 0
}

// str reads a classic (int16-length) nullable string; null reads as "".
func (r *wireReader) str() string {
	n := r.int16()
	if n < 0 {
		return ""
	}
	return string(r.take(int(n)))
}
