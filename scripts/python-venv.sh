#!/usr/bin/env bash
# python-venv.sh: the virtualenv holding kafka-python for the interop tests
# (integration/pythonsuite). It lives in the kafkawire cache dir, is created
# on first use and reused while it holds the pinned version. Prints the
# venv's python on stdout; progress and errors go to stderr.
#
# kafka-python 2.3.3 is pinned: it negotiates the Produce/Fetch versions a
# Kafka 4.x broker still accepts (4.0 dropped the old ones, KIP-896), checked
# against 4.1.1 by pythonsuite.
set -euo pipefail

pin="2.3.3"
cache="${KAFKAWIRE_CACHE:-$HOME/.cache/kafkawire}"
venv="$cache/python-venv"
py="$venv/bin/python"

has_pin() { [ -x "$py" ] && "$py" -c "import kafka, sys; sys.exit(kafka.__version__ != '$pin')" 2>/dev/null; }

if has_pin; then echo "$py"; exit 0; fi

# Debian ships python3 without venv/ensurepip: install what is missing, as
# make test-deps does for kcat.
apt_install() {
  local sudo; sudo=$( [ "$(id -u)" = 0 ] || echo sudo )
  echo "== installing Debian's $* for the kafka-python interop tests" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

if ! command -v python3 >/dev/null; then
  apt_install python3 python3-venv ||
    { echo "python3 is required by the kafka-python interop tests (integration/pythonsuite): install python3 and python3-venv" >&2; exit 1; }
fi
mkdir -p "$cache"
rm -rf "$venv"
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  apt_install python3-venv && python3 -m venv "$venv" ||
    { echo "python3 -m venv failed: the kafka-python interop tests need Python's venv module (Debian: apt-get install python3-venv)" >&2; exit 1; }
fi
echo "== installing kafka-python $pin into $venv (PyPI)" >&2
"$py" -m pip install -q --disable-pip-version-check "kafka-python==$pin" >&2 ||
  { echo "pip could not install kafka-python==$pin into $venv (is PyPI reachable?)" >&2; exit 1; }
has_pin || { echo "kafka-python $pin did not import from $venv" >&2; exit 1; }
echo "$py"
