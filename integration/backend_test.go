package integration

import (
	"strings"
	"testing"
)

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestChooseBackend(t *testing.T) {
	one, three, faults := Options{Brokers: 1}, Options{Brokers: 3}, Options{Brokers: 1, Faults: true}
	proxied := Options{Brokers: 1, ProxyPorts: []int{40000}}
	cases := []struct {
		name    string
		env     map[string]string
		opts    Options
		docker  bool
		want    Backend
		wantErr string
		asked   bool // whether dockerAvailable may be called
	}{
		{"named cluster wins over docker", map[string]string{"KAFKA_BROKERS": "h:9092"}, one, true, BackendExternal, "", false},
		{"named cluster wins over a forced backend", map[string]string{"KAFKA_BROKERS": "h:9092", "KAFKAWIRE_BACKEND": "jars"}, one, true, BackendExternal, "", false},
		{"named cluster for three brokers", map[string]string{"KAFKA_BROKERS": "h:9092"}, three, false, BackendExternal, "", false},
		{"docker when it answers", nil, one, true, BackendDocker, "", true},
		{"jars without docker", nil, one, false, BackendJars, "", true},
		{"three brokers never docker", nil, three, true, BackendJars, "", false},
		{"fault tests never docker", nil, faults, true, BackendJars, "", false},
		{"proxied listeners never docker", nil, proxied, true, BackendJars, "", false},
		{"forced docker for proxied listeners", map[string]string{"KAFKAWIRE_BACKEND": "docker"}, proxied, true, "", "Options.ProxyPorts", false},
		{"forced jars", map[string]string{"KAFKAWIRE_BACKEND": "jars"}, one, true, BackendJars, "", false},
		{"forced docker", map[string]string{"KAFKAWIRE_BACKEND": "Docker"}, one, true, BackendDocker, "", true},
		{"forced docker without engine", map[string]string{"KAFKAWIRE_BACKEND": "docker"}, one, false, "", "no Docker engine answers", true},
		{"forced docker for three", map[string]string{"KAFKAWIRE_BACKEND": "docker"}, three, true, "", "needs 3 brokers", false},
		{"forced docker for faults", map[string]string{"KAFKAWIRE_BACKEND": "docker"}, faults, true, "", "fault injection", false},
		{"unknown backend", map[string]string{"KAFKAWIRE_BACKEND": "podman"}, one, true, "", "KAFKAWIRE_BACKEND=podman is not a backend", false},
		{"blank named cluster ignored", map[string]string{"KAFKA_BROKERS": "  "}, one, false, BackendJars, "", true},
	}
	for _, c := range cases {
		if !dockerBuilt { // see docker_off.go
			switch {
			case c.want == BackendDocker && c.env == nil:
				c.want, c.asked = BackendJars, false
			case c.want == BackendDocker || c.wantErr == "no Docker engine answers":
				c.want, c.wantErr, c.asked = "", "built only with -tags docker", false
			}
		}
		t.Run(c.name, func(t *testing.T) {
			asked := false
			got, err := chooseBackend(envOf(c.env), c.opts, func() bool { asked = true; return c.docker })
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, c.wantErr)
				}
			} else if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
			if asked && !c.asked {
				t.Errorf("dockerAvailable was called but its answer did not matter")
			}
		})
	}
}

func TestOptionsNormalized(t *testing.T) {
	o, err := Options{}.normalized(envOf(nil))
	if err != nil || o.Brokers != 1 || o.Version != DefaultVersion {
		t.Fatalf("defaults: %+v, %v", o, err)
	}
	o, err = Options{Brokers: 3}.normalized(envOf(map[string]string{"KAFKA_VERSION": "3.9.1"}))
	if err != nil || o.Brokers != 3 || o.Version != "3.9.1" {
		t.Fatalf("from env: %+v, %v", o, err)
	}
	if _, err := (Options{Brokers: 2}).normalized(envOf(nil)); err == nil || !strings.Contains(err.Error(), "1 or 3") {
		t.Fatalf("2 brokers: %v", err)
	}
	if _, err := (Options{Brokers: 3, ProxyPorts: []int{1}}).normalized(envOf(nil)); err == nil || !strings.Contains(err.Error(), "one per broker") {
		t.Fatalf("1 proxy port for 3 brokers: %v", err)
	}
	a, b := Options{ProxyPorts: []int{1}}, Options{ProxyPorts: []int{2}}
	if a.key() == b.key() || a.key() == (Options{}).key() {
		t.Fatalf("proxy ports not in the shared-cluster key: %q %q", a.key(), b.key())
	}
}

func TestCheckVersion(t *testing.T) {
	for v, want := range map[string]string{
		"4.1.1":  "",
		"3.9.1":  "",
		"4.0.0":  "",
		"latest": "KAFKA_VERSION=latest is not a Kafka release number; use e.g. 4.1.1 or 3.9.1",
		"3.8.0":  "",
		"3.7.2":  "",
		"3.6.2":  "KAFKA_VERSION=3.6.2 is older than the harness supports (3.7.0); use e.g. 4.1.1 or 3.9.1",
		"4.1":    "KAFKA_VERSION=4.1 is not a Kafka release number; use e.g. 4.1.1 or 3.9.1",
	} {
		err := checkVersion(v)
		if (err == nil) != (want == "") || (err != nil && err.Error() != want) {
			t.Errorf("checkVersion(%q) = %v, want %q", v, err, want)
		}
	}
}
