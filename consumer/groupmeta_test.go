package consumer_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
	"github.com/kafkawire/kafkawire/group"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/producer"
)

// GroupMetadata carries the member's generation into a transactional
// offset commit: the current one commits with the transaction, a stale one
// is refused (ILLEGAL_GENERATION, abortable). An Assign-only consumer
// reports NoGeneration.
func TestGroupMetadataInTransaction(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("in", 1)
	fc.AddTopic("out", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	seed, err := producer.New(producer.Config{Brokers: fc.Addrs()})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := seed.SendSync(ctx, &kafkawire.Record{Topic: "in", Value: fmt.Appendf(nil, "v%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	seed.Close(ctx)

	direct, err := consumer.New(consumer.Config{Brokers: fc.Addrs(), GroupID: "g"})
	if err != nil {
		t.Fatal(err)
	}
	if gm := direct.GroupMetadata(); gm.GroupID != "g" || gm.Generation.ID != group.NoGeneration.ID || gm.Generation.MemberID != "" {
		t.Fatalf("Assign-only consumer: %+v", gm)
	}
	direct.Close(ctx)

	c, err := consumer.New(consumer.Config{Brokers: fc.Addrs(), GroupID: "g", AutoCommit: consumer.Disabled, AutoOffsetReset: consumer.ResetEarliest})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if err := c.Subscribe("in"); err != nil {
		t.Fatal(err)
	}
	var recs []kafkawire.Record
	for len(recs) < 5 {
		got, err := c.Poll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, got...)
	}
	gm := c.GroupMetadata()
	if gm.GroupID != "g" || gm.Generation.ID < 1 || gm.Generation.MemberID == "" {
		t.Fatalf("subscribed consumer: %+v", gm)
	}
	p, err := producer.New(producer.Config{Brokers: fc.Addrs(), TransactionalID: "eos"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)

	stale := gm
	stale.Generation.ID--
	if err := p.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	err = p.SendOffsetsToTransaction(ctx, consumer.ProcessedOffsets(recs), stale)
	var te *producer.TxnError
	if !errors.Is(err, kafkawire.ErrIllegalGeneration) || !errors.As(err, &te) || !te.Abortable {
		t.Fatalf("stale generation: %v", err)
	}
	if err := p.AbortTransaction(ctx); err != nil {
		t.Fatal(err)
	}

	if err := p.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := p.SendFunc(ctx, &kafkawire.Record{Topic: "out", Value: r.Value}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.SendOffsetsToTransaction(ctx, consumer.ProcessedOffsets(recs), c.GroupMetadata()); err != nil {
		t.Fatal(err)
	}
	if got := fc.Committed("g", "in", 0); got != -1 {
		t.Fatalf("offset %d visible before the commit", got)
	}
	if err := p.CommitTransaction(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fc.Committed("g", "in", 0); got != 5 {
		t.Fatalf("committed offset %d, want 5", got)
	}
	st, _ := fc.Txn("eos")
	if st.CommittedRecords["out/0"] != 5 || st.Commits != 1 || st.Aborts != 1 {
		t.Fatalf("coordinator: %+v", st)
	}
}
