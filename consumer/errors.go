package consumer

import (
	"errors"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
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
