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

// IsolationLevel selects which transactional records a consumer reads, and
// so which end offset counts (admin's ListOffsetsIsolation and GroupLag take
// it too): consumer.IsolationLevel and admin.Isolation are this type.
type IsolationLevel int8

const (
	// ReadUncommitted (the default) reads every record, including those of
	// open and aborted transactions, up to the high watermark.
	ReadUncommitted IsolationLevel = iota
	// ReadCommitted reads only records of committed transactions (and
	// non-transactional ones), up to the last stable offset: before the
	// first open transaction.
	ReadCommitted
)
