package protocol

import "encoding/base64"

// UUID is a Kafka UUID such as a topic id. The zero UUID means "none".
type UUID [16]byte

// String formats u as Kafka does: unpadded URL-safe base64.
func (u UUID) String() string { return base64.RawURLEncoding.EncodeToString(u[:]) }

// IsZero reports whether u is the zero UUID.
func (u UUID) IsZero() bool { return u == UUID{} }
