package producersuite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

// TestSyncProduceResult: SendSync returns the topic, partition and offset
// the record was written at, and the record is there.
func TestSyncProduceResult(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "sync", 3)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var results []producer.Result
	for i := range 5 {
		res, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Key: []byte("order-1"), Value: fmt.Appendf(nil, "v%d", i)})
		if err != nil {
			t.Fatalf("SendSync %d: %v", i, err)
		}
		t.Logf("SendSync %d -> %s/%d@%d ts=%v", i, res.Topic, res.Partition, res.Offset, res.Timestamp)
		results = append(results, res)
	}
	wantPart := producer.KeyPartition([]byte("order-1"), 3)
	for i, res := range results {
		if res.Topic != topic || res.Partition != wantPart || res.Offset != int64(i) {
			t.Errorf("result %d = %s/%d@%d, want %s/%d@%d", i, res.Topic, res.Partition, res.Offset, topic, wantPart, i)
		}
		if res.Timestamp.IsZero() || time.Since(res.Timestamp) > time.Minute {
			t.Errorf("result %d timestamp %v is not recent", i, res.Timestamp)
		}
	}
	recs := readAll(t, brokers, topic, 3, 5)
	if len(recs) != 5 {
		t.Fatalf("read back %d records, want 5", len(recs))
	}
	for i, r := range recs {
		if r.Partition != wantPart || r.Offset != int64(i) || string(r.Value) != fmt.Sprintf("v%d", i) {
			t.Errorf("read back %d: %d@%d %q", i, r.Partition, r.Offset, r.Value)
		}
	}
}

// TestProduceErrors: failures are inspectable with errors.Is / errors.As.
func TestProduceErrors(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("RecordLargerThanMaxRequestSize", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "toolarge", 1)
		p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, MaxRequestSize: 64 << 10})
		start := time.Now()
		_, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: make([]byte, 100<<10)})
		t.Logf("100 KiB record, MaxRequestSize 64 KiB: %v (after %v)", err, time.Since(start))
		if !errors.Is(err, producer.ErrRecordTooLarge) {
			t.Fatalf("err = %v, want errors.Is(err, producer.ErrRecordTooLarge)", err)
		}
		// A record that fits still goes through on the same producer.
		if _, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: make([]byte, 1<<10)}); err != nil {
			t.Fatalf("a 1 KiB record after the refused one: %v", err)
		}
	})

	t.Run("BrokerRefusesRecordTooLargeForTopic", func(t *testing.T) {
		// The client allows it (MaxRequestSize 1 MiB); the topic does not
		// (max.message.bytes 2048): the broker's MESSAGE_TOO_LARGE comes back
		// as a *kafkawire.Error.
		topic := suitekit.CreateTopic(t, brokers, admin.TopicSpec{Name: suite.Uniq("brokertoolarge"), Partitions: 1, Configs: map[string]string{"max.message.bytes": "2048"}})
		p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Compression: producer.CompressionNone})
		_, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Value: bytes.Repeat([]byte("x"), 8<<10)})
		t.Logf("8 KiB record to a topic with max.message.bytes=2048: %v", err)
		var kerr *kafkawire.Error
		if !errors.As(err, &kerr) {
			t.Fatalf("err = %v (%T), want a *kafkawire.Error", err, err)
		}
		if !errors.Is(err, kafkawire.ErrMessageTooLarge) {
			t.Fatalf("err = %v, want errors.Is(err, kafkawire.ErrMessageTooLarge)", err)
		}
		t.Logf("kafkawire.Error: code=%d name=%s retriable=%v", kerr.Code, kerr.Name, kerr.Retriable)
	})

	t.Run("PartitionDoesNotExist", func(t *testing.T) {
		topic := suite.NewTopic(t, brokers, "nopart", 2)
		p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Partitioner: producer.ManualPartitioner()})
		start := time.Now()
		_, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Partition: 7, Value: []byte("v")})
		t.Logf("partition 7 of a 2-partition topic: %v (after %v)", err, time.Since(start))
		if err == nil {
			t.Fatal("send to a partition that does not exist succeeded")
		}
		var kerr *kafkawire.Error
		if !errors.Is(err, kafkawire.ErrUnknownTopicOrPartition) || !errors.As(err, &kerr) {
			t.Fatalf("err = %v (%T), want errors.Is(err, kafkawire.ErrUnknownTopicOrPartition)", err, err)
		}
		// Partition 1 exists.
		res, err := p.SendSync(ctx, &kafkawire.Record{Topic: topic, Partition: 1, Value: []byte("v")})
		if err != nil || res.Partition != 1 {
			t.Fatalf("partition 1: %+v, %v", res, err)
		}
	})
}

