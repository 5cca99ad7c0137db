#!/usr/bin/env bash
# Builds goldengen (Maven, Java 17) and runs it with Apache Kafka 4.1.1's
# own serializers.
#
#   run.sh [TESTDATA_DIR]   writes TESTDATA_DIR/golden and TESTDATA_DIR/batches
#                           (default: ../../protocol/testdata from this script)
#   run.sh errors [FILE]    writes the Go error table, gofmt'ed
#                           (default: ../../errors_codes.go from this script)
#
# Everything is generated twice into temporary directories and compared
# byte for byte before the outputs are replaced: the run fails if Kafka's
# output is not deterministic.
set -euo pipefail

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
if ! mvn -B -q -Dstyle.color=never package >"$tmp/mvn.log" 2>&1; then
	cat "$tmp/mvn.log" >&2
	echo "goldengen: mvn package failed" >&2
	exit 1
fi
cp="$here/target/goldengen-1.0.0.jar:$(cat "$here/target/classpath.txt")"
gen() { java -cp "$cp" goldengen.Main "$@"; }

if [[ $mode == errors ]]; then
	command -v gofmt >/dev/null || { echo "goldengen: gofmt not on PATH" >&2; exit 1; }
	gen errors | gofmt >"$tmp/a.go"
	gen errors | gofmt >"$tmp/b.go"
	cmp "$tmp/a.go" "$tmp/b.go" || { echo "goldengen: errors output not deterministic" >&2; exit 1; }
	cp "$tmp/a.go" "$out"
	echo "goldengen: wrote $out ($(grep -c '= &Error{' "$out") errors)" >&2
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

# Replace the generated files only; hand-written README.md files stay.
for sub in golden batches; do
	mkdir -p "$out/$sub"
	find "$out/$sub" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' -o -name manifest.tsv -o -name SKIPPED.txt \) -delete
	cp "$tmp/a/$sub"/* "$out/$sub/"
	echo "goldengen: $(find "$out/$sub" -maxdepth 1 -type f | wc -l) files in $out/$sub" >&2
done
