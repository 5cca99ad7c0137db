package producer

import (
	"context"
	"encoding/json"
	"fmt"

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

func (t *Typed[K, V]) record(topic string, key K, value V) (kafkawire.Record, error) {
	kb, err := t.key(key)
	if err != nil {
		return kafkawire.Record{}, fmt.Errorf("producer: serializing key: %w", err)
	}
	vb, err := t.value(value)
	if err != nil {
		return kafkawire.Record{}, fmt.Errorf("producer: serializing value: %w", err)
	}
	return kafkawire.Record{Topic: topic, Key: kb, Value: vb, Partition: -1}, nil
}

// Send serializes and sends asynchronously.
func (t *Typed[K, V]) Send(ctx context.Context, topic string, key K, value V) *Future {
	rec, err := t.record(topic, key, value)
	if err != nil {
		f := new(Future)
		f.complete(Result{Topic: topic, Partition: -1, Offset: -1}, err)
		return f
	}
	return t.p.Send(ctx, &rec)
}

// SendSync serializes, sends and waits for the acknowledgement.
func (t *Typed[K, V]) SendSync(ctx context.Context, topic string, key K, value V) (Result, error) {
	return t.Send(ctx, topic, key, value).Wait(ctx)
}

// Producer returns the underlying producer, for Flush and Close.
func (t *Typed[K, V]) Producer() *Producer { return t.p }
