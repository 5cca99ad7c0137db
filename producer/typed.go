package producer

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
)

// Serializer turns an application value into record bytes (kafka-python's
// value_serializer / key_serializer). A nil result is a null value.
type Serializer[T any] func(T) ([]byte, error)

// JSON serializes values with encoding/json.
func JSON[T any]() Serializer[T] {
	return func(v T) ([]byte, error) { return json.Marshal(v) }
}

// String serializes strings as their UTF-8 bytes.
func String() Serializer[string] {
	return func(s string) ([]byte, error) { return []byte(s), nil }
}

// Bytes passes byte slices through.
func Bytes() Serializer[[]byte] {
	return func(b []byte) ([]byte, error) { return b, nil }
}

// Typed sends values of type V with keys of type K through a Producer,
// serializing them once with the serializers it was built with.
type Typed[K, V any] struct {
	p     *Producer
	key   Serializer[K]
	value Serializer[V]
}

// NewTyped wraps p. The serializers are configured once, here.
func NewTyped[K, V any](p *Producer, key Serializer[K], value Serializer[V]) (*Typed[K, V], error) {
	if p == nil || key == nil || value == nil {
		return nil, fmt.Errorf("producer: NewTyped needs a producer and both serializers")
	}
	return &Typed[K, V]{p: p, key: key, value: value}, nil
}

// Message is a typed record with what a bare key and value lack: headers,
// a partition (read by ManualPartitioner and custom partitioners only, as
// Record.Partition) and a timestamp (zero: now).
type Message[K, V any] struct {
	Topic     string
	Key       K
	Value     V
	Headers   []kafkawire.Header
	Partition int32
	Timestamp time.Time
}

func (t *Typed[K, V]) record(m *Message[K, V]) (kafkawire.Record, error) {
	kb, err := t.key(m.Key)
	if err != nil {
		return kafkawire.Record{}, fmt.Errorf("producer: serializing key: %w", err)
	}
	vb, err := t.value(m.Value)
	if err != nil {
		return kafkawire.Record{}, fmt.Errorf("producer: serializing value: %w", err)
	}
	return kafkawire.Record{Topic: m.Topic, Key: kb, Value: vb, Headers: m.Headers, Partition: m.Partition, Timestamp: m.Timestamp}, nil
}

// Send serializes and sends asynchronously.
func (t *Typed[K, V]) Send(ctx context.Context, topic string, key K, value V) *Future {
	return t.SendMessage(ctx, Message[K, V]{Topic: topic, Key: key, Value: value, Partition: -1})
}

// SendSync serializes, sends and waits for the acknowledgement.
func (t *Typed[K, V]) SendSync(ctx context.Context, topic string, key K, value V) (Result, error) {
	return t.Send(ctx, topic, key, value).Wait(ctx)
}

// SendFunc serializes and sends with a callback, as Producer.SendFunc: cb
// runs on the producer's goroutine once the record's fate is known. A
// record that cannot be serialized or buffered is an error from SendFunc,
// and cb is not called.
func (t *Typed[K, V]) SendFunc(ctx context.Context, topic string, key K, value V, cb func(Result, error)) error {
	return t.SendMessageFunc(ctx, Message[K, V]{Topic: topic, Key: key, Value: value, Partition: -1}, cb)
}

// SendMessage serializes m and sends it asynchronously, with its headers.
func (t *Typed[K, V]) SendMessage(ctx context.Context, m Message[K, V]) *Future {
	rec, err := t.record(&m)
	if err != nil {
		f := new(Future)
		f.complete(Result{Topic: m.Topic, Partition: -1, Offset: -1}, err)
		return f
	}
	return t.p.Send(ctx, &rec)
}

// SendMessageFunc is SendMessage with a callback (see SendFunc).
func (t *Typed[K, V]) SendMessageFunc(ctx context.Context, m Message[K, V], cb func(Result, error)) error {
	rec, err := t.record(&m)
	if err != nil {
		return err
	}
	return t.p.SendFunc(ctx, &rec, cb)
}

// Producer returns the underlying producer, for Flush and Close.
func (t *Typed[K, V]) Producer() *Producer { return t.p }
