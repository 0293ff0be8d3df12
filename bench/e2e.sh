#!/usr/bin/env bash
# End to end against dialog, in an 80x24 pseudo-terminal: first complete frame, keystroke-to-
# redraw, bytes written per key, peak memory (each a median over alternating pairs of painpath /
# dialog), and the release binary's size. Not run by `cargo test`.
# Usage: bench/e2e.sh [PAIRS] [KEYS] [both|one|builtin]
#   one: bench/one_question.toml against dialog --radiolist with the same three choices;
#   builtin: the built-in questionnaire's first question against dialog --checklist with the
#   same text and seven choices; both (the default): one, then builtin.
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

# The binary as it ships (deploy/build.sh: static, functions in start-up order, where the
# platform allows); PAINPATH_BUILD=cargo measures `cargo build --release` (dynamic) instead,
# PAINPATH_BUILD=dist-unordered the shipped build without the function order.
build=${PAINPATH_BUILD:-dist}
case $build in
  dist)
    echo "== building painpath as it ships (deploy/build.sh)" >&2
    deploy/build.sh --quiet
    bin=dist/painpath
    ;;
  dist-unordered)
    echo "== building painpath as it ships, without the function order" >&2
    PAINPATH_ORDER=off deploy/build.sh --quiet
    bin=dist/painpath
    ;;
  cargo)
    echo "== building painpath (cargo build --release)" >&2
    cargo build --release --quiet
    bin=target/release/painpath
    ;;
  *) echo "PAINPATH_BUILD is dist, dist-unordered or cargo" >&2; exit 2 ;;
esac

echo "dialog: $(dialog --version 2>&1 | head -1)"
echo "painpath: $(git describe --always --dirty 2>/dev/null || echo unknown) on $(uname -m), $bin ($build)"
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
libs_size() { # libs_size LIB... -> their bytes together
  local total=0 lib
  for lib in "$@"; do total=$((total + $(stat -c %s "$(readlink -f "$lib")"))); done
  echo "$total"
}
# dialog leans on shared libraries (ncurses, tinfo, libm) that painpath carries inside itself
# or does without; count them too, for comparison. The target: the shipped binary at or under
# 4.0 MB.
own_libs=$(ldd "$dialog_bin" | awk '/=> \// {print $3}' | grep -v -e libc.so -e ld-linux || true)
# shellcheck disable=SC2086
target=$((dialog_size + $(libs_size $own_libs)))
cap=4000000
mb() { echo "$1 / 1000000" | bc -l; }
printf 'release binary: painpath %.2f MB (%d bytes; target <= %.2f MB: %s)\n' \
  "$(mb "$size")" "$size" "$(mb "$cap")" "$([ "$size" -le "$cap" ] && echo met || echo NOT met)"
printf '                dialog %d bytes, %d bytes with %s\n' "$dialog_size" "$target" \
  "$(echo $own_libs | xargs -n1 basename | tr '\n' ' ')"
if readelf -d "$bin" | grep -q NEEDED; then
  painpath_libs=$(ldd "$bin")
  printf '                ratio painpath / dialog with those libraries: %.2fx; painpath links %s\n' \
    "$(echo "$size / $target" | bc -l)" "$(echo "$painpath_libs" | awk '/=> \// {print $1}' | tr '\n' ' ')"
else
  # Static: painpath carries the part of libc it uses, so count dialog's libc and loader too.
  all_libs=$(ldd "$dialog_bin" | awk '/=> \// {print $3} /ld-linux/ {print $1}')
  # shellcheck disable=SC2086
  whole=$((dialog_size + $(libs_size $all_libs)))
  printf '                painpath is static (it carries its part of libc); dialog with all its libraries,\n'
  printf '                libc and the loader too: %.2f MB, ratio %.2fx\n' "$(mb "$whole")" \
    "$(echo "$size / $whole" | bc -l)"
fi
