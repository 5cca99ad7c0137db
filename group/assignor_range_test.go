package group

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kafkawire "github.com/kafkawire/kafkawire"
)

func TestRangeAssignorExamples(t *testing.T) {
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
			want:       map[string]string{"C0": "t0p0 t0p1 t1p0 t1p1", "C1": "t0p2 t1p2"},
		},
		{
			name:       "uneven: the first count%members get one more",
			members:    []Member{sub("c", "t"), sub("a", "t"), sub("b", "t")},
			partitions: map[string]int32{"t": 7},
			want:       map[string]string{"a": "tp0 tp1 tp2", "b": "tp3 tp4", "c": "tp5 tp6"},
		},
		{
			name:       "more members than partitions",
			members:    []Member{sub("a", "t"), sub("b", "t"), sub("c", "t")},
			partitions: map[string]int32{"t": 2},
			want:       map[string]string{"a": "tp0", "b": "tp1", "c": ""},
		},
		{
			name:       "each topic over its own subscribers",
			members:    []Member{sub("C0", "t0"), sub("C1", "t0,t1"), sub("C2", "t1,t2")},
			partitions: map[string]int32{"t0": 4, "t1": 3, "t2": 1},
			want:       map[string]string{"C0": "t0p0 t0p1", "C1": "t0p2 t0p3 t1p0 t1p1", "C2": "t1p2 t2p0"},
		},
		{
			name: "static members first, by instance id, then dynamic by member id",
			members: []Member{
				sub("m-0", "t"),
				static("m-1", "zeta", "t"),
				sub("m-00", "t"),
				static("m-2", "alpha", "t"),
			},
			partitions: map[string]int32{"t": 6},
			want:       map[string]string{"m-2": "tp0 tp1", "m-1": "tp2 tp3", "m-0": "tp4", "m-00": "tp5"},
		},
		{
			name: "member ids ordered by UTF-16 units, as Java",
			// "\uffff" > "\U00010000" in Java (0xFFFF > 0xD800), not in bytes.
			members:    []Member{sub("x\uffff", "t"), sub("x\U00010000", "t")},
			partitions: map[string]int32{"t": 2},
			want:       map[string]string{"x\U00010000": "tp0", "x\uffff": "tp1"},
		},
		{
			name:       "owned partitions and generations are ignored",
			members:    []Member{{ID: "b", Topics: []string{"t"}, Owned: tps("tp0 tp1"), Generation: 9}, sub("a", "t")},
			partitions: map[string]int32{"t": 2},
			want:       map[string]string{"a": "tp0", "b": "tp1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := RangeAssignor().Assign(tc.members, tc.partitions)
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

// TestRangeAssignorRangesAreContiguous: on random groups, each member's
// share of a topic is a contiguous range, the subscribers' ranges follow
// member order, and sizes differ by at most one.
func TestRangeAssignorRangesAreContiguous(t *testing.T) {
	r := newTestRand(7)
	for range 200 {
		members, partitions := randomGroup(r, false)
		out, err := RangeAssignor().Assign(members, partitions)
		require.NoError(t, err)
		requireValid(t, members, partitions, out)
		for topic, n := range partitions {
			var subs []*Member
			for i := range members {
				if subscribes(&members[i], topic) {
					subs = append(subs, &members[i])
				}
			}
			if len(subs) == 0 || n == 0 {
				continue
			}
			sortMembersJava(subs)
			next := int32(0)
			for i, m := range subs {
				var mine []int32
				for _, tp := range out[m.ID] {
					if tp.Topic == topic {
						mine = append(mine, tp.Partition)
					}
				}
				wantLen := int(n) / len(subs)
				if i < int(n)%len(subs) {
					wantLen++
				}
				require.Len(t, mine, wantLen)
				for _, p := range mine {
					require.Equal(t, next, p)
					next++
				}
			}
		}
	}
}
