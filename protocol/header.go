package protocol

import "encoding/binary"

// RequestHeader is the header in front of every request body.
type RequestHeader struct {
	APIKey        int16
	APIVersion    int16
	CorrelationID int32
	ClientID      *string // nullable; always a classic string, also in header v2
}

// AppendTo encodes the header at headerVersion (1, or 2 for flexible APIs).
func (h *RequestHeader) AppendTo(dst []byte, headerVersion int16) []byte {
	w := Writer{B: dst}
	w.Int16(h.APIKey)
	w.Int16(h.APIVersion)
	w.Int32(h.CorrelationID)
	w.NullableString(h.ClientID) // classic: w.Flex is still false here
	w.Flex = headerVersion >= 2
	w.NoTags()
	return w.B
}

// Decode reads the header at headerVersion.
func (h *RequestHeader) Decode(r *Reader, headerVersion int16) {
	h.APIKey = r.Int16()
	h.APIVersion = r.Int16()
	h.CorrelationID = r.Int32()
	r.Flex = false // ClientID is classic in every header version
	h.ClientID = r.NullableString()
	r.Flex = headerVersion >= 2
	r.SkipTags()
}

// ResponseHeader is the header in front of every response body.
type ResponseHeader struct {
	CorrelationID int32
}

// AppendTo encodes the header at headerVersion (0, or 1 for flexible APIs).
func (h *ResponseHeader) AppendTo(dst []byte, headerVersion int16) []byte {
	w := Writer{B: dst}
	w.Int32(h.CorrelationID)
	w.Flex = headerVersion >= 1
	w.NoTags()
	return w.B
}

// Decode reads the header at headerVersion.
func (h *ResponseHeader) Decode(r *Reader, headerVersion int16) {
	h.CorrelationID = r.Int32()
	r.Flex = headerVersion >= 1
	r.SkipTags()
}

// AppendRequest frames a whole request: a 4-byte size, the header, then the
// body, appended to dst in one pass (the size is patched in at the end).
func AppendRequest(dst []byte, h *RequestHeader, body Message) []byte {
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	hv := int16(1)
	if a, ok := LookupAPI(h.APIKey); ok {
		hv = a.RequestHeaderVersion(h.APIVersion)
	}
	dst = h.AppendTo(dst, hv)
	dst = body.AppendTo(dst, h.APIVersion)
	binary.BigEndian.PutUint32(dst[start:], uint32(len(dst)-start-4))
	return dst
}
