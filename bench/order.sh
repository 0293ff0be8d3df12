#!/usr/bin/env bash
# Regenerates deploy/painpath.order, the function order deploy/build.sh links with: builds the
# shipped binary, runs it under callgrind from start-up to the first question's keys, with the
# built-in questions and with questions.toml given as a clinic gives its own file
# (bench/order.py), and lists the functions run, first listed first. Run it after changes to
# start-up or drawing, then bench/e2e.sh to see the resident memory it gives. Needs valgrind
# (installed from Debian's packages if missing). Not run by `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  echo "== installing valgrind (Debian package)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >&2
fi
deploy/build.sh --quiet
unstripped=$(sed -n 's/^unstripped=//p' dist/painpath.build)
python3 bench/order.py --painpath "$unstripped" --out deploy/painpath.order \
  --questions questions.toml
# Linked again with the new order, so dist/painpath is the binary it was made for.
deploy/build.sh --quiet