// TestAsyncLingerFlush: 100 records sent asynchronously with a 3 s linger
// are all acknowledged by Flush, which does not wait for the linger.
func TestAsyncLingerFlush(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "asyncflush", 3)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Linger: 3 * time.Second, BatchSize: 1 << 20})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Warm up metadata and the producer id so the timing below is Flush's.
	warm := p.Send(ctx, &kafkawire.Record{Topic: topic, Key: []byte("warm"), Value: []byte("up")})
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := warm.Result(); err != nil {
		t.Fatal(err)
	}
	futs := make([]*producer.Future, 100)
	t0 := time.Now()
	for i := range futs {
		futs[i] = p.Send(ctx, &kafkawire.Record{Topic: topic, Key: fmt.Appendf(nil, "k%d", i%10), Value: fmt.Appendf(nil, "async-%d", i)})
	}
	time.Sleep(100 * time.Millisecond)
	for i, f := range futs {
		select {
		case <-f.Done():
			t.Fatalf("record %d acknowledged %v after Send, before Flush, with a 3 s linger", i, time.Since(t0))
		default:
		}
	}
	tf := time.Now()
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	flushTook := time.Since(tf)
	t.Logf("100 async records: Flush took %v (linger 3 s)", flushTook)
	if flushTook > 2*time.Second {
		t.Errorf("Flush took %v: it should not wait for the 3 s linger", flushTook)
	}
	for i, f := range futs {
		select {
		case <-f.Done():
		default:
			t.Fatalf("record %d not done after Flush", i)
		}
		res, err := f.Result()
		if err != nil || res.Offset < 0 || res.Topic != topic {
			t.Errorf("record %d: %+v, %v", i, res, err)
		}
	}
	if got := readAll(t, brokers, topic, 3, 101); len(got) != 101 {
		t.Fatalf("read back %d records, want 101", len(got))
	}
}

// TestKeysStickToPartition: a key always lands in the same partition,
// Java's murmur2 partition.
func TestKeysStickToPartition(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	const parts = 5
	topic := suite.NewTopic(t, brokers, "keys", parts)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	keys := []string{"user-1", "user-2", "user-42", "order-7", "", "ключ", "\x00\xff"}
	seen := map[string]map[int32]int{}
	var futs []*producer.Future
	var fkeys []string
	for round := range 20 {
		for _, k := range keys {
			futs = append(futs, p.Send(ctx, &kafkawire.Record{Topic: topic, Key: []byte(k), Value: fmt.Appendf(nil, "%d", round)}))
			fkeys = append(fkeys, k)
		}
		if round%5 == 4 {
			if err := p.Flush(ctx); err != nil { // several batches, not one
				t.Fatal(err)
			}
		}
	}
	for i, f := range futs {
		res, err := f.Wait(ctx)
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if seen[fkeys[i]] == nil {
			seen[fkeys[i]] = map[int32]int{}
		}
		seen[fkeys[i]][res.Partition]++
	}
	for _, k := range keys {
		want := producer.KeyPartition([]byte(k), parts)
		t.Logf("key %q: partitions %v (murmur2 says %d)", k, seen[k], want)
		if len(seen[k]) != 1 || seen[k][want] != 20 {
			t.Errorf("key %q went to partitions %v, want all 20 in %d", k, seen[k], want)
		}
	}
}

