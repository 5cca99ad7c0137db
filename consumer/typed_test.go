package consumer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
)

type order struct {
	N int `json:"n"`
}

// typedFixture is a topic of one batch: good JSON, a tombstone, bad JSON,
// good JSON again; and a Typed consumer assigned to it.
func typedFixture(t *testing.T) *Typed[string, order] {
	t.Helper()
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	var bb protocol.BatchBuilder
	bb.Reset(nil, 1000)
	bb.Append(1000, []byte("k1"), []byte(`{"n":1}`), []kafkawire.Header{{Key: "h", Value: []byte("v")}})
	bb.Append(1000, []byte("k2"), nil, nil)
	bb.Append(1000, []byte("k3"), []byte(`not json`), nil)
	bb.Append(1000, nil, []byte(`{"n":4}`), nil)
	wire, err := bb.Finish(protocol.BatchOptions{PartitionLeaderEpoch: -1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
	if err != nil {
		t.Fatal(err)
	}
	produceBatches(t, fc, "t", 0, wire)
	c := mustNew(t, Config{Brokers: fc.Addrs(), AutoOffsetReset: ResetEarliest})
	t.Cleanup(func() { closeConsumer(t, c) })
	if err := c.Assign(kafkawire.TopicPartition{Topic: "t"}); err != nil {
		t.Fatal(err)
	}
	typed, err := NewTyped(c, String(), JSON[order]())
	if err != nil {
		t.Fatal(err)
	}
	return typed
}

func TestTypedPoll(t *testing.T) {
	checkGoroutines(t)
	typed := typedFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	recs, err := typed.Poll(ctx)
	var de *DeserializeError
	if !errors.As(err, &de) || de.Offset != 2 || de.Part != "value" || de.Topic != "t" || de.Partition != 0 || string(de.Record.Value) != "not json" {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "deserializing the value of t/0 at offset 2") {
		t.Fatalf("message %q", err)
	}
	if len(recs) != 2 || recs[0].Key != "k1" || recs[0].Value.N != 1 || recs[0].Record.Headers[0].Key != "h" ||
		recs[1].Key != "k2" || recs[1].Value != (order{}) || recs[1].Record.Value != nil {
		t.Fatalf("records before the bad one: %+v", recs)
	}
	// The record after the bad one comes next.
	recs, err = typed.Poll(ctx)
	if err != nil || len(recs) != 1 || recs[0].Key != "" || recs[0].Value.N != 4 || recs[0].Record.Offset != 3 {
		t.Fatalf("next Poll: %+v, %v", recs, err)
	}
	if typed.Consumer() == nil {
		t.Fatal("Consumer() is nil")
	}
}

func TestTypedRecords(t *testing.T) {
	checkGoroutines(t)
	typed := typedFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []string
	for r, err := range typed.Records(ctx) {
		if err != nil {
			var de *DeserializeError
			if !errors.As(err, &de) {
				t.Fatalf("Records yielded %v", err)
			}
			got = append(got, "error@"+de.Part)
			continue
		}
		got = append(got, r.Key)
		if r.Record.Offset == 3 {
			break
		}
	}
	if strings.Join(got, ",") != "k1,k2,error@value," {
		t.Fatalf("Records yielded %q", got)
	}
}

func TestTypedKeyErrorAndArgs(t *testing.T) {
	checkGoroutines(t)
	typed := typedFixture(t)
	failing := Deserializer[string](func(b []byte) (string, error) {
		if string(b) == "k2" {
			return "", errors.New("no k2 here")
		}
		return string(b), nil
	})
	k, err := NewTyped(typed.Consumer(), failing, Bytes())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	recs, err := k.Poll(ctx)
	var de *DeserializeError
	if !errors.As(err, &de) || de.Part != "key" || de.Offset != 1 || len(recs) != 1 || string(recs[0].Value) != `{"n":1}` {
		t.Fatalf("%+v, %v", recs, err)
	}
	if _, err := NewTyped[string, string](nil, String(), String()); err == nil {
		t.Fatal("NewTyped accepted a nil consumer")
	}
	if _, err := NewTyped[string, string](typed.Consumer(), nil, String()); err == nil {
		t.Fatal("NewTyped accepted a nil deserializer")
	}
	if v, err := JSON[order]()([]byte(`{"n":`)); err == nil {
		t.Fatalf("bad JSON decoded to %v", v)
	}
}

func TestTypedPollError(t *testing.T) {
	checkGoroutines(t)
	typed := typedFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	typed.Consumer().Pause(kafkawire.TopicPartition{Topic: "t"})
	if _, err := typed.Poll(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Poll with an ended ctx: %v", err)
	}
}
