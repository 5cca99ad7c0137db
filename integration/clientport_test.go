package integration

import (
	"strings"
	"testing"
)

func TestClientPortValidated(t *testing.T) {
	for _, p := range []int{-1, 65536} {
		if _, err := (Options{ClientPort: p}).normalized(envOf(nil)); err == nil || !strings.Contains(err.Error(), "Options.ClientPort") {
			t.Errorf("ClientPort %d: %v, want an error naming Options.ClientPort", p, err)
		}
	}
	if _, err := (Options{ClientPort: 9092}).normalized(envOf(nil)); err != nil {
		t.Errorf("ClientPort 9092: %v", err)
	}
}
