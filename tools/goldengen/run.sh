#!/usr/bin/env bash
# Builds goldengen (Maven, Java 17) and runs it with the serializers of
# Apache Kafka's kafka-clients $KAFKA_CLIENTS_VERSION (default 4.1.1).
#
#   run.sh [TESTDATA_DIR]   adds to TESTDATA_DIR/golden and TESTDATA_DIR/batches
#                           (default: ../../protocol/testdata from this script)
#   run.sh errors [FILE]    writes the Go error table, gofmt'ed
#                           (default: ../../errors_codes.go from this script)
#
#   KAFKA_CLIENTS_VERSION=4.4.0 run.sh    goldens of 4.4.0's new versions
#
# Everything is generated twice into temporary directories and compared
# byte for byte first: the run fails if Kafka's output is not deterministic.
#
# Goldens are kept for every version we claim, whichever kafka-clients wrote
# them, so a golden run only adds: a file that is not there yet is copied in,
# a file that is there must be byte-identical to what this version writes
# (else the run fails and changes nothing: that version serializes an
# existing version differently), files this version does not write stay.
# manifest.tsv is merged per API (widest min-max range; the flexible-from
# columns must agree); SKIPPED.txt gains this version's lines. To start over
# from one version, delete the generated files first.
set -euo pipefail

kafka=${KAFKA_CLIENTS_VERSION:-4.1.1}
# KAFKA-20128 moved MemoryRecords, RecordBatch & co. to an internal package
# (in 4.4.0; 4.1.1 has them in the public one).
case $kafka in
	[0-3].* | 4.[0-3].*) records=org.apache.kafka.common.record ;;
	*) records=org.apache.kafka.common.record.internal ;;
esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
abspath() { realpath -m -- "$1"; }

mode=golden
if [[ "${1:-}" == errors ]]; then
	mode=errors
	out=$(abspath "${2:-$here/../../errors_codes.go}")
else
	out=$(abspath "${1:-$here/../../protocol/testdata}")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$here"
if ! mvn -B -q -Dstyle.color=never -Dkafka.version="$kafka" -Dkafka.records.package="$records" package >"$tmp/mvn.log" 2>&1; then
	cat "$tmp/mvn.log" >&2
	echo "goldengen: mvn package failed (kafka-clients $kafka, record classes in $records)" >&2
	exit 1
fi
target="$here/target/kafka-$kafka"
cp="$target/goldengen-1.0.0.jar:$(cat "$target/classpath.txt")"
gen() { java -cp "$cp" goldengen.Main "$@"; }

if [[ $mode == errors ]]; then
	command -v gofmt >/dev/null || { echo "goldengen: gofmt not on PATH" >&2; exit 1; }
	gen errors | gofmt >"$tmp/a.go"
	gen errors | gofmt >"$tmp/b.go"
	cmp "$tmp/a.go" "$tmp/b.go" || { echo "goldengen: errors output not deterministic" >&2; exit 1; }
	# The table comes from the newest kafka-clients we generate from: an older
	# one must not drop the codes a newer one named.
	if [[ -e "$out" ]]; then
		have=$(grep -c '= &Error{' "$out" || true)
		now=$(grep -c '= &Error{' "$tmp/a.go")
		if ((now < have)); then
			from=$(sed -n "s/.*from Apache Kafka \([^']*\)'s Errors enum.*/\1/p" "$out" | head -1)
			echo "goldengen: kafka-clients $kafka has $now error codes, $out has $have (from Kafka ${from:-?}): run with KAFKA_CLIENTS_VERSION=${from:-<newer>}" >&2
			exit 1
		fi
	fi
	cp "$tmp/a.go" "$out"
	echo "goldengen: wrote $out ($(grep -c '= &Error{' "$out") errors of kafka-clients $kafka)" >&2
	exit 0
fi

for run in a b; do
	gen golden "$tmp/$run/golden"
	gen batches "$tmp/$run/batches"
done
if ! diff -r "$tmp/a" "$tmp/b" >&2; then
	echo "goldengen: two runs gave different files" >&2
	exit 1
fi
echo "goldengen: second run identical" >&2

# Merge: add new files, require existing ones to be identical.
conflicts=()
for sub in golden batches; do
	for f in "$tmp/a/$sub"/*; do
		name=$(basename "$f")
		case $name in manifest.tsv | SKIPPED.txt) continue ;; esac
		if [[ -e "$out/$sub/$name" ]] && ! cmp -s "$f" "$out/$sub/$name"; then
			conflicts+=("$sub/$name")
		fi
	done
done
# manifest.tsv: one row per API key; rows of both, min of the mins, max of
# the maxes; the flexible-from columns must be the same.
mergedManifest="$tmp/manifest.tsv"
if [[ -e "$out/golden/manifest.tsv" ]]; then
	if ! awk -F'\t' -v OFS='\t' '
		FNR == 1 { if (NR == 1) print; next }
		{
			if (!($1 in row)) { order[++n] = $1; row[$1] = $0; lo[$1] = $3; hi[$1] = $4; rf[$1] = $5; sf[$1] = $6; nm[$1] = $2; next }
			if (nm[$1] != $2 || rf[$1] != $5 || sf[$1] != $6) { print "manifest.tsv key " $1 ": " row[$1] " vs " $0 > "/dev/stderr"; bad = 1 }
			if ($3 + 0 < lo[$1] + 0) lo[$1] = $3
			if ($4 + 0 > hi[$1] + 0) hi[$1] = $4
		}
		END {
			for (i = 1; i <= n; i++) { k = order[i]; print k, nm[k], lo[k], hi[k], rf[k], sf[k] }
			exit bad
		}' "$out/golden/manifest.tsv" "$tmp/a/golden/manifest.tsv" >"$mergedManifest"; then
		conflicts+=("golden/manifest.tsv (see above)")
	fi
else
	cp "$tmp/a/golden/manifest.tsv" "$mergedManifest"
fi
if ((${#conflicts[@]} > 0)); then
	echo "goldengen: kafka-clients $kafka writes these existing files differently; nothing changed:" >&2
	printf '  %s\n' "${conflicts[@]}" >&2
	exit 1
fi

for sub in golden batches; do
	mkdir -p "$out/$sub"
	added=0
	for f in "$tmp/a/$sub"/*; do
		name=$(basename "$f")
		case $name in manifest.tsv | SKIPPED.txt) continue ;; esac
		if [[ ! -e "$out/$sub/$name" ]]; then
			cp "$f" "$out/$sub/$name"
			added=$((added + 1))
		fi
	done
	echo "goldengen: kafka-clients $kafka: $added files added to $out/$sub ($(find "$out/$sub" -maxdepth 1 -type f | wc -l) files)" >&2
done
cp "$mergedManifest" "$out/golden/manifest.tsv"
# SKIPPED.txt: the comment line of the first run, then every version's lines once.
skipped="$out/golden/SKIPPED.txt"
[[ -e "$skipped" ]] || cp "$tmp/a/golden/SKIPPED.txt" "$skipped"
{
	grep '^#' "$skipped" | head -1
	cat "$skipped" "$tmp/a/golden/SKIPPED.txt" | { grep -v '^#' || true; } | sort -u
} >"$tmp/SKIPPED.txt"
cp "$tmp/SKIPPED.txt" "$skipped"
