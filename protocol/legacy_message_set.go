package protocol

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/bits"
	"strconv"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/compress"
)

// Legacy message sets (magic 0 and 1), which brokers still serve from old
// log segments. Each entry is
//
//	offset int64 | size int32 | crc uint32 | magic int8 | attributes int8 |
//	[timestamp int64, magic 1 only] | key int32-length bytes | value int32-length bytes
//
// with a CRC-32 (IEEE) over magic through the end of the message. A
// compressed entry (attributes bits 0-2) is a wrapper whose value is a
// compressed message set of uncompressed inner messages. Inner offsets of a
// magic 1 wrapper are relative (0..n-1) and the wrapper carries the absolute
// offset of the last one; a magic 0 wrapper's inner offsets are absolute.
// A magic 1 wrapper with log-append time (attribute 0x08) gives its
// timestamp to its magic 1 inner messages.

// legacyMessage is one decoded magic 0/1 message.
type legacyMessage struct {
	offset    int64
	magic     int8
	attrs     int8
	timestamp int64 // -1 for magic 0
	key       []byte
	value     []byte
}

func (m *legacyMessage) codec() compress.Codec { return compress.Codec(m.attrs & attrCodecMask) }

// parseLegacyEntry decodes the complete entry e (log overhead and message,
// exactly), checking its CRC and lengths. Key and value alias e.
func parseLegacyEntry(e []byte) (legacyMessage, error) {
	var m legacyMessage
	if len(e) < logOverhead+minLegacyEntrySize {
		return m, errCorrupt("legacy message too short")
	}
	m.offset = int64(binary.BigEndian.Uint64(e))
	if m.offset < 0 || m.offset == math.MaxInt64 {
		return m, errCorrupt("legacy message offset out of range")
	}
	msg := e[logOverhead:]
	if crc32.ChecksumIEEE(msg[4:]) != binary.BigEndian.Uint32(msg) {
		return m, errCorrupt("legacy message CRC mismatch")
	}
	m.magic = int8(msg[4])
	m.attrs = int8(msg[5])
	m.timestamp = -1
	off := 6
	switch m.magic {
	case 0:
	case 1:
		if len(msg) < minLegacyEntrySize+8 {
			return m, errCorrupt("legacy message too short")
		}
		m.timestamp = int64(binary.BigEndian.Uint64(msg[off:]))
		off += 8
	default:
		return m, &wrapError{ErrUnsupportedMagic, "magic " + strconv.Itoa(int(m.magic))}
	}
	var ok bool
	if m.key, off, ok = legacyBytes(msg, off); !ok {
		return m, errCorrupt("bad legacy message key length")
	}
	if m.value, off, ok = legacyBytes(msg, off); !ok {
		return m, errCorrupt("bad legacy message value length")
	}
	if off != len(msg) {
		return m, errCorrupt("legacy message size does not match its fields")
	}
	return m, nil
}

// legacyBytes reads an int32 length (-1 = null) and that many bytes.
func legacyBytes(b []byte, off int) ([]byte, int, bool) {
	if len(b)-off < 4 {
		return nil, 0, false
	}
	n := int32(binary.BigEndian.Uint32(b[off:]))
	off += 4
	if n == -1 {
		return nil, off, true
	}
	if n < 0 || int(n) > len(b)-off {
		return nil, 0, false
	}
	return b[off : off+int(n) : off+int(n)], off + int(n), true
}

// AppendLegacyRecords decodes a magic 0/1 message set and appends its
// records to dst, decompressing wrapper messages (at most limit bytes in
// all; limit <= 0: no limit). An entry cut off at the end of data is
// skipped. On error dst holds the records of the entries before the bad one.
func AppendLegacyRecords(dst []kafkawire.Record, data []byte, topic string, partition int32, limit int) ([]kafkawire.Record, error) {
	budget := decompressLimit(limit)
	for len(data) >= logOverhead {
		size := int32(binary.BigEndian.Uint32(data[offBatchLength:]))
		if size < minLegacyEntrySize {
			return dst, errCorrupt("record set entry length too small")
		}
		if int(size) > len(data)-logOverhead {
			break
		}
		var err error
		var used int
		dst, _, used, data, err = appendLegacyEntry(dst, data, topic, partition, budget)
		if err != nil {
			return dst, err
		}
		budget -= used
	}
	return dst, nil
}

