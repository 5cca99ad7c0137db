package producer

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/stretchr/testify/require"
)

func rec(topic string, part int32) *kafkawire.Record {
	return &kafkawire.Record{Topic: topic, Partition: part, Value: []byte("v")}
}

// requireOneLine checks the error rules: one line, no doubled prefix.
func requireOneLine(t *testing.T, err error) {
	t.Helper()
	require.NotContains(t, err.Error(), "\n")
	require.NotContains(t, err.Error(), "kafkawire: kafkawire:")
}

// Defect 1: a Produce request that hits RequestTimeout is retried until
// DeliveryTimeout, and the records land once.
func TestRequestTimeoutIsRetriable(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyProduce, firstN(2, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Silence() }))
	cfg := fastConfig(fc)
	cfg.RequestTimeout = 300 * time.Millisecond
	cfg.DeliveryTimeout = 10 * time.Second
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(8 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0))
	require.NoError(t, err)
	require.Equal(t, int64(1), fc.Records("t", 0))
	require.GreaterOrEqual(t, fc.Requests(protocol.KeyProduce), 3)
}

// Defect 6: after a Produce request timeout the connection is replaced and
// delivery resumes on the new one.
func TestRequestTimeoutReplacesConnection(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	cfg := fastConfig(fc)
	cfg.RequestTimeout = 300 * time.Millisecond
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(8 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0)) // connections up
	require.NoError(t, err)
	b := fc.Brokers[0]
	accepted := b.Accepted()
	fc.Handle(protocol.KeyProduce, firstN(1, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Silence() }))
	_, err = p.SendSync(ctx, rec("t", 0))
	require.NoError(t, err)
	require.Greater(t, b.Accepted(), accepted, "the timed-out connection was replaced")
	require.Equal(t, int64(2), fc.Records("t", 0))
}

// Defect 2: records expire on time while InitProducerId keeps failing, and
// say why.
func TestDeliveryTimeoutWhileInitProducerIDFails(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyInitProducerID, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrCoordinatorNotAvailable.Code)
	})
	cfg := fastConfig(fc)
	cfg.DeliveryTimeout = time.Second
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	start := time.Now()
	_, err := p.SendSync(ctx, rec("t", 0))
	el := time.Since(start)
	t.Logf("after %v: %v", el.Round(time.Millisecond), err)
	require.ErrorIs(t, err, ErrDeliveryTimeout)
	require.ErrorIs(t, err, kafkawire.ErrCoordinatorNotAvailable)
	require.Contains(t, err.Error(), "InitProducerId")
	requireOneLine(t, err)
	require.Less(t, el, 1300*time.Millisecond, "expired on time")
	require.Zero(t, fc.Records("t", 0))
}

// Defect 3: a callback may call Send while the buffer is full of the
// batch whose callback it is.
func TestCallbackSendWithFullBuffer(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	cfg := fastConfig(fc)
	cfg.MaxBufferedBytes = 1024
	cfg.MaxBlock = 2 * time.Second
	p := newTestProducer(t, cfg)
	big := &kafkawire.Record{Topic: "t", Value: make([]byte, 700)}
	type out struct {
		err error
		el  time.Duration
	}
	inner := make(chan out, 1)
	second := make(chan error, 1)
	err := p.SendFunc(context.Background(), big, func(_ Result, err error) {
		require.NoError(t, err)
		start := time.Now()
		err = p.SendFunc(context.Background(), big, func(_ Result, err error) { second <- err })
		inner <- out{err, time.Since(start)}
	})
	require.NoError(t, err)
	o := <-inner
	require.NoError(t, o.err)
	require.Less(t, o.el, 500*time.Millisecond, "Send from a callback found room at once")
	require.NoError(t, <-second)
	require.Equal(t, int64(2), fc.Records("t", 0))
}

// Defect 4a: the delivery timeout wraps the last broker error.
func TestDeliveryTimeoutWrapsLastError(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyProduce, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrCorruptMessage.Code)
	})
	cfg := fastConfig(fc)
	cfg.DeliveryTimeout = time.Second
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0))
	t.Log(err)
	require.ErrorIs(t, err, ErrDeliveryTimeout)
	require.ErrorIs(t, err, kafkawire.ErrCorruptMessage)
	requireOneLine(t, err)
}

