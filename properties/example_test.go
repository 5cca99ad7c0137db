package properties_test

import (
	"fmt"
	"strings"

	"github.com/kafkawire/kafkawire/producer"
	"github.com/kafkawire/kafkawire/properties"
)

// A Java producer.properties file configures a kafkawire producer; keys
// kafkawire does not know are errors naming the key.
func Example() {
	p, err := properties.Parse(strings.NewReader(`
bootstrap.servers=kafka-1:9092,kafka-2:9092
acks=all
linger.ms=20
compression.type=zstd
key.serializer=org.apache.kafka.common.serialization.StringSerializer
`))
	if err != nil {
		panic(err)
	}
	cfg, err := producer.ConfigFromProperties(p)
	fmt.Println(cfg.Brokers, cfg.Acks, cfg.Linger, err)

	_, err = producer.ConfigFromProperties(properties.Properties{"bootstrap.servers": "k:9092", "lingr.ms": "5"})
	fmt.Println(err)
	_, err = producer.ConfigFromProperties(properties.Properties{"bootstrap.servers": "k:9092", "group.id": "g"})
	fmt.Println(err)
	// Output:
	// [kafka-1:9092 kafka-2:9092] all 20ms <nil>
	// properties: lingr.ms: unknown key (did you mean "linger.ms"?)
	// properties: group.id: belongs to the consumer, not the producer
}
