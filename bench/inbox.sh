#!/usr/bin/env bash
# The reception inbox on a large spool folder (default 20,000 hand-offs and 20,000 other
# files), the release binary in an 80x24 pseudo-terminal: time to the first full list, idle
# CPU, keystroke-to-redraw and a new hand-off's arrival, with notifications and with --poll.
# Not run by `cargo test`. Usage: bench/inbox.sh [HANDOFFS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
handoffs=${1:-20000}
seconds=${2:-10}

echo "== building painpath (release profile)" >&2
cargo build --release --quiet
echo "painpath: $(git describe --always --dirty 2>/dev/null || echo unknown) on $(uname -m), $(nproc) CPUs"
python3 bench/inbox_idle.py --painpath target/release/painpath --handoffs "$handoffs" \
  --seconds "$seconds"
