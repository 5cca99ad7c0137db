// Command replay measures the broker's limit on this machine: it encodes
// every Produce request of a run before the clock starts (kafkawire's
// protocol.BatchBuilder, ProduceRequest and AppendRequest), then writes them
// on one connection, pipelined, as fast as the broker acknowledges, and
// prints one JSON result line like the worker's. No client does less work
// per record than this, so a client's throughput over replay's is the share
// of the broker's ceiling it reaches.
//
// The records are the worker's (random 16-byte keys, values of random
// uppercase letters), spread over partitions by the Java client's murmur2 key
// hash, in batches closed at -batch bytes; each request carries one batch of
// each partition that has one left, as a producer that drains every ready
// partition would send. With -acks all -idempotence it first asks for a
// producer id and numbers the batches, so the broker does the same
// sequence checks as for an idempotent client.
//
// It assumes a single broker that leads every partition of the topic (the
// benchmark's setup) and fails on any partition error.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/kafkawire/kafkawire/bench/internal/payload"
	"github.com/kafkawire/kafkawire/bench/internal/result"
	"github.com/kafkawire/kafkawire/compress"
	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/protocol"
)

type options struct {
	broker      string
	topic       string
	partitions  int
	records     int
	size        int
	keySize     int
	acks        string
	idempotence bool
	compression string
	batch       int
	inflight    int
	version     int
}

func main() {
	var o options
	brokers := flag.String("brokers", os.Getenv("KAFKA_BROKERS"), "bootstrap host:port list; the first is used")
	flag.StringVar(&o.topic, "topic", "", "topic (must exist)")
	flag.IntVar(&o.partitions, "partitions", 1, "the topic's partition count")
	flag.IntVar(&o.records, "records", 100000, "records to produce")
	flag.IntVar(&o.size, "size", 100, "value size in bytes")
	flag.IntVar(&o.keySize, "key-size", 16, "key size in bytes")
	flag.StringVar(&o.acks, "acks", "all", "all or 1")
	flag.BoolVar(&o.idempotence, "idempotence", true, "number batches as an idempotent producer (acks=all only)")
	flag.StringVar(&o.compression, "compression", "none", "none, lz4 or zstd")
	flag.IntVar(&o.batch, "batch", 16384, "batch size in bytes")
	flag.IntVar(&o.inflight, "inflight", 16, "requests written ahead of their responses")
	flag.IntVar(&o.version, "version", 11, "Produce request version (3-12: topics by name)")
	flag.Parse()
	o.broker = strings.Split(*brokers, ",")[0]

	res := result.Result{Client: "replay", Mode: "produce"}
	if err := run(&o, &res); err != nil {
		res.Error = err.Error()
	}
	line, _ := json.Marshal(res)
	fmt.Println(string(line))
	if res.Error != "" {
		fmt.Fprintln(os.Stderr, "replay:", res.Error)
		os.Exit(1)
	}
}

func run(o *options, res *result.Result) error {
	if o.topic == "" || o.broker == "" {
		return errors.New("-topic and -brokers (or KAFKA_BROKERS) are required")
	}
	var codec compress.Codec
	switch o.compression {
	case "none":
		codec = compress.None
	case "lz4":
		codec = compress.LZ4
	case "zstd":
		codec = compress.Zstd
	default:
		return fmt.Errorf("unknown -compression %q", o.compression)
	}
	acks := int16(1)
	if o.acks == "all" || o.acks == "-1" {
		acks = -1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", o.broker)
	if err != nil {
		return err
	}
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(5 * time.Minute))
	c := &wire{nc: nc, r: bufio.NewReaderSize(nc, 64<<10)}

	pid, epoch := int64(-1), int16(-1)
	if acks == -1 && o.idempotence {
		var resp protocol.InitProducerIDResponse
		if err := c.roundTrip(&protocol.InitProducerIDRequest{TransactionTimeoutMs: -1, ProducerID: -1, ProducerEpoch: -1}, &resp, 4); err != nil {
			return fmt.Errorf("InitProducerId: %w", err)
		}
		if resp.ErrorCode != 0 {
			return fmt.Errorf("InitProducerId: error code %d", resp.ErrorCode)
		}
		pid, epoch = resp.ProducerID, resp.ProducerEpoch
	}

	reqs, err := encode(o, codec, acks, pid, epoch)
	if err != nil {
		return err
	}

	// The clock starts with the first write and stops at the last answer.
	start := time.Now()
	slots := make(chan struct{}, o.inflight)
	werr := make(chan error, 1)
	go func() {
		for _, r := range reqs {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				werr <- ctx.Err()
				return
			}
			if _, err := nc.Write(r); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	}()
	var resp protocol.ProduceResponse
	for i := range reqs {
		body, err := c.readFrame()
		if err != nil {
			return fmt.Errorf("response %d: %w", i, err)
		}
		if err := decodeBody(body, protocol.KeyProduce, int16(o.version), &resp); err != nil {
			return err
		}
		for _, t := range resp.Responses {
			for _, p := range t.PartitionResponses {
				if p.ErrorCode != 0 {
					msg := ""
					if p.ErrorMessage != nil {
						msg = *p.ErrorMessage
					}
					return fmt.Errorf("partition %d: error code %d %s", p.Index, p.ErrorCode, msg)
				}
			}
		}
		<-slots
	}
	res.Seconds = time.Since(start).Seconds()
	if err := <-werr; err != nil {
		return err
	}
	res.Records = int64(o.records)
	res.Bytes = res.Records * int64(o.keySize+o.size)
	res.RPS = float64(res.Records) / res.Seconds
	res.MBps = float64(res.Bytes) / res.Seconds / 1e6
	res.Note = fmt.Sprintf("%d requests, %d in flight", len(reqs), o.inflight)
	return nil
}

