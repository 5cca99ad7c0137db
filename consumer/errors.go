package consumer

import (
	"errors"
	"fmt"
	"strings"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

var (
	// ErrClosed: the consumer was closed.
	ErrClosed = errors.New("consumer: closed")
	// ErrNoGroup: a commit or Subscribe without Config.GroupID.
	ErrNoGroup = errors.New("consumer: no Config.GroupID")
)

// OffsetResetError reports a partition with no valid position while
// AutoOffsetReset is ResetNone: no committed offset, or the offset fell
// out of the log. Seek the partition to go on.
type OffsetResetError struct {
	Partition kafkawire.TopicPartition
	Offset    int64 // the out-of-range offset, or -1 when none was committed
}

func (e *OffsetResetError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("consumer: %s/%d has no committed offset and AutoOffsetReset is ResetNone", e.Partition.Topic, e.Partition.Partition)
	}
	return fmt.Sprintf("consumer: offset %d of %s/%d is out of range and AutoOffsetReset is ResetNone", e.Offset, e.Partition.Topic, e.Partition.Partition)
}

// FetchError is a failure to fetch one partition at Offset: its broker
// could not be reached or answered bytes that do not decode, the answer
// carried an error code for it or left it out, or its records cannot be
// read (a corrupt batch, or one cut off where no fetch can complete it).
// errors.Is and errors.As reach the cause.
type FetchError struct {
	Partition kafkawire.TopicPartition
	Offset    int64
	Broker    string // the broker's address, when known
	Err       error
}

func (e *FetchError) Error() string {
	msg := conn.OneLine(e.Err)
	from := ""
	if e.Broker != "" && !strings.Contains(msg, e.Broker) {
		from = " from " + e.Broker
	}
	return fmt.Sprintf("consumer: fetch %s/%d at offset %d%s: %s", e.Partition.Topic, e.Partition.Partition, e.Offset, from, msg)
}

func (e *FetchError) Unwrap() error { return e.Err }

// errNotAnswered: a Fetch answer left out a partition it was asked for.
var errNotAnswered = errors.New("the broker's answer left this partition out")