// TestAcks: acks 0, 1 and all each deliver; with acks 0 the offsets are -1.
func TestAcks(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, acks := range []producer.Acks{producer.AcksNone, producer.AcksLeader, producer.AcksAll} {
		t.Run("acks="+acks.String(), func(t *testing.T) {
			topic := suite.NewTopic(t, brokers, "acks", 1)
			p := suitekit.NewProducer(t, producer.Config{Brokers: brokers, Acks: acks})
			const n = 50
			recs := make([]kafkawire.Record, n)
			for i := range recs {
				recs[i] = kafkawire.Record{Topic: topic, Key: []byte("k"), Value: fmt.Appendf(nil, "acks-%v-%d", acks, i)}
			}
			results, err := p.SendSyncMany(ctx, recs)
			if err != nil {
				t.Fatalf("SendSyncMany: %v", err)
			}
			for i, r := range results {
				wantOff := int64(i)
				if acks == producer.AcksNone {
					wantOff = -1
				}
				if r.Offset != wantOff || r.Partition != 0 || r.Topic != topic {
					t.Errorf("result %d = %s/%d@%d, want offset %d", i, r.Topic, r.Partition, r.Offset, wantOff)
				}
			}
			got := readAll(t, brokers, topic, 1, n)
			if len(got) != n {
				t.Fatalf("read back %d records, want %d", len(got), n)
			}
			for i, r := range got {
				if string(r.Value) != string(recs[i].Value) {
					t.Errorf("record %d: %q, want %q", i, r.Value, recs[i].Value)
				}
			}
			t.Logf("acks=%v: %d records, first result %+v", acks, n, results[0])
		})
	}
}

type order struct {
	ID       int               `json:"id"`
	Customer string            `json:"customer"`
	Items    []string          `json:"items"`
	Total    float64           `json:"total"`
	Meta     map[string]string `json:"meta,omitempty"`
}

// TestTypedJSON: NewTyped with the JSON serializer writes values that
// decode back to the same struct.
func TestTypedJSON(t *testing.T) {
	tc := sharedCluster(t)
	brokers := tc.Bootstrap()
	topic := suite.NewTopic(t, brokers, "json", 1)
	p := suitekit.NewProducer(t, producer.Config{Brokers: brokers})
	typed, err := producer.NewTyped(p, producer.String(), producer.JSON[order]())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sent := []order{
		{ID: 1, Customer: "ada", Items: []string{"book", "pen"}, Total: 12.5},
		{ID: 2, Customer: "Grace \"Hopper\"", Items: nil, Total: 0, Meta: map[string]string{"note": "ünïcödé <&>"}},
	}
	for _, o := range sent {
		res, err := typed.SendSync(ctx, topic, fmt.Sprintf("order-%d", o.ID), o)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("typed JSON order %d -> %s/%d@%d", o.ID, res.Topic, res.Partition, res.Offset)
	}
	// A value json cannot encode fails before sending, with the encoder's error.
	bad, err := producer.NewTyped(p, producer.String(), producer.JSON[any]())
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.SendSync(ctx, topic, "bad", func() {})
	var jerr *json.UnsupportedTypeError
	if !errors.As(err, &jerr) {
		t.Errorf("serializing a func: err = %v, want a *json.UnsupportedTypeError", err)
	}
	got := readAll(t, brokers, topic, 1, len(sent))
	if len(got) != len(sent) {
		t.Fatalf("read back %d records, want %d", len(got), len(sent))
	}
	for i, r := range got {
		var o order
		if err := json.Unmarshal(r.Value, &o); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		want, _ := json.Marshal(sent[i])
		again, _ := json.Marshal(o)
		if string(r.Key) != fmt.Sprintf("order-%d", sent[i].ID) || string(again) != string(want) || string(r.Value) != string(want) {
			t.Errorf("record %d: key %q value %s, want %s", i, r.Key, r.Value, want)
		}
	}
}
