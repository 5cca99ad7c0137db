# kafkawire: make demo (seed scenarios against a live broker), make test (everything).
SHELL := /bin/bash
GO ?= go
KAFKA_VERSION ?= 4.1.1
FUZZTIME ?= 20000x
export KAFKA_VERSION

HARNESS := cd integration && $(GO) run ./cmd/kafkaharness

.PHONY: all test test-deps test-unit test-integration lint fuzz demo kafka-up kafka-down kafka-fetch golden bench check-tools

all: test

check-tools:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is required: https://go.dev/dl (go not on PATH)"; exit 1; }
	@command -v java >/dev/null || { echo "Java 17+ is required for the live Kafka broker (java not on PATH)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required to fetch the Kafka broker jars (mvn not on PATH)"; exit 1; }

## test: everything: lint, unit + golden tests with -race, live-broker integration tests, a short fuzz pass.
test: check-tools test-deps lint test-unit test-integration fuzz

## test-deps: kcat (librdkafka's CLI, Debian package) for the interop tests; installed if missing.
## kafka-python (pinned, for integration/pythonsuite) in a virtualenv under the kafkawire cache dir.
test-deps:
	@./scripts/python-venv.sh >/dev/null
	@command -v kcat >/dev/null || { \
	  echo "== installing kcat (Debian package) for the librdkafka interop test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q kcat >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q kcat >/dev/null; } || \
	  { echo "kcat is required by the interop tests: install Debian's kcat package"; exit 1; }; }

## test-unit: no broker, seconds. Allocation bounds (bombs, hostile lengths) are asserted in the
## pass without -race, since the race detector makes sync.Pool drop what it holds.
test-unit:
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 ./compress ./protocol ./conn

lint:
	@out=$$(gofmt -l . ); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd integration && $(GO) vet ./...

## test-integration: starts real Apache Kafka brokers from Maven Central jars (or uses KAFKA_BROKERS):
## every suite against KAFKA_VERSION (default 4.1.1), then a compatibility pass against each of
## $(COMPAT_VERSIONS): the oldest release the harness supports, the last 3.x (transaction version 1
## only) and the newest.
COMPAT_VERSIONS ?= 3.7.2 3.9.1 4.4.0
NEWEST_KAFKA ?= 4.4.0
COMPAT_TESTS := TestPy|TestTopics|TestGroups|TestKwGroups|TestACLs|TestConsumeFormatMatchesKcat|TestClientsPerEndpoint|TestFailFast|TestApiVersionsSingleNode|TestCodecsKcat|TestSingleNode|TestManyRequestsOneConn|TestRestartSingleBroker|TestSyncProduceResult|TestAcks|TestCodecsInterop|TestPartitionAgreementWithJava|TestVolumeOrderJavaReader|TestOffsetReset|TestReadCommittedSkipsAborted|TestDirectSeekPauseResume|TestTxnVersionFeature|TestTxnJavaReadsOurCommitted|TestTxnWeReadJavaCommitted|TestZombieFencing|TestTransactionTimeout
## The Docker backend (testcontainers-go) is compiled in only where a Docker engine answers.
DOCKER_TAGS := $(shell docker info >/dev/null 2>&1 && echo -tags docker)
test-integration:
	cd integration && $(GO) test $(DOCKER_TAGS) -race -count=1 -p 1 -timeout 25m ./...
	@if [ -z "$$KAFKA_BROKERS" ]; then \
	  cd integration && for v in $(COMPAT_VERSIONS); do \
	    echo "== compatibility pass against Kafka $$v"; \
	    KAFKA_VERSION=$$v KAFKAWIRE_PRODUCER_VOLUME=200000 $(GO) test -race -count=1 -p 1 -timeout 15m -run '$(COMPAT_TESTS)' . ./connsuite ./producersuite ./consumersuite ./securitysuite ./txnsuite ./pythonsuite ./adminsuite ./clisuite || exit 1; \
	  done; \
	  echo "== the KIP-848 consumer group protocol against Kafka $(NEWEST_KAFKA) too"; \
	  KAFKA_VERSION=$(NEWEST_KAFKA) $(GO) test -race -count=1 -p 1 -timeout 15m ./kip848suite || exit 1; \
	fi

## fuzz: a short pass over every fuzz target (FUZZTIME each).
fuzz:
	@./scripts/fuzz-all.sh $(FUZZTIME)

## kafka-up / kafka-down: a local broker for humans, the demo and the benchmarks. SECURE=1 adds
## SSL, mTLS, SASL_PLAINTEXT and SASL_SSL listeners and prints what a client needs.
kafka-up:
	$(HARNESS) up $(if $(SECURE),-secure)

kafka-down:
	$(HARNESS) down

kafka-fetch:
	$(HARNESS) fetch

## golden: regenerate protocol/testdata from Apache Kafka's own serializers (needs Java + Maven).
golden:
	tools/goldengen/run.sh && KAFKA_CLIENTS_VERSION=4.4.0 tools/goldengen/run.sh && KAFKA_CLIENTS_VERSION=4.4.0 tools/goldengen/run.sh errors

## demo: the seed scenarios against KAFKA_BROKERS, or a local broker started for the run.
demo:
	@./scripts/demo.sh

## bench: side-by-side benchmarks with other clients (see bench/README.md).
bench:
	cd bench && $(GO) run ./cmd/runner
