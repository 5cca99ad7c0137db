package consumer

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/protocol"
	"github.com/stretchr/testify/require"
)

func TestConfigGroupProtocol(t *testing.T) {
	s, err := Config{Brokers: []string{"h:1"}, GroupID: "g"}.validate()
	require.NoError(t, err)
	require.Equal(t, GroupProtocolAuto, s.GroupProtocol, "auto by default")
	_, err = Config{Brokers: []string{"h:1"}, GroupID: "g", GroupProtocol: GroupProtocolConsumer, GroupRemoteAssignor: "range"}.validate()
	require.NoError(t, err)
	_, err = Config{Brokers: []string{"h:1"}, GroupID: "g", GroupProtocol: GroupProtocolAuto, Assignors: []string{"range"}, HeartbeatInterval: time.Second}.validate()
	require.NoError(t, err, "under auto the classic settings apply if it falls back")
	s, err = Config{Brokers: []string{"h:1"}, GroupID: "g", SessionTimeout: time.Minute}.validate()
	require.NoError(t, err)
	require.Equal(t, []string{"Config.SessionTimeout"}, s.classicOnly, "named for the member's warning if auto chooses consumer")
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"bad protocol":               {Config{GroupProtocol: "kip848"}, "Config.GroupProtocol"},
		"assignors with consumer":    {Config{GroupProtocol: GroupProtocolConsumer, Assignors: []string{"range"}}, "Config.Assignors"},
		"heartbeat with consumer":    {Config{GroupProtocol: GroupProtocolConsumer, HeartbeatInterval: time.Second}, "Config.HeartbeatInterval"},
		"session with consumer":      {Config{GroupProtocol: GroupProtocolConsumer, SessionTimeout: time.Minute}, "Config.SessionTimeout"},
		"remote assignor on classic": {Config{GroupProtocol: GroupProtocolClassic, GroupRemoteAssignor: "uniform"}, "Config.GroupRemoteAssignor"},
	} {
		t.Run(name, func(t *testing.T) {
			tc.cfg.Brokers = []string{"h:1"}
			_, err := tc.cfg.validate()
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestSubscribeRegexNeedsConsumerProtocol(t *testing.T) {
	c := mustNew(t, Config{Brokers: []string{"127.0.0.1:1"}, GroupID: "g"})
	defer closeConsumer(t, c)
	require.ErrorContains(t, c.SubscribeRegex("t.*"), "Config.GroupProtocol")
	require.ErrorContains(t, c.SubscribeRegex(""), "pattern")
}

// Two consumers under the consumer protocol split a topic, a member that
// joins late takes partitions whose records were read once, and Close
// commits: every record is read exactly once.
func TestConsumerProtocolExactlyOnceAcrossJoin(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 4)
	for p := range int32(4) {
		fill(t, fc, "t", p, 100)
	}
	fc.OfferOffsetCommitV10()
	cfg := Config{Brokers: fc.Addrs(), GroupID: "g", GroupProtocol: GroupProtocolConsumer, AutoOffsetReset: ResetEarliest,
		MaxPollRecords: 10, AutoCommitInterval: 50 * time.Millisecond, RebalanceTimeout: 10 * time.Second}
	c1 := mustNew(t, cfg)
	defer closeConsumer(t, c1)
	require.NoError(t, c1.Subscribe("t"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	seen := map[string]int{}
	poll := func(c *Consumer) int {
		pctx, pcancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer pcancel()
		recs, err := c.Poll(pctx)
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatal(err)
		}
		for _, r := range recs {
			seen[fmt.Sprintf("%d@%d", r.Partition, r.Offset)]++
		}
		return len(recs)
	}
	for len(seen) < 100 {
		poll(c1)
	}
	c2 := mustNew(t, cfg)
	defer closeConsumer(t, c2)
	require.NoError(t, c2.Subscribe("t"))
	got2 := 0
	for len(seen) < 400 {
		poll(c1)
		got2 += poll(c2)
		require.NoError(t, ctx.Err(), "read %d of 400", len(seen))
	}
	for k, n := range seen {
		require.Equal(t, 1, n, "record %s read %d times", k, n)
	}
	require.Positive(t, got2, "the member that joined read nothing")
	require.Len(t, c2.Assignment(), 2)
	for _, c := range []*Consumer{c1, c2} {
		cctx, ccancel := context.WithTimeout(context.Background(), 5*time.Second)
		require.NoError(t, c.Close(cctx))
		ccancel()
	}
	for p := range int32(4) {
		require.Equal(t, int64(100), fc.Committed("g", "t", p), "partition %d", p)
	}
	require.Equal(t, int16(10), fc.LastOffsetCommitVersion(), "commits name topics by id when offered")
	require.Empty(t, fc.ConsumerGroup("g"), "both members left")
}

// A fatal heartbeat error reaches Poll, typed, and stays.
func TestConsumerProtocolFatalErrorReachesPoll(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("t", 1)
	fc.Handle(protocol.KeyConsumerGroupHeartbeat, func(r *fakebroker.Request) fakebroker.Action {
		return fakebroker.ErrorReply(r, kafkawire.ErrGroupMaxSizeReached.Code)
	})
	c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", GroupProtocol: GroupProtocolConsumer})
	defer closeConsumer(t, c)
	require.NoError(t, c.Subscribe("t"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Poll(ctx)
	require.ErrorIs(t, err, kafkawire.ErrGroupMaxSizeReached)
	checkGroupError(t, err, "ConsumerGroupHeartbeat")
	_, err = c.Poll(ctx)
	require.ErrorIs(t, err, kafkawire.ErrGroupMaxSizeReached, "a fatal group error stays")
}

func TestConsumerProtocolRegex(t *testing.T) {
	checkGoroutines(t)
	fc := fakebroker.NewCluster(t, 1)
	fc.EnableConsumerProtocol()
	fc.AddTopic("r-1", 1)
	fill(t, fc, "r-1", 0, 5)
	c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g", GroupProtocol: GroupProtocolConsumer, AutoOffsetReset: ResetEarliest})
	defer closeConsumer(t, c)
	require.NoError(t, c.SubscribeRegex("r-.*"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	topics := map[string]int{}
	added := false
	for topics["r-1"] < 5 || topics["r-2"] < 5 {
		pctx, pcancel := context.WithTimeout(ctx, 50*time.Millisecond)
		recs, err := c.Poll(pctx)
		pcancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatal(err)
		}
		require.NoError(t, ctx.Err(), "read %v", topics)
		for _, r := range recs {
			topics[r.Topic]++
		}
		if topics["r-1"] == 5 && !added {
			fc.AddTopic("r-2", 1)
			fill(t, fc, "r-2", 0, 5)
			added = true
		}
	}
}

// The default protocol is auto: the consumer protocol where the broker
// offers it, classic where it does not (the fake offers it only when a
// test enables it, so every classic-path test here runs auto's fallback).
func TestDefaultProtocolFollowsBroker(t *testing.T) {
	for _, offered := range []bool{true, false} {
		t.Run(fmt.Sprint("offered=", offered), func(t *testing.T) {
			checkGoroutines(t)
			fc := fakebroker.NewCluster(t, 1)
			if offered {
				fc.EnableConsumerProtocol()
			}
			fc.AddTopic("t", 2)
			c := mustNew(t, Config{Brokers: fc.Addrs(), GroupID: "g"})
			defer closeConsumer(t, c)
			require.NoError(t, c.Subscribe("t"))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			for len(c.Assignment()) < 2 {
				pctx, pcancel := context.WithTimeout(ctx, 50*time.Millisecond)
				_, err := c.Poll(pctx)
				pcancel()
				if err != nil && !errors.Is(err, context.DeadlineExceeded) {
					t.Fatal(err)
				}
				require.NoError(t, ctx.Err(), "no assignment of both partitions")
			}
			require.Equal(t, offered, len(fc.ConsumerGroup("g")) == 1, "a KIP-848 member exactly when the broker offers the protocol")
			require.Equal(t, offered, c.GroupMetadata().Generation.KIP848, "the generation is a member epoch exactly then")
		})
	}
}
