#!/usr/bin/env bash
# End to end against dialog, in an 80x24 pseudo-terminal: first complete frame, keystroke-to-
# redraw, bytes written per key, peak memory (each a median over alternating pairs of painpath /
# dialog), and the release binary's size. Not run by `cargo test`.
# Usage: bench/e2e.sh [PAIRS] [KEYS] [both|one|builtin]
#   one: bench/one_question.toml against dialog --radiolist with the same three choices;
#   builtin: the built-in questionnaire's first question against dialog --checklist with the
#   same text and six choices; both (the default): one, then builtin.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-30}
keys=${2:-10}
which=${3:-both}
case $which in both | one | builtin) ;; *) echo "usage: $0 [PAIRS] [KEYS] [both|one|builtin]" >&2; exit 2 ;; esac

if ! command -v dialog >/dev/null; then
  echo "== installing dialog (Debian package)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dialog >&2
fi

echo "== building painpath (release profile)" >&2
cargo build --release --quiet
bin=target/release/painpath

echo "dialog: $(dialog --version 2>&1 | head -1)"
echo "painpath: $(git describe --always --dirty 2>/dev/null || echo unknown) on $(uname -m)"
echo
if [ "$which" != builtin ]; then
  echo "=== one question (bench/one_question.toml)"
  python3 bench/e2e.py --painpath "$bin" --questions bench/one_question.toml \
    --pairs "$pairs" --keys "$keys"
  echo
fi
if [ "$which" != one ]; then
  echo "=== the built-in questionnaire"
  python3 bench/e2e.py --painpath "$bin" --pairs "$pairs" --keys "$keys"
  echo
fi

size=$(stat -c %s "$bin")
dialog_bin=$(command -v dialog)
dialog_size=$(stat -c %s "$(readlink -f "$dialog_bin")")
# dialog leans on shared libraries (ncurses, tinfo, libm) that painpath carries inside itself or
# does without; count them too. libc and the loader serve both.
libs=$(ldd "$dialog_bin" | awk '/=> \// {print $3}' | grep -v -e libc.so -e ld-linux || true)
libs_size=0
for lib in $libs; do libs_size=$((libs_size + $(stat -c %s "$(readlink -f "$lib")"))); done
painpath_libs=$(ldd "$bin" | awk '/=> \// {print $1}' | tr '\n' ' ')
# The target: no larger than dialog with its own libraries.
target=$((dialog_size + libs_size))
printf 'release binary: painpath %.2f MB (%d bytes; target <= %.2f MB, dialog with its libraries: %s)\n' \
  "$(echo "$size / 1000000" | bc -l)" "$size" "$(echo "$target / 1000000" | bc -l)" \
  "$([ "$size" -le "$target" ] && echo met || echo NOT met)"
printf '                dialog %d bytes, %d bytes with its own libraries (%s)\n' \
  "$dialog_size" "$((dialog_size + libs_size))" "$(echo $libs | xargs -n1 basename | tr '\n' ' ')"
printf '                ratio painpath / dialog: %.2fx; / dialog with its libraries: %.2fx\n' \
  "$(echo "$size / $dialog_size" | bc -l)" "$(echo "$size / ($dialog_size + $libs_size)" | bc -l)"
echo "                painpath links only: $painpath_libs"
