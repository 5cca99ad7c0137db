package consumer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	kafkawire "github.com/kafkawire/kafkawire"
)

// Deserializer turns record bytes into an application value (Java's
// key.deserializer / value.deserializer, kafka-python's
// value_deserializer); any func of this shape is one. b is nil for a null
// key or value.
type Deserializer[T any] func(b []byte) (T, error)

// JSON decodes values with encoding/json; a null key or value (a
// tombstone) is T's zero value.
func JSON[T any]() Deserializer[T] {
	return func(b []byte) (T, error) {
		var v T
		if b == nil {
			return v, nil
		}
		err := json.Unmarshal(b, &v)
		return v, err
	}
}

// String reads bytes as a string (a null is "").
func String() Deserializer[string] {
	return func(b []byte) (string, error) { return string(b), nil }
}

// Bytes passes bytes through; they alias the record's, which are the
// caller's to keep (see Poll).
func Bytes() Deserializer[[]byte] {
	return func(b []byte) ([]byte, error) { return b, nil }
}

// TypedRecord is a record with its key and value deserialized; Record is
// the original (topic, partition, offset, headers, timestamp, raw bytes).
type TypedRecord[K, V any] struct {
	Key    K
	Value  V
	Record *kafkawire.Record
}

// DeserializeError is a record whose key or value its Deserializer
// refused. The consumer's position is past it: the next Poll goes on with
// the record after it (Record is here for a dead-letter topic, say).
type DeserializeError struct {
	Topic     string
	Partition int32
	Offset    int64
	Part      string // "key" or "value"
	Record    *kafkawire.Record
	Err       error
}

func (e *DeserializeError) Error() string {
	return fmt.Sprintf("consumer: deserializing the %s of %s/%d at offset %d: %v", e.Part, e.Topic, e.Partition, e.Offset, e.Err)
}

func (e *DeserializeError) Unwrap() error { return e.Err }

// Typed reads records with keys of type K and values of type V through a
// Consumer, deserializing them with the deserializers it was built with.
// Subscribe, Assign, Commit and Close are the Consumer's (Consumer()).
type Typed[K, V any] struct {
	c     *Consumer
	key   Deserializer[K]
	value Deserializer[V]
}

// NewTyped wraps c. The deserializers are configured once, here.
func NewTyped[K, V any](c *Consumer, key Deserializer[K], value Deserializer[V]) (*Typed[K, V], error) {
	if c == nil || key == nil || value == nil {
		return nil, errors.New("consumer: NewTyped needs a consumer and both deserializers")
	}
	return &Typed[K, V]{c: c, key: key, value: value}, nil
}

// Consumer returns the underlying consumer.
func (t *Typed[K, V]) Consumer() *Consumer { return t.c }

// Poll is Consumer.Poll with records deserialized. When a record fails to
// deserialize, Poll returns the records before it and a
// *DeserializeError; the records after it are returned by the next Poll.
func (t *Typed[K, V]) Poll(ctx context.Context) ([]TypedRecord[K, V], error) {
	recs, err := t.c.Poll(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TypedRecord[K, V], 0, len(recs))
	for i := range recs {
		tr, err := t.decode(&recs[i])
		if err != nil {
			t.c.unread(recs, i+1)
			return out, err
		}
		out = append(out, tr)
	}
	return out, nil
}

func (t *Typed[K, V]) decode(r *kafkawire.Record) (TypedRecord[K, V], error) {
	tr := TypedRecord[K, V]{Record: r}
	var err error
	if tr.Key, err = t.key(r.Key); err != nil {
		return tr, &DeserializeError{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Part: "key", Record: r, Err: err}
	}
	if tr.Value, err = t.value(r.Value); err != nil {
		return tr, &DeserializeError{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Part: "value", Record: r, Err: err}
	}
	return tr, nil
}

// Records is Consumer.Records with records deserialized: a record that
// fails to deserialize is yielded as a *DeserializeError, and iteration
// goes on with the next one.
func (t *Typed[K, V]) Records(ctx context.Context) iter.Seq2[TypedRecord[K, V], error] {
	return func(yield func(TypedRecord[K, V], error) bool) {
		for r, err := range t.c.Records(ctx) {
			if err != nil {
				if !yield(TypedRecord[K, V]{}, err) {
					return
				}
				continue
			}
			rec := r
			tr, err := t.decode(&rec)
			if err != nil {
				tr = TypedRecord[K, V]{}
			}
			if !yield(tr, err) {
				return
			}
		}
	}
}
