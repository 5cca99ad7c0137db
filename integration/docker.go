//go:build docker

package integration

import (
	"context"
	"fmt"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// One broker in an apache/kafka container. The container's advertised
// listener must name the host port Docker maps, known only once the
// container runs: it waits for a start script that a post-start hook writes
// with that port, then runs the image's own launcher (which turns KAFKA_*
// variables into server.properties).
const dockerStartScript = "/tmp/kafkawire-start.sh"

// dockerBuilt: this file (and testcontainers-go with it) is compiled only
// with -tags docker, so that the harness command and the tests need none of
// Docker's Go modules unless asked (see docker_off.go).
const dockerBuilt = true

type dockerCluster struct {
	ctr     testcontainers.Container
	image   string
	address string
}

func startDocker(ctx context.Context, opts Options) (*dockerCluster, error) {
	image := "apache/kafka:" + opts.Version
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute) // includes pulling the image
	defer cancel()
	ctr, err := testcontainers.Run(ctx, image,
		testcontainers.WithExposedPorts("9092/tcp"),
		testcontainers.WithEnv(map[string]string{
			"CLUSTER_ID":                                             newClusterID(),
			"KAFKA_NODE_ID":                                          "1",
			"KAFKA_PROCESS_ROLES":                                    "broker,controller",
			"KAFKA_LISTENERS":                                        "PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9094,CONTROLLER://0.0.0.0:9093",
			"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP":                   "PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
			"KAFKA_INTER_BROKER_LISTENER_NAME":                       "BROKER",
			"KAFKA_CONTROLLER_LISTENER_NAMES":                        "CONTROLLER",
			"KAFKA_CONTROLLER_QUORUM_VOTERS":                         "1@localhost:9093",
			"KAFKA_LOG_DIRS":                                         "/tmp/kraft-combined-logs",
			"KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR":                 "1",
			"KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS":                     "1",
			"KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR":         "1",
			"KAFKA_TRANSACTION_STATE_LOG_MIN_ISR":                    "1",
			"KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS":             "1",
			"KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
			"KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR":            "1",
			"KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS":                 "0",
		}),
		testcontainers.WithEntrypoint("sh"),
		testcontainers.WithCmd("-c", "while [ ! -f "+dockerStartScript+" ]; do sleep 0.1; done; exec sh "+dockerStartScript),
		testcontainers.WithLifecycleHooks(testcontainers.ContainerLifecycleHooks{
			PostStarts: []testcontainers.ContainerHook{func(ctx context.Context, c testcontainers.Container) error {
				if err := wait.ForMappedPort("9092/tcp").WaitUntilReady(ctx, c); err != nil {
					return err
				}
				endpoint, err := c.PortEndpoint(ctx, "9092/tcp", "")
				if err != nil {
					return err
				}
				script := fmt.Sprintf("export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://%s,BROKER://localhost:9094\nexec /etc/kafka/docker/run\n", endpoint)
				if err := c.CopyToContainer(ctx, []byte(script), dockerStartScript, 0o755); err != nil {
					return err
				}
				return wait.ForLog("Kafka Server started").WithStartupTimeout(startTimeout()).WaitUntilReady(ctx, c)
			}},
		}),
	)
	if err != nil {
		if ctr != nil {
			_ = ctr.Terminate(context.Background())
		}
		return nil, fmt.Errorf("starting %s in Docker: %v (set KAFKAWIRE_BACKEND=jars to run the broker from jars instead)", image, err)
	}
	endpoint, err := ctr.PortEndpoint(ctx, "9092/tcp", "")
	if err != nil {
		_ = ctr.Terminate(context.Background())
		return nil, err
	}
	if _, err := metadataBrokers(ctx, endpoint); err != nil {
		_ = ctr.Terminate(context.Background())
		return nil, fmt.Errorf("%s started but %s does not answer Metadata: %v", image, endpoint, err)
	}
	return &dockerCluster{ctr: ctr, image: image, address: endpoint}, nil
}

func (d *dockerCluster) backend() Backend    { return BackendDocker }
func (d *dockerCluster) bootstrap() []string { return []string{d.address} }
func (d *dockerCluster) ids() []int32        { return []int32{1} }

func (d *dockerCluster) addr(id int32) (string, bool) {
	if id == 1 {
		return d.address, true
	}
	return "", false
}

func (d *dockerCluster) describe() string {
	return fmt.Sprintf("Docker container %s (%s) at %s; see its log with docker logs", d.ctr.GetContainerID(), d.image, d.address)
}

func (d *dockerCluster) faultErr(op string, id int32) error {
	return fmt.Errorf("cannot %s broker %d in Docker: fault tests need a local-jar cluster; set Options.Faults (or KAFKAWIRE_BACKEND=jars)", op, id)
}

func (d *dockerCluster) stopBroker(id int32) error { return d.faultErr("stop", id) }
func (d *dockerCluster) killBroker(id int32) error { return d.faultErr("kill", id) }
func (d *dockerCluster) startBroker(_ context.Context, id int32) error {
	return d.faultErr("start", id)
}

func (d *dockerCluster) stopAll(bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return d.ctr.Terminate(ctx)
}
