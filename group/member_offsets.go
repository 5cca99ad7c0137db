package group

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
)

// staleRetries bounds how often one call is sent again after
// STALE_MEMBER_EPOCH.
const staleRetries = 3

// staleWait bounds how long one call waits in all for the member to learn
// a newer epoch, which its next heartbeat brings (the coordinator's default
// heartbeat interval is 5 s); the caller's ctx may end it sooner. A
// variable so that tests can shorten it.
var staleWait = 15 * time.Second

// CommitMemberOffsets commits offsets as member m (nil: a consumer outside
// group management) and retries a commit refused with STALE_MEMBER_EPOCH
// once m has a newer epoch (see asMember). Other errors are those of
// CommitOffsets: a lost generation (classic ILLEGAL_GENERATION,
// UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS; KIP-848 UNKNOWN_MEMBER_ID,
// FENCED_MEMBER_EPOCH) fails the commit with that Kafka error, since the
// partitions may already belong to another member.
func CommitMemberOffsets(ctx context.Context, cl *conn.Cluster, groupID string, m Participant, offsets map[kafkawire.TopicPartition]Offset) error {
	return asMember(ctx, cl, m, func(gen Generation) error {
		return CommitOffsets(ctx, cl, groupID, gen, offsets)
	})
}

// FetchMemberOffsets returns the committed offsets of partitions as member
// m (nil: as FetchOffsets) reads them: a KIP-848 member's request carries
// its member id and epoch (OffsetFetch v9+) and names topics by id at v10
// when the broker offers it and metadata knows every id. STALE_MEMBER_EPOCH
// is retried as in CommitMemberOffsets.
func FetchMemberOffsets(ctx context.Context, cl *conn.Cluster, groupID string, m Participant, partitions []kafkawire.TopicPartition) (map[kafkawire.TopicPartition]Offset, error) {
	var out map[kafkawire.TopicPartition]Offset
	err := asMember(ctx, cl, m, func(gen Generation) error {
		var err error
		out, err = fetchOffsets(ctx, cl, groupID, gen, partitions)
		return err
	})
	return out, err
}

// halter is a member that can tell it stopped heartbeating (memberBase).
type halter interface{ halted() bool }

// asMember runs op with m's current generation. STALE_MEMBER_EPOCH means
// the coordinator has moved the member to a newer epoch that its heartbeat
// answer has not brought yet: wait, backing off, until m knows a newer
// epoch and run op again with it, a bounded number of times, within ctx.
// A member that left the group meanwhile (epoch -1) gets the stale error:
// its partitions are being taken away, so committing for them is wrong.
func asMember(ctx context.Context, cl *conn.Cluster, m Participant, op func(Generation) error) error {
	if m == nil {
		return op(NoGeneration)
	}
	gen := m.Generation()
	deadline := time.Now().Add(staleWait)
	for retries := 0; ; retries++ {
		err := op(gen)
		if !errors.Is(err, kafkawire.ErrStaleMemberEpoch) || retries == staleRetries {
			return err
		}
		next := gen
		for attempt := 0; next.ID <= gen.ID; attempt++ {
			left := time.Until(deadline)
			if h, ok := m.(halter); left <= 0 || ok && h.halted() {
				return err // no newer epoch will come (a commit in Leave's revocation)
			}
			if serr := conn.Sleep(ctx, min(cl.Backoff().Delay(attempt), left)); serr != nil {
				return fmt.Errorf("%w (while waiting for a newer member epoch: %w)", err, serr)
			}
			if next = m.Generation(); next.ID < 0 {
				return err
			}
		}
		gen = next
	}
}
