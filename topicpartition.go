package kafkawire

import "strings"

// CompareTopicPartitions orders partitions by topic, then partition number
// (for slices.SortFunc).
func CompareTopicPartitions(a, b TopicPartition) int {
	if c := strings.Compare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return int(a.Partition) - int(b.Partition)
}
