package admin

import (
	"strings"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/properties"
)

func TestConfigFromProperties(t *testing.T) {
	c, err := ConfigFromProperties(properties.Properties{
		"bootstrap.servers": "a:9092", "client.id": "ops", "request.timeout.ms": "5000",
		"default.api.timeout.ms": "60000", "retry.backoff.ms": "100",
	})
	if err != nil || c.Brokers[0] != "a:9092" || c.ClientID != "ops" || c.RequestTimeout != 5*time.Second {
		t.Fatalf("%+v, %v", c, err)
	}
	for k, want := range map[string]string{"acks": "belongs to the producer, not the admin client", "group.id": "belongs to the consumer, not the admin client", "bootstrap.srvers": "did you mean"} {
		if _, err := ConfigFromProperties(properties.Properties{"bootstrap.servers": "a:9092", k: "1"}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", k, err, want)
		}
	}
}
