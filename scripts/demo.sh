#!/usr/bin/env bash
# make demo: the four scenarios of the kafka-python tutorial kafkawire started
# from (examples/), run against KAFKA_BROKERS, or against a local broker
# started for the run and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
t0=$(date +%s)

say "kafkawire demo: a Go client sends records to Apache Kafka and reads them back, in the four
   ways the kafka-python tutorial shows (synchronous send, batched send, a consumer group that saves
   its place by itself, and one that saves it after each batch it processed)."

started=""
if [ -z "${KAFKA_BROKERS:-}" ]; then
  version="${KAFKA_VERSION:-4.1.1}"
  cache="${KAFKAWIRE_CACHE:-$HOME/.cache/kafkawire}"
  say "No KAFKA_BROKERS given, so the demo starts its own Kafka $version broker on this machine
   (one Java process, stopped when the demo ends)."
  if [ ! -f "$cache/kafka-$version/.complete" ]; then
    echo "   First run: Maven downloads Kafka's jars (about 80 MB, 560 files) into $cache"
    echo "   (1-2 minutes in all on a cold cache, Go's build included); later runs take 15-25 s."
  fi
  (cd integration && go build -o "${TMPDIR:-/tmp}/kafkawire-harness.$$" ./cmd/kafkaharness)
  harness="${TMPDIR:-/tmp}/kafkawire-harness.$$"
  trap 'rm -f "$harness"' EXIT
  if line=$("$harness" status 2>/dev/null | grep '^KAFKA_BROKERS='); then
    echo "   A broker started by make kafka-up is running: the demo uses it (and leaves it running)."
  else
    # The harness prints KAFKA_BROKERS=... on stdout; its progress goes to stderr.
    line=$("$harness" up -progress | grep '^KAFKA_BROKERS=')
    started=1
    trap '"$harness" down >/dev/null || true; rm -f "$harness"' EXIT
  fi
  export KAFKA_BROKERS="${line#KAFKA_BROKERS=}"
fi
echo "   Broker: $KAFKA_BROKERS"

topic="seed-demo-$(date +%s)"
run() { go run "./examples/$1" -brokers "$KAFKA_BROKERS" -topic "$topic" "${@:2}"; }

say "1. Synchronous send: create topic $topic with 3 partitions, send one record and wait until
   the broker confirms it is stored (kafka-python: send(...).get(timeout=10)); print where it went."
run sync_produce -partitions 3

say "2. Batched send: queue 100 JSON records without waiting. The producer packs them into one
   batch per partition and sends a batch when it is full (batch_size 16 KiB) or has waited 3 s
   (linger_ms), whichever comes first. Watch the first 50 wait for the linger, and flush() send the
   next 50 at once. Records with the same key always go to the same partition."
run async_produce

say "3. Consumer group, automatic commits: join group $topic-auto, read from the start, print each
   record (topic:partition:offset); stop after 1 s without new records (consumer_timeout_ms). The
   consumer saves its place (commits its offsets) by itself every 5 s and when it closes."
run consume_auto_commit -group "$topic-auto"

say "3b. The same group again: it resumes where its commits say, so there is nothing new to read."
run consume_auto_commit -group "$topic-auto"

say "4. Manual commits, at least once: auto commit off; process records in batches of 11 and save
   the place after each batch (commit_async). Were the program to crash before a commit, the
   batch would be read again, never lost. Each commit is printed as the broker confirms it."
run consume_manual_commit -group "$topic-manual" -records=false

say "demo done in $(( $(date +%s) - t0 ))s${started:+ (stopping the local broker)}"
