package fakebroker

import (
	"encoding/binary"
	"errors"
	"net"
	"time"

	"github.com/kafkawire/kafkawire/protocol"
)

// Action is how the broker answers one request; build one with Reply,
// Silence, ErrorReply and the others.
type Action struct {
	kind  actionKind
	resp  protocol.Message
	raw   []byte
	delay time.Duration
}

type actionKind int8

const (
	actReply actionKind = iota
	actSilence
	actWrongCorr
	actCut
	actClose
	actGarbage
)

var errHangUp = errors.New("fakebroker: hang up")

// Reply answers with resp, encoded at the request's version.
func Reply(resp protocol.Message) Action { return Action{kind: actReply, resp: resp} }

// Silence never answers; the connection stays open.
func Silence() Action { return Action{kind: actSilence} }

// WrongCorrelation answers with resp under a correlation id the client
// never used.
func WrongCorrelation(resp protocol.Message) Action { return Action{kind: actWrongCorr, resp: resp} }

// CutFrame writes the size field and half of resp's frame, then closes.
func CutFrame(resp protocol.Message) Action { return Action{kind: actCut, resp: resp} }

// CloseConn closes the connection without answering.
func CloseConn() Action { return Action{kind: actClose} }

// Undecodable answers with a well-framed response (right size, right
// correlation id) whose body is bytes no decoder accepts.
func Undecodable() Action {
	return Action{kind: actGarbage, raw: []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
}

// Garbage writes raw as the whole answer, size field included: bytes that
// are not a Kafka frame at all.
func Garbage(raw []byte) Action { return Action{kind: actClose, raw: raw} }

// Delay runs a after d. A delayed answer does not hold up the requests
// behind it on the connection.
func Delay(d time.Duration, a Action) Action {
	a.delay = d
	return a
}

func (a Action) run(nc net.Conn, r *Request) error {
	api, _ := protocol.LookupAPI(r.Key)
	frame := func(corr int32, body []byte) []byte {
		out := make([]byte, 4, 64+len(body))
		out = (&protocol.ResponseHeader{CorrelationID: corr}).AppendTo(out, api.ResponseHeaderVersion(r.Version))
		out = append(out, body...)
		binary.BigEndian.PutUint32(out, uint32(len(out)-4))
		return out
	}
	switch a.kind {
	case actSilence:
		return nil
	case actClose:
		if len(a.raw) > 0 {
			nc.Write(a.raw)
		}
		return errHangUp
	case actGarbage:
		_, err := nc.Write(frame(r.Corr, a.raw))
		return err
	case actWrongCorr:
		_, err := nc.Write(frame(r.Corr+1_000_000, a.resp.AppendTo(nil, r.Version)))
		return err
	case actCut:
		f := frame(r.Corr, a.resp.AppendTo(nil, r.Version))
		nc.Write(f[:4+(len(f)-4)/2])
		return errHangUp
	}
	_, err := nc.Write(frame(r.Corr, a.resp.AppendTo(nil, r.Version)))
	return err
}
