package producer

import (
	"context"
	"errors"
	"fmt"

	"github.com/kafkawire/kafkawire/conn"
	"github.com/kafkawire/kafkawire/protocol"
)

// produceJob is one Produce request for a broker's writer: the batches,
// sealed in this order by the sender, and the settle chain (prev is closed
// once the broker's previous request is settled, mine once this one is).
type produceJob struct {
	batches    []*batch
	prev, mine chan struct{}
}

// dispatch hands one Produce request with one batch per partition to
// broker's writer. The sender only queues: resolving the connection (a
// dial, a metadata refresh for a broker not known yet) happens on the
// writer, so a broker that hangs holds up its own partitions and no
// other's. Each broker has one writer, which takes its requests in the
// order the sender sealed them, so they reach the broker in that order
// (per-partition order depends on it). Called on the sender goroutine.
func (p *Producer) dispatch(broker int32, batches []*batch) {
	w := p.writers[broker]
	if w == nil {
		// drain counts a broker's unsettled requests (brokerBusy) and stops
		// at MaxInFlight, so this buffer never fills: the sender never
		// blocks on a writer.
		w = make(chan produceJob, p.s.MaxInFlight)
		p.writers[broker] = w
		p.reqWG.Add(1)
		go p.runWriter(broker, w)
	}
	prev, mine := p.settled[broker], make(chan struct{})
	p.settled[broker] = mine
	w <- produceJob{batches: batches, prev: prev, mine: mine}
}

// stopWriters ends every writer once it has written (or failed) what is
// queued for it. Called by the sender as it exits.
func (p *Producer) stopWriters() {
	for broker, w := range p.writers {
		close(w)
		delete(p.writers, broker)
	}
}

// runWriter writes broker's Produce requests one after another and leaves
// the wait for each answer to a goroutine of its own (one per request,
// never per record), so requests pipeline on the connection.
func (p *Producer) runWriter(broker int32, jobs <-chan produceJob) {
	defer p.reqWG.Done()
	for j := range jobs {
		for _, b := range j.batches {
			finishWire(b)
		}
		// A request timeout, not a plain deadline: when it fires the
		// connection is closed (the next request redials) and the error
		// is conn.ErrRequestTimeout, which is retriable.
		ctx, cancel := conn.WithRequestTimeout(p.reqCtx, p.s.RequestTimeout)
		var pending *conn.Pending
		err := p.reqCtx.Err() // closing: write nothing more
		if err == nil {
			pending, err = p.start(ctx, broker, j.batches)
		}
		p.reqWG.Add(1)
		go p.await(ctx, cancel, broker, j, pending, err)
	}
}

// await waits for a request's answer and settles it, after the broker's
// previous request: answers arrive in request order on the connection,
// but the goroutines awaiting them may take p.mu in any order, and a
// partition's batches (and their callbacks) must complete in send order.
func (p *Producer) await(ctx context.Context, cancel context.CancelFunc, broker int32, j produceJob, pending *conn.Pending, err error) {
	defer p.reqWG.Done()
	defer close(j.mine)
	defer cancel()
	var resp *protocol.ProduceResponse
	if err == nil && pending != nil { // nil pending: AcksNone, written is all we learn
		resp = &protocol.ProduceResponse{}
		if err = pending.Wait(ctx, resp); err != nil && p.reqCtx.Err() == nil {
			err = transient(err) // timed out, connection lost, or garbled
		}
	}
	if j.prev != nil {
		<-j.prev
	}
	p.settleRequest(broker, j.batches, resp, err)
}

// start builds the request and writes it on the broker's produce
// connection; with AcksNone that is all (nil Pending).
func (p *Producer) start(ctx context.Context, broker int32, batches []*batch) (*conn.Pending, error) {
	cn, err := p.cluster.Broker(ctx, broker, conn.PurposeProduce)
	if err != nil {
		var authErr *conn.AuthError
		if p.reqCtx.Err() != nil || errors.As(err, &authErr) {
			return nil, err // closing, or refused credentials: final
		}
		// No connection yet (the broker refuses, hangs, or metadata does
		// not list it): retriable until DeliveryTimeout.
		return nil, transient(fmt.Errorf("producer: connecting to broker %d: %w", broker, oneLine(err)))
	}
	version, ok := cn.Version(protocol.KeyProduce)
	if !ok {
		return nil, &conn.UnsupportedError{Broker: cn.Addr(), APIKey: protocol.KeyProduce}
	}
	req := p.buildRequest(batches)
	if len(req.TopicData) == 0 {
		return nil, nil // every batch failed finishWire: settleRequest fails them
	}
	if p.s.Acks == AcksNone {
		return nil, cn.Send(ctx, req)
	}
	pending, err := cn.Start(ctx, req, version)
	if err != nil && p.reqCtx.Err() == nil {
		err = transient(err)
	}
	return pending, err
}
