package kip848suite

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/consumer"
)

// memberEnv set makes the test binary run memberMain instead of tests.
const memberEnv = "KW848_MEMBER"

// memberMain is a kafkawire group member in its own process, so that a
// test can SIGKILL it. It reads its settings from KW848_* variables and
// prints "assignment P,..." after every change, "revoked N" after a
// revocation and "rec P O" per record;
// on stdin EOF it Closes (commit, leave) and prints "closed".
func memberMain() int {
	var mu sync.Mutex
	var buf bytes.Buffer
	emit := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		_, _ = os.Stdout.WriteString(s)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := consumer.Config{
		Brokers:         strings.Split(os.Getenv("KW848_BROKERS"), ","),
		ClientID:        "kw848-member",
		GroupID:         os.Getenv("KW848_GROUP"),
		GroupProtocol:   consumer.GroupProtocol(os.Getenv("KW848_PROTOCOL")),
		AutoOffsetReset: consumer.ResetEarliest,
		MaxPollRecords:  100,
		Logger:          logger,
	}
	if cfg.GroupProtocol != consumer.GroupProtocolConsumer {
		cfg.SessionTimeout, cfg.HeartbeatInterval = sessionTimeout, heartbeatInterval
	}
	rate, _ := strconv.Atoi(os.Getenv("KW848_RATE"))
	var c *consumer.Consumer
	report := func(leaving []kafkawire.TopicPartition) {
		var ps []int
		for _, tp := range c.Assignment() {
			if !slices.Contains(leaving, tp) {
				ps = append(ps, int(tp.Partition))
			}
		}
		slices.Sort(ps)
		s := make([]string, len(ps))
		for i, p := range ps {
			s[i] = strconv.Itoa(p)
		}
		emit("assignment " + strings.Join(s, ",") + "\n")
	}
	cfg.OnAssigned = func(context.Context, []kafkawire.TopicPartition) { report(nil) }
	cfg.OnRevoked = func(_ context.Context, tps []kafkawire.TopicPartition) {
		report(tps)
		emit("revoked " + strconv.Itoa(len(tps)) + "\n")
	}
	cfg.OnLost = func(_ context.Context, tps []kafkawire.TopicPartition) { report(tps) }
	var err error
	if c, err = consumer.New(cfg); err != nil {
		logger.Error("member: config", "err", err)
		return 1
	}
	if err := c.Subscribe(os.Getenv("KW848_TOPIC")); err != nil {
		logger.Error("member: subscribe", "err", err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-sigs; cancel() }()
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); cancel() }()
	for ctx.Err() == nil {
		recs, err := c.Poll(ctx)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, consumer.ErrClosed) {
				break
			}
			logger.Warn("member: poll", "err", err)
			continue
		}
		buf.Reset()
		for _, r := range recs {
			buf.WriteString("rec " + strconv.Itoa(int(r.Partition)) + " " + strconv.FormatInt(r.Offset, 10) + "\n")
		}
		emit(buf.String())
		if rate > 0 {
			// Processing costs a fixed time per record (the measurements
			// are about who stops during a rebalance, not about CPU); time
			// spent waiting in Poll is not made up for.
			time.Sleep(time.Duration(len(recs)) * time.Second / time.Duration(rate))
		}
	}
	cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer ccancel()
	if err := c.Close(cctx); err != nil {
		logger.Warn("member: close", "err", err)
	}
	emit("closed\n")
	return 0
}
