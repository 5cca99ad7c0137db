package consumer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestConfigDefaults(t *testing.T) {
	s, err := Config{Brokers: []string{"h:1"}, GroupID: "g"}.validate()
	require.NoError(t, err)
	require.True(t, s.autoCommit, "auto commit on by default with a group, as in the seed")
	require.Equal(t, ResetLatest, s.AutoOffsetReset)
	require.Equal(t, 5*time.Second, s.AutoCommitInterval)
	require.Equal(t, 500, s.MaxPollRecords)
	require.Len(t, s.assignors, 2)
	require.Equal(t, "range", s.assignors[0].Name())
	s, err = Config{Brokers: []string{"h:1"}}.validate()
	require.NoError(t, err)
	require.False(t, s.autoCommit, "no group, no commits")
}

func TestConfigRejectsBadValuesNamingTheField(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"no brokers":        {Config{}, "Config.Brokers"},
		"reset":             {Config{Brokers: []string{"h:1"}, AutoOffsetReset: 7}, "Config.AutoOffsetReset"},
		"isolation":         {Config{Brokers: []string{"h:1"}, Isolation: 7}, "Config.Isolation"},
		"autocommit no grp": {Config{Brokers: []string{"h:1"}, AutoCommit: Enabled}, "Config.AutoCommit"},
		"heartbeat":         {Config{Brokers: []string{"h:1"}, HeartbeatInterval: time.Minute}, "Config.HeartbeatInterval"},
		"idle":              {Config{Brokers: []string{"h:1"}, IdleTimeout: -1}, "Config.IdleTimeout"},
		"fetch max bytes":   {Config{Brokers: []string{"h:1"}, FetchMaxBytes: 10}, "Config.FetchMaxBytes"},
		"assignor":          {Config{Brokers: []string{"h:1"}, Assignors: []string{"sticky-ish"}}, "Config.Assignors"},
		"max poll records":  {Config{Brokers: []string{"h:1"}, MaxPollRecords: -1}, "Config.MaxPollRecords"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cfg.validate()
			require.ErrorContains(t, err, tc.want)
		})
	}
}
