package integration_test

import (
	"os"
	"testing"
	"time"

	"github.com/kafkawire/kafkawire/integration"
)

func TestMain(m *testing.M) {
	// The pid-file tests run this binary as a stand-in broker process.
	if os.Getenv("KAFKAWIRE_FAKE_BROKER") == "1" {
		time.Sleep(2 * time.Minute)
		os.Exit(0)
	}
	os.Exit(integration.Main(m))
}
