package producer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
)

type item struct {
	ID int `json:"id"`
}

// readBack reads n records of t/0 from the fake broker.
func readBack(t *testing.T, fc *fakebroker.Cluster, n int) []kafkawire.Record {
	t.Helper()
	c, err := consumer.New(consumer.Config{Brokers: fc.Addrs(), AutoOffsetReset: consumer.ResetEarliest})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	c.Assign(kafkawire.TopicPartition{Topic: "t"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out []kafkawire.Record
	for len(out) < n {
		recs, err := c.Poll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recs...)
	}
	return out
}

func TestTypedHeadersAndCallback(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	cfg := fastConfig(fc)
	cfg.Partitioner = nil // Send names no partition
	p := newTestProducer(t, cfg)
	typed, err := NewTyped(p, String(), JSON[item]())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The existing methods keep their behaviour.
	if res, err := typed.SendSync(ctx, "t", "a", item{1}); err != nil || res.Offset != 0 {
		t.Fatalf("SendSync: %+v, %v", res, err)
	}
	done := make(chan Result, 2)
	if err := typed.SendFunc(ctx, "t", "b", item{2}, func(r Result, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- r
	}); err != nil {
		t.Fatal(err)
	}
	hdrs := []kafkawire.Header{{Key: "trace", Value: []byte("xyz")}, {Key: "null"}}
	ts := time.UnixMilli(1700000000000)
	f := typed.SendMessage(ctx, Message[string, item]{Topic: "t", Key: "c", Value: item{3}, Headers: hdrs, Timestamp: ts})
	if err := typed.SendMessageFunc(ctx, Message[string, item]{Topic: "t", Key: "d", Value: item{4}, Headers: hdrs[:1]}, func(r Result, err error) {
		done <- r
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	<-done
	<-done
	recs := readBack(t, fc, 4)
	var got []string
	for _, r := range recs {
		s := string(r.Key) + "=" + string(r.Value)
		for _, h := range r.Headers {
			s += ";" + h.Key + ":" + string(h.Value)
		}
		got = append(got, s)
	}
	if want := `a={"id":1}|b={"id":2}|c={"id":3};trace:xyz;null:|d={"id":4};trace:xyz`; strings.Join(got, "|") != want {
		t.Fatalf("read back %q, want %q", strings.Join(got, "|"), want)
	}
	if recs[2].Headers[1].Value != nil || !recs[2].Timestamp.Equal(ts) {
		t.Fatalf("null header value or timestamp lost: %+v", recs[2])
	}
}

func TestTypedSerializeErrors(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	p := newTestProducer(t, fastConfig(fc))
	bad := errors.New("refused")
	typed, err := NewTyped(p, Serializer[string](func(string) ([]byte, error) { return nil, bad }), Bytes())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	called := false
	if err := typed.SendFunc(ctx, "t", "k", nil, func(Result, error) { called = true }); !errors.Is(err, bad) || !strings.Contains(err.Error(), "serializing key") {
		t.Fatalf("SendFunc: %v", err)
	}
	if _, err := typed.SendMessage(ctx, Message[string, []byte]{Topic: "t"}).Wait(ctx); !errors.Is(err, bad) {
		t.Fatalf("SendMessage: %v", err)
	}
	vt, _ := NewTyped(p, String(), Serializer[int](func(int) ([]byte, error) { return nil, bad }))
	if err := vt.SendMessageFunc(ctx, Message[string, int]{Topic: "t"}, nil); !errors.Is(err, bad) || !strings.Contains(err.Error(), "serializing value") {
		t.Fatalf("SendMessageFunc: %v", err)
	}
	if called {
		t.Fatal("the callback ran for a record never sent")
	}
	if _, err := NewTyped[string, string](nil, String(), String()); err == nil {
		t.Fatal("NewTyped accepted a nil producer")
	}
}