// Defect 4b: expiry fires at the delivery deadline, not when the sender
// happens to wake (here, at the end of a long retry backoff).
func TestDeliveryTimeoutExpiresOnTime(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyProduce, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrCorruptMessage.Code)
	})
	cfg := fastConfig(fc)
	cfg.RetryBackoff, cfg.RetryBackoffMax = 2*time.Second, 8*time.Second
	cfg.DeliveryTimeout = 2500 * time.Millisecond
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(10 * time.Second)
	defer cancel()
	start := time.Now()
	_, err := p.SendSync(ctx, rec("t", 0))
	el := time.Since(start)
	t.Logf("after %v: %v", el.Round(time.Millisecond), err)
	require.ErrorIs(t, err, ErrDeliveryTimeout)
	require.Less(t, el, cfg.DeliveryTimeout+200*time.Millisecond)
	require.Greater(t, el, cfg.DeliveryTimeout-100*time.Millisecond)
}

// Defect 5: a broker whose dial hangs holds up only its own partitions.
func TestHungBrokerDoesNotBlockOthers(t *testing.T) {
	fc := fakebroker.NewCluster(t, 2)
	fc.AddTopic("t", 2) // partition 0 on broker 0, partition 1 on broker 1
	fc.Brokers[1].Handle(protocol.KeyApiVersions, func(*fakebroker.Request) fakebroker.Action { return fakebroker.Silence() })
	cfg := fastConfig(fc)
	cfg.RequestTimeout = 5 * time.Second
	cfg.DeliveryTimeout = 10 * time.Second
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(8 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0)) // metadata, producer id
	require.NoError(t, err)
	hung := p.Send(ctx, rec("t", 1))
	time.Sleep(50 * time.Millisecond) // the sender is on broker 1's dial
	start := time.Now()
	for i := 0; i < 5; i++ {
		_, err := p.SendSync(ctx, rec("t", 0))
		require.NoError(t, err)
	}
	require.Less(t, time.Since(start), time.Second, "broker 0's partitions were delayed by broker 1")
	select {
	case <-hung.Done():
		t.Fatalf("the record for the hung broker completed: %v", hung.err)
	default:
	}
	require.Equal(t, int64(6), fc.Records("t", 0))
}

