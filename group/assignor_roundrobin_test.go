package group

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
)

func TestRoundRobinAssignorExamples(t *testing.T) {
	static := func(id, instance, topics string) Member {
		m := sub(id, topics)
		m.InstanceID = strPtr(instance)
		return m
	}
	for _, tc := range []struct {
		name       string
		members    []Member
		partitions map[string]int32
		want       map[string]string
	}{
		{
			name:       "kafka docs: two members, two topics of three",
			members:    []Member{sub("C1", "t0,t1"), sub("C0", "t0,t1")},
			partitions: map[string]int32{"t0": 3, "t1": 3},
			want:       map[string]string{"C0": "t0p0 t0p2 t1p1", "C1": "t0p1 t1p0 t1p2"},
		},
		{
			name:       "kafka docs: different subscriptions skip unsubscribed members",
			members:    []Member{sub("C0", "t0"), sub("C1", "t0,t1"), sub("C2", "t0,t1,t2")},
			partitions: map[string]int32{"t0": 1, "t1": 2, "t2": 3},
			want:       map[string]string{"C0": "t0p0", "C1": "t1p0", "C2": "t1p1 t2p0 t2p1 t2p2"},
		},
		{
			name:       "topics in name order, the circle carries on across topics",
			members:    []Member{sub("a", "y,x"), sub("b", "x,y"), sub("c", "x,y")},
			partitions: map[string]int32{"y": 2, "x": 2},
			want:       map[string]string{"a": "xp0 yp1", "b": "xp1", "c": "yp0"},
		},
		{
			name:       "members subscribed to nothing stay in the circle",
			members:    []Member{sub("a", "t"), sub("b", ""), sub("c", "t")},
			partitions: map[string]int32{"t": 3},
			want:       map[string]string{"a": "tp0 tp2", "b": "", "c": "tp1"},
		},
		{
			name: "static members first, by instance id",
			members: []Member{
				sub("m-0", "t"),
				static("m-1", "zeta", "t"),
				static("m-2", "alpha", "t"),
			},
			partitions: map[string]int32{"t": 4},
			want:       map[string]string{"m-2": "tp0 tp3", "m-1": "tp1", "m-0": "tp2"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := RoundRobinAssignor().Assign(tc.members, tc.partitions)
			require.NoError(t, err)
			requireValid(t, tc.members, tc.partitions, out)
			want := map[string][]kafkawire.TopicPartition{}
			for id, s := range tc.want {
				want[id] = tps(s)
			}
			assert.Equal(t, want, out)
		})
	}
}

// TestRoundRobinAssignorMatchesDealing compares, on random groups, the
// result with a direct simulation of dealing sorted partitions around the
// sorted circle of members.
func TestRoundRobinAssignorMatchesDealing(t *testing.T) {
	r := newTestRand(11)
	for range 200 {
		members, partitions := randomGroup(r, false)
		out, err := RoundRobinAssignor().Assign(members, partitions)
		require.NoError(t, err)
		requireValid(t, members, partitions, out)

		circle := make([]*Member, len(members))
		for i := range members {
			circle[i] = &members[i]
		}
		sortMembersJava(circle)
		var all []kafkawire.TopicPartition
		for topic, n := range partitions {
			for p := range n {
				all = append(all, kafkawire.TopicPartition{Topic: topic, Partition: p})
			}
		}
		sortTPs(all)
		want := emptyAssignment(members)
		pos := 0
		for _, tp := range all {
			if !slices.ContainsFunc(circle, func(m *Member) bool { return subscribes(m, tp.Topic) }) {
				continue
			}
			for {
				m := circle[pos%len(circle)]
				pos++
				if subscribes(m, tp.Topic) {
					want[m.ID] = append(want[m.ID], tp)
					break
				}
			}
		}
		sortAssignment(want)
		require.Equal(t, want, out)
	}
}