// encode builds every request of the run, framed and ready to write.
func encode(o *options, codec compress.Codec, acks int16, pid int64, epoch int16) ([][]byte, error) {
	ring := payload.NewRing(min(o.records, payload.RingSize), o.keySize, o.size)
	mask := len(ring.Keys) - 1
	// Records per partition, in order, by the Java client's key hash.
	byPart := make([][]int, o.partitions)
	for i := range o.records {
		p := producer.KeyPartition(ring.Keys[i&mask], int32(o.partitions))
		byPart[p] = append(byPart[p], i&mask)
	}
	now := time.Now().UnixMilli()
	batches := make([][][]byte, o.partitions)
	for p, idx := range byPart {
		var b protocol.BatchBuilder
		seq := int32(0)
		open := false
		finish := func() error {
			opts := protocol.BatchOptions{PartitionLeaderEpoch: -1, ProducerID: pid, ProducerEpoch: epoch, BaseSequence: -1, Codec: codec}
			if pid >= 0 {
				opts.BaseSequence = seq
			}
			seq += int32(b.Count())
			out, err := b.Finish(opts)
			if err != nil {
				return err
			}
			batches[p] = append(batches[p], out)
			open = false
			return nil
		}
		for _, i := range idx {
			k, v := ring.Keys[i], ring.Values[i]
			if open && b.Size()+protocol.RecordSize(0, int32(b.Count()), k, v, nil)+5 > o.batch {
				if err := finish(); err != nil {
					return nil, err
				}
			}
			if !open {
				b.Reset(make([]byte, 0, o.batch+protocol.BatchHeaderSize), now)
				open = true
			}
			b.Append(now, k, v, nil)
		}
		if open {
			if err := finish(); err != nil {
				return nil, err
			}
		}
	}
	clientID := "bench-replay"
	var reqs [][]byte
	for corr := int32(0); ; corr++ {
		req := protocol.ProduceRequest{Acks: acks, TimeoutMs: 30000, TopicData: []protocol.ProduceRequestTopic{{Name: o.topic}}}
		for p := range batches {
			if len(batches[p]) == 0 {
				continue
			}
			req.TopicData[0].PartitionData = append(req.TopicData[0].PartitionData,
				protocol.ProduceRequestPartition{Index: int32(p), Records: batches[p][0]})
			batches[p] = batches[p][1:]
		}
		if len(req.TopicData[0].PartitionData) == 0 {
			return reqs, nil
		}
		h := protocol.RequestHeader{APIKey: protocol.KeyProduce, APIVersion: int16(o.version), CorrelationID: corr, ClientID: &clientID}
		reqs = append(reqs, protocol.AppendRequest(nil, &h, &req))
	}
}

// wire is a bare connection: frames out, frames in.
type wire struct {
	nc   net.Conn
	r    *bufio.Reader
	size [4]byte
	buf  []byte
}

func (c *wire) readFrame() ([]byte, error) {
	if _, err := io.ReadFull(c.r, c.size[:]); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint32(c.size[:]))
	if cap(c.buf) < n {
		c.buf = make([]byte, n)
	}
	c.buf = c.buf[:n]
	_, err := io.ReadFull(c.r, c.buf)
	return c.buf, err
}

func (c *wire) roundTrip(req, resp protocol.Message, version int16) error {
	clientID := "bench-replay"
	h := protocol.RequestHeader{APIKey: req.APIKey(), APIVersion: version, CorrelationID: -1, ClientID: &clientID}
	if _, err := c.nc.Write(protocol.AppendRequest(nil, &h, req)); err != nil {
		return err
	}
	body, err := c.readFrame()
	if err != nil {
		return err
	}
	return decodeBody(body, req.APIKey(), version, resp)
}

// decodeBody decodes a response frame: the header, then the body.
func decodeBody(frame []byte, key, version int16, resp protocol.Message) error {
	api, ok := protocol.LookupAPI(key)
	if !ok {
		return fmt.Errorf("unknown API %d", key)
	}
	r := protocol.NewReader(frame)
	var h protocol.ResponseHeader
	h.Decode(r, api.ResponseHeaderVersion(version))
	if err := r.Err(); err != nil {
		return err
	}
	return protocol.Decode(resp, frame[r.Offset():], version)
}
