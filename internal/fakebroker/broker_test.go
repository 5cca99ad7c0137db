package fakebroker_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

// Every scripted fault reaches a plain connection as the error it should.
func TestActions(t *testing.T) {
	cases := []struct {
		name   string
		action func(r *fakebroker.Request) fakebroker.Action
		want   string
	}{
		{"error code", func(r *fakebroker.Request) fakebroker.Action { return fakebroker.ErrorReply(r, 6) }, ""},
		{"silence", func(*fakebroker.Request) fakebroker.Action { return fakebroker.Silence() }, "deadline exceeded"},
		{"delay", func(r *fakebroker.Request) fakebroker.Action { return fakebroker.Delay(time.Hour, r.Default()) }, "deadline exceeded"},
		{"wrong correlation", func(r *fakebroker.Request) fakebroker.Action {
			return fakebroker.WrongCorrelation(&protocol.MetadataResponse{})
		}, "unknown correlation id"},
		{"cut frame", func(r *fakebroker.Request) fakebroker.Action {
			return fakebroker.CutFrame(&protocol.MetadataResponse{})
		}, "cut off"},
		{"close", func(*fakebroker.Request) fakebroker.Action { return fakebroker.CloseConn() }, "closed the connection"},
		{"undecodable", func(*fakebroker.Request) fakebroker.Action { return fakebroker.Undecodable() }, "decoding Metadata"},
		{"garbage", func(*fakebroker.Request) fakebroker.Action { return fakebroker.Garbage([]byte("HTTP/1.1 400 Bad")) }, "not a Kafka broker"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fc := fakebroker.NewCluster(t, 1)
			fc.AddTopic("t", 1)
			fc.Handle(protocol.KeyMetadata, tc.action)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			cn, err := conn.Dial(ctx, fc.Addrs()[0], 0, conn.ConnConfig{})
			if err != nil {
				t.Fatal(err)
			}
			defer cn.Close()
			name := "t"
			var resp protocol.MetadataResponse
			err = cn.RoundTrip(ctx, &protocol.MetadataRequest{Topics: []protocol.MetadataRequestTopic{{Name: &name}}}, &resp)
			if tc.want == "" {
				if err != nil || len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != 6 {
					t.Fatalf("got %v, %+v; want topic error 6", err, resp.Topics)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if fc.Requests(protocol.KeyMetadata) != 1 {
				t.Fatalf("broker saw %d Metadata requests, want 1", fc.Requests(protocol.KeyMetadata))
			}
		})
	}
}
