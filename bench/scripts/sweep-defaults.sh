#!/usr/bin/env bash
# Measures the producer settings kafkawire's defaults were chosen from:
# batch size x compression at 100-byte records on 6 partitions (acks=all,
# idempotent, linger 5 ms), kafkawire only, through the runner (same topics,
# warm-up and quiet-machine gate as make bench). Run it alone on the machine.
#
#   KAFKA_BROKERS=host:port bench/scripts/sweep-defaults.sh [REPS]
#
# Give it a broker whose logs are on tmpfs, as the runner's are (on disk, the
# kernel's writeback of earlier runs slows later ones):
#   (cd integration && go run ./cmd/kafkaharness up -state /dev/shm/kw/state.json)
#
# Prints median records/s and client CPU seconds per million records per
# setting (needs python3 for the summary). Results stay in $out.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${KAFKA_BROKERS:?set KAFKA_BROKERS to a running broker (make kafka-up)}"
reps=${1:-3}
out=$(mktemp -d /tmp/kafkawire-sweep.XXXX)
for batch in 16384 65536 262144 1048576; do
  go run ./cmd/runner -clients kafkawire -cells 'p-100B-6p-idem-(none|lz4|zstd)$' \
    -reps "$reps" -headline-reps "$reps" -batch "$batch" -out "$out/$batch" >"$out/$batch.log" 2>&1
done
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
rows = {}
for path in glob.glob(os.path.join(sys.argv[1], "*", "*.jsonl")):
    batch = int(os.path.basename(os.path.dirname(path)))
    for line in open(path):
        r = json.loads(line)
        if r.get("warmup") or r.get("error"):
            continue
        rows.setdefault((r["cell"].rsplit("-", 1)[1], batch), []).append(r)
print(f"{'compression':12} {'batch':>8} {'records/s':>10} {'CPU s/M':>8} runs")
for (codec, batch), rs in sorted(rows.items()):
    rps = statistics.median(r["rps"] for r in rs)
    cpu = statistics.median(r["cpu_seconds"] / r["records"] * 1e6 for r in rs)
    print(f"{codec:12} {batch:>8} {rps/1e6:>9.2f}M {cpu:>8.2f} {len(rs)}")
PY
echo "results: $out"
