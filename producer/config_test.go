package producer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kafkawire/kafkawire/compress"
)

func TestConfigDefaults(t *testing.T) {
	s, err := Config{Brokers: []string{"127.0.0.1:9092"}}.validate()
	require.NoError(t, err)
	require.True(t, s.idempotent, "idempotent by default")
	require.Equal(t, AcksAll, s.Acks)
	require.Equal(t, 5*time.Millisecond, s.Linger)
	require.Equal(t, 256<<10, s.BatchSize)
	require.Equal(t, compress.None, s.codec, "no compression by default, as in Java")
	require.Equal(t, 32<<20, s.MaxBufferedBytes)
	require.Equal(t, 120*time.Second, s.DeliveryTimeout)
	require.Equal(t, 5, s.MaxInFlight)
	require.NotNil(t, s.Partitioner)
}

// An unset BatchSize never exceeds a MaxRequestSize set lower; a set one is
// the caller's.
func TestConfigDefaultBatchSizeFitsMaxRequestSize(t *testing.T) {
	s, err := Config{Brokers: []string{"h:1"}, MaxRequestSize: 64 << 10}.validate()
	require.NoError(t, err)
	require.Equal(t, 64<<10, s.BatchSize)
	s, err = Config{Brokers: []string{"h:1"}, MaxRequestSize: 64 << 10, BatchSize: 100 << 10}.validate()
	require.NoError(t, err)
	require.Equal(t, 100<<10, s.BatchSize)
	s, err = Config{Brokers: []string{"h:1"}, Compression: CompressionLZ4}.validate()
	require.NoError(t, err)
	require.Equal(t, compress.LZ4, s.codec)
}

func TestConfigIdempotenceFollowsAcks(t *testing.T) {
	s, err := Config{Brokers: []string{"h:1"}, Acks: AcksLeader}.validate()
	require.NoError(t, err)
	require.False(t, s.idempotent, "Default idempotence turns off with acks=1, as in Java")
	s, err = Config{Brokers: []string{"h:1"}, Linger: NoLinger}.validate()
	require.NoError(t, err)
	require.Zero(t, s.Linger)
}

func TestConfigRejectsBadValuesNamingTheField(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"no brokers":            {Config{}, "Config.Brokers"},
		"acks out of range":     {Config{Brokers: []string{"h:1"}, Acks: 9}, "Config.Acks"},
		"idempotence with acks": {Config{Brokers: []string{"h:1"}, Acks: AcksLeader, Idempotence: Enabled}, "Config.Idempotence"},
		"negative linger":       {Config{Brokers: []string{"h:1"}, Linger: -2}, "Config.Linger"},
		"batch too big":         {Config{Brokers: []string{"h:1"}, BatchSize: 1 << 30}, "Config.BatchSize"},
		"inflight with idem":    {Config{Brokers: []string{"h:1"}, MaxInFlight: 6}, "Config.MaxInFlight"},
		"compression":           {Config{Brokers: []string{"h:1"}, Compression: 42}, "Config.Compression"},
		"compression level":     {Config{Brokers: []string{"h:1"}, Compression: CompressionGzip, CompressionLevel: 42}, "Config.CompressionLevel"},
		"delivery timeout":      {Config{Brokers: []string{"h:1"}, DeliveryTimeout: time.Second}, "Config.DeliveryTimeout"},
		"backoff order":         {Config{Brokers: []string{"h:1"}, RetryBackoff: time.Second, RetryBackoffMax: time.Millisecond}, "Config.RetryBackoffMax"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cfg.validate()
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestNewRejectsBadBrokerAddress(t *testing.T) {
	_, err := New(Config{Brokers: []string{"no-port"}})
	require.ErrorContains(t, err, "Bootstrap")
}