// appendLegacyEntry decodes the legacy entry at the start of data, whose
// size the caller checked fits, and appends its records. It returns the
// entry's last offset, the bytes decompression produced and the rest of data.
// On error dst is returned unchanged.
func appendLegacyEntry(dst []kafkawire.Record, data []byte, topic string, partition int32, budget int) ([]kafkawire.Record, int64, int, []byte, error) {
	end := logOverhead + int(binary.BigEndian.Uint32(data[offBatchLength:]))
	m, err := parseLegacyEntry(data[:end:end])
	if err != nil {
		return dst, 0, 0, nil, err
	}
	rest := data[end:]
	c := m.codec()
	if c == compress.None {
		return append(dst, legacyRecord(&m, topic, partition, m.timestamp)), m.offset, 0, rest, nil
	}
	if c > compress.LZ4 { // zstd never existed for magic < 2
		return dst, 0, 0, nil, errCorrupt("invalid legacy compression codec")
	}
	if m.value == nil {
		return dst, 0, 0, nil, errCorrupt("legacy compressed message with null value")
	}
	src := m.value
	if c == compress.LZ4 && m.magic == 0 {
		src = fixLegacyLZ4Header(src)
	}
	inner, err := compress.Decompress(nil, c, src, budget)
	if err != nil {
		return dst, 0, 0, nil, err
	}
	used := len(inner)
	n0 := len(dst)
	out := dst
	logAppend := m.magic == 1 && m.attrs&attrLogAppendTime != 0
	var lastInner int64
	for len(inner) >= logOverhead {
		size := int32(binary.BigEndian.Uint32(inner[offBatchLength:]))
		if size < minLegacyEntrySize {
			clear(out[n0:])
			return dst, 0, 0, nil, errCorrupt("inner message length too small")
		}
		if int(size) > len(inner)-logOverhead {
			break // as Java's reader does, a short inner tail ends the set
		}
		e := logOverhead + int(size)
		im, err := parseLegacyEntry(inner[:e:e])
		if err != nil {
			clear(out[n0:])
			return dst, 0, 0, nil, err
		}
		if im.codec() != compress.None {
			clear(out[n0:])
			return dst, 0, 0, nil, errCorrupt("compressed message inside a compressed message")
		}
		ts := im.timestamp
		if logAppend && im.magic == 1 {
			ts = m.timestamp
		}
		out = append(out, legacyRecord(&im, topic, partition, ts))
		lastInner = im.offset
		inner = inner[e:]
	}
	if len(out) == n0 {
		return dst, 0, 0, nil, errCorrupt("compressed message set with no inner messages")
	}
	if m.magic == 1 {
		// Relative inner offsets: the wrapper holds the last one's absolute
		// offset. Some librdkafka versions leave the wrapper offset at 0.
		var base int64
		if m.offset != 0 {
			if m.offset < lastInner {
				clear(out[n0:])
				return dst, 0, 0, nil, errCorrupt("wrapper offset below its last inner offset")
			}
			base = m.offset - lastInner
		}
		for i := n0; i < len(out); i++ {
			abs := out[i].Offset + base
			if abs < base || abs == math.MaxInt64 { // overflow
				clear(out[n0:])
				return dst, 0, 0, nil, errCorrupt("inner offset out of range")
			}
			out[i].Offset = abs
		}
	}
	last := max(m.offset, out[len(out)-1].Offset)
	return out, last, used, rest, nil
}

func legacyRecord(m *legacyMessage, topic string, partition int32, ts int64) kafkawire.Record {
	return kafkawire.Record{
		Topic:       topic,
		Partition:   partition,
		Offset:      m.offset,
		Key:         m.key,
		Value:       m.value,
		Timestamp:   millisTime(ts),
		LeaderEpoch: -1,
	}
}

// fixLegacyLZ4Header works around KAFKA-1493: Kafka before 0.10 computed the
// LZ4 frame descriptor checksum over the frame magic too, and magic 0
// messages keep that broken checksum, which a conforming reader refuses. If
// src's descriptor checksum is wrong, it returns a copy with the right one.
func fixLegacyLZ4Header(src []byte) []byte {
	const frameMagic = 0x184D2204
	if len(src) < 7 || binary.LittleEndian.Uint32(src) != frameMagic {
		return src
	}
	flg := src[4]
	n := 2 // FLG, BD
	if flg&0x08 != 0 {
		n += 8 // content size
	}
	if flg&0x01 != 0 {
		n += 4 // dictionary id
	}
	if len(src) < 4+n+1 {
		return src
	}
	hc := byte(xxh32(src[4:4+n]) >> 8)
	if src[4+n] == hc {
		return src
	}
	fixed := append([]byte(nil), src...)
	fixed[4+n] = hc
	return fixed
}

// xxh32 is the XXH32 hash with seed 0, as the LZ4 frame format uses it.
func xxh32(b []byte) uint32 {
	const (
		p1 uint32 = 2654435761
		p2 uint32 = 2246822519
		p3 uint32 = 3266489917
		p4 uint32 = 668265263
		p5 uint32 = 374761393
	)
	n := len(b)
	var h uint32
	if n >= 16 {
		var seed uint32 // 0
		v1, v2, v3, v4 := seed+p1+p2, seed+p2, seed, seed-p1
		for ; len(b) >= 16; b = b[16:] {
			v1 = bits.RotateLeft32(v1+binary.LittleEndian.Uint32(b)*p2, 13) * p1
			v2 = bits.RotateLeft32(v2+binary.LittleEndian.Uint32(b[4:])*p2, 13) * p1
			v3 = bits.RotateLeft32(v3+binary.LittleEndian.Uint32(b[8:])*p2, 13) * p1
			v4 = bits.RotateLeft32(v4+binary.LittleEndian.Uint32(b[12:])*p2, 13) * p1
		}
		h = bits.RotateLeft32(v1, 1) + bits.RotateLeft32(v2, 7) + bits.RotateLeft32(v3, 12) + bits.RotateLeft32(v4, 18)
	} else {
		h = p5
	}
	h += uint32(n)
	for ; len(b) >= 4; b = b[4:] {
		h = bits.RotateLeft32(h+binary.LittleEndian.Uint32(b)*p3, 17) * p4
	}
	for ; len(b) > 0; b = b[1:] {
		h = bits.RotateLeft32(h+uint32(b[0])*p5, 11) * p1
	}
	h ^= h >> 15
	h *= p2
	h ^= h >> 13
	h *= p3
	h ^= h >> 16
	return h
}
