package integration

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
)

// metadataV1Response encodes a Metadata v1 response body (no size prefix).
func metadataV1Response(corr int32, brokers []brokerMeta) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(corr))
	b = binary.BigEndian.AppendUint32(b, uint32(len(brokers)))
	for _, bm := range brokers {
		b = binary.BigEndian.AppendUint32(b, uint32(bm.ID))
		b = binary.BigEndian.AppendUint16(b, uint16(len(bm.Host)))
		b = append(b, bm.Host...)
		b = binary.BigEndian.AppendUint32(b, uint32(bm.Port))
		b = binary.BigEndian.AppendUint16(b, 0xffff) // rack: null
	}
	b = binary.BigEndian.AppendUint32(b, uint32(brokers[0].ID)) // controller id
	return binary.BigEndian.AppendUint32(b, 0)                  // topics: none
}

func TestEncodeMetadataV1(t *testing.T) {
	got := encodeMetadataV1(7)
	want := []byte{0, 0, 0, 31, 0, 3, 0, 1, 0, 0, 0, 7, 0, 17}
	want = append(want, "kafkawire-harness"...)
	want = append(want, 0, 0, 0, 0)
	if string(got) != string(want) {
		t.Fatalf("got % x\nwant % x", got, want)
	}
}

// fakeMetadataBroker answers one Metadata request with the given brokers.
func fakeMetadataBroker(t *testing.T, brokers []brokerMeta) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			var size [4]byte
			if _, err := io.ReadFull(c, size[:]); err == nil {
				req := make([]byte, binary.BigEndian.Uint32(size[:]))
				if _, err := io.ReadFull(c, req); err == nil {
					corr := int32(binary.BigEndian.Uint32(req[4:8]))
					body := metadataV1Response(corr, brokers)
					_, _ = c.Write(append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...))
				}
			}
			c.Close()
		}
	}()
	return l.Addr().String()
}

func TestMetadataBrokers(t *testing.T) {
	want := []brokerMeta{{1, "127.0.0.1", 9092}, {2, "127.0.0.1", 9093}}
	got, err := metadataBrokers(context.Background(), fakeMetadataBroker(t, want))
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestDecodeMetadataV1Errors(t *testing.T) {
	body := metadataV1Response(7, []brokerMeta{{1, "h", 1}})
	if _, err := decodeMetadataV1Brokers(body, 8); err == nil || !strings.Contains(err.Error(), "correlation id 7, want 8") {
		t.Errorf("correlation mismatch: %v", err)
	}
	for cut := range 20 {
		if _, err := decodeMetadataV1Brokers(body[:cut], 7); err == nil {
			t.Errorf("truncated at %d decoded", cut)
		}
	}
	huge := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 7), 1<<30)
	if _, err := decodeMetadataV1Brokers(huge, 7); err == nil {
		t.Error("lying broker count decoded")
	}
}
