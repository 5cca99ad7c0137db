package producer

import (
	"errors"
	"fmt"
	"time"

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
	tv2   bool // transactional: the coordinator speaks transaction version 2 (KIP-890)
}

// pidState paces InitProducerId attempts. Guarded by Producer.mu.
type pidState struct {
	running  bool      // an attempt is under way
	next     time.Time // no attempt before this (backoff after a failure)
	failures int       // failed attempts in a row
	err      error     // why the last attempt failed: the cause records expire with
	fresh    bool      // ask for a new id rather than a new epoch of ours
}

// startProducerID starts an InitProducerId attempt if one is needed and
// due, and returns how long until one is due (0: none needed, or one is
// running). Attempts run on a goroutine of their own so that the sender
// keeps expiring records while the broker refuses; nothing is sent while
// bumpNeeded holds (drain), which is what renumbering needs. Called with
// p.mu held, from drain.
func (p *Producer) startProducerID(now time.Time) time.Duration {
	st := &p.pidInit
	if !p.s.idempotent || !p.bumpNeeded || st.running || p.reqCtx.Err() != nil {
		return 0
	}
	if t := p.txn; t != nil && (t.load() == txnFatal || (p.pid.id >= 0 && !t.bumpOK)) {
		// A transactional producer bumps its epoch only between
		// transactions, once the one that needed it was aborted.
		return 0
	}
	if d := st.next.Sub(now); d > 0 {
		return d
	}
	st.running = true
	cur := p.pid
	if st.fresh {
		cur = producerID{id: -1, epoch: -1}
	}
	p.reqWG.Add(1)
	go p.initProducerID(cur)
	return 0
}

// initProducerID makes one InitProducerId attempt: a producer id, or a new
// epoch for the current one (KIP-360, InitProducerId v3+).
func (p *Producer) initProducerID(cur producerID) {
	defer p.reqWG.Done()
	got, err := p.requestProducerID(cur)
	defer p.runCompletions()
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.nudgeLocked()
	st := &p.pidInit
	st.running = false
	if err != nil {
		st.err = oneLine(err)
		st.failures++
		st.next = time.Now().Add(p.retryDelay(err, st.failures-1))
		if t := p.txn; t != nil {
			t.broadcastLocked()
			if isFatalTxn(err) {
				p.txnFatalLocked(fatalTxn("init", err))
				return
			}
		}
		st.fresh = st.fresh || errors.Is(err, kafkawire.ErrInvalidProducerEpoch) || errors.Is(err, kafkawire.ErrProducerFenced)
		if st.failures == 1 {
			p.s.Logger.Warn("producer: could not get a producer id; retrying", "err", err)
		}
		return
	}
	p.setPIDLocked(got) // every partition numbers from 0 in the new generation
	p.s.Logger.Debug("producer: producer id", "id", got.id, "epoch", got.epoch)
}

func (p *Producer) requestProducerID(cur producerID) (producerID, error) {
	if p.txn != nil {
		return p.requestTxnProducerID(cur)
	}
	ctx, cancel := conn.WithRequestTimeout(p.reqCtx, p.s.RequestTimeout)
	defer cancel()
	cn, err := p.cluster.Any(ctx)
	if err != nil {
		return producerID{}, fmt.Errorf("producer: InitProducerId: %w", err)
	}
	v, ok := cn.Version(protocol.KeyInitProducerID)
	if !ok {
		return producerID{}, &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyInitProducerID}
	}
	req := protocol.InitProducerIDRequest{TransactionTimeoutMs: -1, ProducerID: -1, ProducerEpoch: -1}
	if v >= 3 && cur.id >= 0 {
		req.ProducerID, req.ProducerEpoch = cur.id, cur.epoch
	}
	var resp protocol.InitProducerIDResponse
	if err := cn.RoundTripVersion(ctx, &req, &resp, v); err != nil {
		return producerID{}, fmt.Errorf("producer: InitProducerId: %w", err)
	}
	if err := kafkawire.ErrorForCode(resp.ErrorCode); err != nil {
		return producerID{}, fmt.Errorf("producer: InitProducerId from %s: %w", cn.Addr(), err)
	}
	return producerID{id: resp.ProducerID, epoch: resp.ProducerEpoch}, nil
}
