// Package adminsuite tests the admin client and `kw`'s admin subcommands
// against a live broker that runs an ACL authorizer (the suite's principal,
// User:ANONYMOUS on PLAINTEXT, is a super user, so every other call is
// allowed). Lag is checked against Kafka's own kafka-consumer-groups tool.
//
//	cd integration && go test -race -count=1 -p 1 ./adminsuite/
package adminsuite

import (
	"context"
	"fmt"
	"testing"
	"time"

	kafkawire "github.com/kafkawire/kafkawire"
	"github.com/kafkawire/kafkawire/admin"
	"github.com/kafkawire/kafkawire/integration"
	"github.com/kafkawire/kafkawire/integration/suitekit"
	"github.com/kafkawire/kafkawire/producer"
)

func TestMain(m *testing.M) { suitekit.Run(m, suitekit.Kw.Cleanup) }

// suite makes the suite's unique topic and group names ("adm-...").
var suite = suitekit.Namer("adm")

// cluster is the suite's shared one-broker cluster, with the authorizer on.
func cluster(t testing.TB) *integration.TestCluster {
	t.Helper()
	return integration.Shared(t, integration.Options{Brokers: 1, BrokerProps: integration.AuthorizerProps("User:ANONYMOUS")})
}

func newAdmin(t testing.TB, tc *integration.TestCluster) *admin.Client {
	t.Helper()
	a, err := admin.New(admin.Config{Brokers: tc.Bootstrap(), RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newTopic creates a topic with a unique name.
func newTopic(t testing.TB, a *admin.Client, prefix string, partitions int32) string {
	t.Helper()
	name := suite.Uniq(prefix)
	if err := a.CreateTopics(testCtx(t), admin.TopicSpec{Name: name, Partitions: partitions, ReplicationFactor: 1}); err != nil {
		t.Fatalf("creating topic %s: %v", name, err)
	}
	return name
}

// produce writes n records to each of partitions of topic, with timestamps
// ts0, ts0+1, ...
func produce(t testing.TB, tc *integration.TestCluster, topic string, partitions []int32, n int, ts0 time.Time) {
	t.Helper()
	p, err := producer.New(producer.Config{Brokers: tc.Bootstrap(), Partitioner: producer.ManualPartitioner()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	ctx := testCtx(t)
	for _, part := range partitions {
		for i := range n {
			r := &kafkawire.Record{Topic: topic, Partition: part, Value: []byte(fmt.Sprint(i)), Timestamp: ts0.Add(time.Duration(i) * time.Millisecond)}
			if _, err := p.SendSync(ctx, r); err != nil {
				t.Fatalf("producing to %s/%d: %v", topic, part, err)
			}
		}
	}
}

// eventually polls ok every 100ms for up to 30s and reports whether it held:
// config and ACL changes reach brokers through the metadata log, a moment
// after the call that made them returned.
func eventually(ok func() bool) bool {
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if ok() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// waitEmpty waits for a group to have no members.
func waitEmpty(t *testing.T, a *admin.Client, group string) {
	t.Helper()
	var descs []admin.GroupDescription
	var err error
	if !eventually(func() bool {
		descs, err = a.DescribeGroups(testCtx(t), group)
		return err == nil && descs[0].State == "Empty"
	}) {
		t.Fatalf("group %s not Empty 30s after its member left: %+v, %v", group, descs, err)
	}
}
