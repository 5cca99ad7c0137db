package fakebroker_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/protocol"
)

// The default answers carry a real producer and a real group consumer
// through a round trip, on two brokers.
func TestDefaultsRoundTrip(t *testing.T) {
	fc := fakebroker.NewCluster(t, 2)
	fc.AddTopic("t", 4)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := producer.New(producer.Config{Brokers: fc.Addrs()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	for i := 0; i < n; i++ {
		if err := p.SendFunc(ctx, &kafkawire.Record{Topic: "t", Key: fmt.Appendf(nil, "k%d", i), Value: []byte("v")}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatalf("producer Close: %v", err)
	}
	var total int64
	for part := int32(0); part < 4; part++ {
		total += fc.Records("t", part)
	}
	if total != n {
		t.Fatalf("broker holds %d records, want %d", total, n)
	}

	c, err := consumer.New(consumer.Config{Brokers: fc.Addrs(), GroupID: "g", AutoOffsetReset: consumer.ResetEarliest})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Subscribe("t"); err != nil {
		t.Fatal(err)
	}
	got := 0
	for got < n {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatalf("Poll after %d records: %v", got, err)
		}
		got += len(recs)
	}
	if err := c.Commit(ctx); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatalf("consumer Close: %v", err)
	}
	var committed int64
	for part := int32(0); part < 4; part++ {
		t.Logf("partition %d: %d records, committed %d", part, fc.Records("t", part), fc.Committed("g", "t", part))
		committed += max(0, fc.Committed("g", "t", part))
	}
	if got != n || committed != n {
		t.Fatalf("consumed %d, committed %d, want %d", got, committed, n)
	}
}

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