// Defect 7: an unreachable bootstrap is reported, with its cause, within
// the caller's deadline; and within MaxBlock without one.
func TestSendSyncUnreachableBootstrap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	check := func(t *testing.T, err error, el, limit time.Duration) {
		t.Helper()
		t.Logf("after %v: %v", el.Round(time.Millisecond), err)
		require.Error(t, err)
		require.NotErrorIs(t, err, ErrMaybeWritten)
		var be *conn.BrokerError
		require.ErrorAs(t, err, &be, err.Error())
		require.Equal(t, addr, be.Addr)
		require.Contains(t, err.Error(), "connection refused")
		require.Contains(t, err.Error(), addr)
		requireOneLine(t, err)
		require.Less(t, el, limit)
	}
	t.Run("caller deadline", func(t *testing.T) {
		p := newTestProducer(t, Config{Brokers: []string{addr}})
		ctx, cancel := contextWithTimeout(2 * time.Second)
		defer cancel()
		start := time.Now()
		_, err := p.SendSync(ctx, rec("t", -1))
		check(t, err, time.Since(start), 2300*time.Millisecond)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("MaxBlock", func(t *testing.T) {
		p := newTestProducer(t, Config{Brokers: []string{addr}, MaxBlock: time.Second})
		start := time.Now()
		_, err := p.SendSync(context.Background(), rec("t", -1))
		check(t, err, time.Since(start), 1300*time.Millisecond)
		require.Contains(t, err.Error(), "MaxBlock")
	})
}

// Defect 8: partitions that went idle are forgotten, and one that comes
// back continues its sequence numbers.
func TestIdlePartitionsAreDropped(t *testing.T) {
	defer func(d time.Duration) { partitionIdle = d }(partitionIdle)
	partitionIdle = 100 * time.Millisecond
	fc := fakebroker.NewCluster(t, 2)
	const topics, parts = 10, 3
	for i := 0; i < topics; i++ {
		fc.AddTopic(topicName(i), parts)
	}
	var lastSeq atomic.Int32
	lastSeq.Store(-2)
	fc.Handle(protocol.KeyProduce, func(r *fakebroker.Request) fakebroker.Action {
		req := r.Body.(*protocol.ProduceRequest)
		for _, td := range req.TopicData {
			for _, pd := range td.PartitionData {
				if td.Name == topicName(0) && pd.Index == 0 {
					lastSeq.Store(int32(be32(pd.Records[53:])))
				}
			}
		}
		return r.Default()
	})
	p := newTestProducer(t, fastConfig(fc))
	ctx, cancel := contextWithTimeout(8 * time.Second)
	defer cancel()
	for i := 0; i < topics; i++ {
		for j := int32(0); j < parts; j++ {
			require.NoError(t, p.SendFunc(ctx, rec(topicName(i), j), nil))
		}
	}
	require.NoError(t, p.Flush(ctx))
	require.Equal(t, int32(0), lastSeq.Load())
	require.Eventually(t, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return len(p.parts) == 0
	}, 2*time.Second, 10*time.Millisecond, "idle partitions were never dropped")
	// Their topics left the metadata the cluster keeps refreshing.
	m, err := p.cluster.Refresh(ctx)
	require.NoError(t, err)
	require.Empty(t, m.Topics, "idle topics are still refreshed")
	_, err = p.SendSync(ctx, rec(topicName(0), 0))
	require.NoError(t, err)
	require.Equal(t, int32(1), lastSeq.Load(), "the partition's sequence carried on after it was dropped")
	require.Equal(t, int64(2), fc.Records(topicName(0), 0))
}

func topicName(i int) string { return "topic-" + string(rune('a'+i)) }

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// Defect 9: a leader that metadata names but does not list is retried
// (metadata refreshed with backoff) until DeliveryTimeout, and named.
func TestLeaderNotInMetadataIsRetried(t *testing.T) {
	t.Run("expires", func(t *testing.T) {
		fc := fakebroker.NewCluster(t, 1)
		fc.AddTopic("t", 1)
		cfg := fastConfig(fc)
		cfg.DeliveryTimeout = time.Second
		p := newTestProducer(t, cfg)
		ctx, cancel := contextWithTimeout(5 * time.Second)
		defer cancel()
		_, err := p.SendSync(ctx, rec("t", 0))
		require.NoError(t, err)
		fc.SetLeader("t", 0, 7)
		// The producer learns of the move from a refresh.
		p.cluster.Refresh(ctx)
		metaBefore := fc.Requests(protocol.KeyMetadata)
		start := time.Now()
		_, err = p.SendSync(ctx, rec("t", 0))
		el := time.Since(start)
		t.Logf("after %v, %d metadata requests: %v", el.Round(time.Millisecond), fc.Requests(protocol.KeyMetadata)-metaBefore, err)
		require.ErrorIs(t, err, ErrDeliveryTimeout)
		require.Contains(t, err.Error(), "leader 7")
		requireOneLine(t, err)
		require.Greater(t, el, 900*time.Millisecond)
		require.Less(t, el, 1300*time.Millisecond)
		require.Less(t, fc.Requests(protocol.KeyMetadata)-metaBefore, 12, "metadata refreshes back off")
	})
	t.Run("recovers", func(t *testing.T) {
		fc := fakebroker.NewCluster(t, 1)
		fc.AddTopic("t", 1)
		fc.SetLeader("t", 0, 7)
		p := newTestProducer(t, fastConfig(fc))
		ctx, cancel := contextWithTimeout(5 * time.Second)
		defer cancel()
		time.AfterFunc(300*time.Millisecond, func() { fc.SetLeader("t", 0, 0) })
		_, err := p.SendSync(ctx, rec("t", 0))
		require.NoError(t, err)
		require.Equal(t, int64(1), fc.Records("t", 0))
	})
}
