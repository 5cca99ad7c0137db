package kafkawire

// Toggle is an option that is on or off by default unless set explicitly.
// The producer and consumer configs use it (producer.Toggle and
// consumer.Toggle are this type), so one set of constants serves both.
type Toggle int8

const (
	Default  Toggle = iota // the option's documented default
	Enabled                // on, whatever the default
	Disabled               // off, whatever the default
)

// Offset is a committed position of a consumer group in one partition: the
// next record to read, with the leader epoch of the record before it (for
// log-truncation detection, KIP-320) and free-form metadata kept with the
// commit. Consumer commits and producer.SendOffsetsToTransaction take it.
type Offset struct {
	Offset      int64
	LeaderEpoch int32  // -1 when unknown
	Metadata    string // free text kept with the commit
}
