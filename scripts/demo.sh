#!/usr/bin/env bash
# make demo: runs the seed scenarios (examples/) against KAFKA_BROKERS, or
# against a local broker started for the run and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

started=""
if [ -z "${KAFKA_BROKERS:-}" ]; then
  echo "== No KAFKA_BROKERS named: starting a local Kafka ${KAFKA_VERSION:-4.1.1} broker (jars from Maven Central, cached)"
  line=$(cd integration && go run ./cmd/kafkaharness up | grep '^KAFKA_BROKERS=')
  export KAFKA_BROKERS="${line#KAFKA_BROKERS=}"
  started=1
  trap '(cd integration && go run ./cmd/kafkaharness down >/dev/null) || true' EXIT
fi
echo "== Brokers: $KAFKA_BROKERS"

topic="seed-demo-$(date +%s)"
run() { echo; echo "== $*"; go run "./examples/$1" -brokers "$KAFKA_BROKERS" -topic "$topic" "${@:2}"; }

run sync_produce                                  # scenario 1: synchronous send, print topic/partition/offset
run async_produce                                 # scenarios 2-6: 100 JSON records, linger 3 s, flush
run consume_auto_commit -group "$topic-auto"      # scenarios 7-10: group, auto commit, earliest, idle timeout
run consume_manual_commit -group "$topic-manual"  # scenario 11: batches of >10, async commit (at least once)
echo
echo "== demo done${started:+ (stopping the local broker)}"
