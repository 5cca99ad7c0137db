package producer

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/internal/fakebroker"
	"github.com/kafkawire/kafkawire/sasl"
)

// The SASL field reaches every connection; refused credentials fail the
// send at once with the typed error, and are not retried.
func TestSASLReachesConnectionsAndFailsFast(t *testing.T) {
	fc := fakebroker.NewCluster(t, 1)
	fc.AddTopic("t", 1)
	fc.RequirePlain("alice", "alice-secret", 0)

	cfg := fastConfig(fc)
	cfg.SASL = sasl.Plain{User: "alice", Password: "alice-secret"}
	p := newTestProducer(t, cfg)
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	_, err := p.SendSync(ctx, rec("t", 0))
	require.NoError(t, err)
	require.Equal(t, int64(1), fc.Records("t", 0))

	cfg.SASL = sasl.Plain{User: "alice", Password: "wrong-secret"}
	bad := newTestProducer(t, cfg)
	start := time.Now()
	_, err = bad.SendSync(ctx, rec("t", 0))
	require.Less(t, time.Since(start), time.Second)
	var se *sasl.Error
	require.True(t, errors.As(err, &se), "got %v", err)
	require.ErrorIs(t, err, kafkawire.ErrSaslAuthenticationFailed)
	require.NotContains(t, err.Error(), "secret")
	requireOneLine(t, err)
}
