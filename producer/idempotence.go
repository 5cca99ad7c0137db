package producer

import (
	"context"
	"errors"
	"fmt"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// producerID is the idempotent producer's identity. gen counts the ids and
// epochs we have had: partitions number their batches per gen.
type producerID struct {
	id    int64
	epoch int16
	gen   int
}

func (p *Producer) needsProducerID() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.s.idempotent && p.bumpNeeded
}

// initProducerID gets a producer id, or a new epoch for the current one
// (KIP-360, InitProducerId v3+), retrying until it succeeds or the producer
// closes. It runs on the sender goroutine: nothing is sent meanwhile, which
// is what renumbering needs.
func (p *Producer) initProducerID() {
	p.mu.Lock()
	cur := p.pid
	p.mu.Unlock()
	var got producerID
	err := conn.Retry(p.reqCtx, p.cluster.Backoff(), func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, p.s.RequestTimeout)
		defer cancel()
		cn, err := p.cluster.Any(ctx)
		if err != nil {
			return err
		}
		v, ok := cn.Version(protocol.KeyInitProducerId)
		if !ok {
			return &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyInitProducerId}
		}
		req := protocol.InitProducerIdRequest{TransactionTimeoutMs: -1, ProducerId: -1, ProducerEpoch: -1}
		if v >= 3 && cur.id >= 0 {
			req.ProducerId, req.ProducerEpoch = cur.id, cur.epoch
		}
		var resp protocol.InitProducerIdResponse
		if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
			return err
		}

		if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
			if errors.Is(err, kafkawire.ErrInvalidProducerEpoch) || errors.Is(err, kafkawire.ErrProducerFenced) {
				cur = producerID{id: -1, epoch: -1} // start over with a fresh id
			}
			return fmt.Errorf("producer: InitProducerId: %w", err)
		}
		got = producerID{id: resp.ProducerId, epoch: resp.ProducerEpoch}
		return nil
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.s.Logger.Warn("producer: could not get a producer id", "err", err)
		p.mu.Unlock()
		conn.Sleep(p.reqCtx, p.s.RetryBackoffMax) // then the sender tries again; batches wait
		p.mu.Lock()
		return
	}
	got.gen = p.pid.gen + 1
	p.pid = got
	p.bumpNeeded = false
	p.s.Logger.Debug("producer: producer id", "id", got.id, "epoch", got.epoch)
}
