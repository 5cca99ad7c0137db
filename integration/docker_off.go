//go:build !docker

package integration

import (
	"context"
	"errors"
)

// Without -tags docker the harness has no Docker backend: it never picks
// one, and `go run ./cmd/kafkaharness` (make demo, make kafka-up) builds
// without downloading testcontainers-go and the Docker client modules.
const dockerBuilt = false

func startDocker(context.Context, Options) (impl, error) {
	return nil, errors.New("this build has no Docker backend: build with -tags docker")
}
