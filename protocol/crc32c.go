package protocol

import "hash/crc32"

// castagnoli is the CRC-32C table; hash/crc32 uses the CPU's CRC32
// instruction for it where there is one.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// CRC32C returns the CRC-32C (Castagnoli) checksum of b, the checksum of
// record batches v2 (taken over the attributes field through the end of the
// batch).
func CRC32C(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
