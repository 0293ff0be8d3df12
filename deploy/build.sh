#!/usr/bin/env bash
# Builds painpath as it ships, into dist/painpath: the release profile, and on x86_64 Linux
# (glibc) one static executable whose start-up code is laid out together.
#
# Usage: deploy/build.sh [CARGO BUILD ARGUMENTS...]   (e.g. --features fault-injection, for
# the fault tests against this binary)
#
# - Static (`-C target-feature=+crt-static`, glibc's static-pie): no dynamic loader work at
#   start (about 280 k instructions and the mapping of libc and libgcc_s), and only the parts
#   of libc painpath calls are paged in, where the shared libc is 1.3 MiB of resident memory
#   (smaps). painpath uses nothing of glibc that needs dynamic loading (no NSS lookups, no
#   dlopen, no iconv).
# - Function order (`--symbol-ordering-file=deploy/painpath.order`, lld): the functions run
#   from start-up to the first question's keys come first in .text, so start-up touches a few
#   64 KiB blocks of the binary instead of most of them (the kernel maps file pages around each
#   fault). bench/order.sh writes the file; a function not in it (renamed, or new) is simply
#   placed after, so a stale file costs memory, never correctness.
# - `--target` is given so that the flags reach painpath alone, not the build script or the
#   proc macros (which cannot be static).
# - Built unstripped and stripped after: bench/order.sh reads function names from the same
#   build, and the profile's strip setting would change the symbol names it matches.
# PAINPATH_ORDER=off leaves the function order out (bench/e2e.sh measures the two apart).
# Elsewhere (another OS or C library, or a linker that is not lld) it is the plain release
# build. `cargo build --release` still builds the dynamic binary in target/release.
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
release=$(rustc -vV | sed -n 's/^release: //p')
flags=()
if [[ $host == *-linux-gnu ]]; then
  flags+=('"-C"' '"target-feature=+crt-static"')
fi
# rustc links with lld by default on x86_64-unknown-linux-gnu from 1.90 on.
minor=$(echo "$release" | cut -d. -f2)
if [[ $host == x86_64-unknown-linux-gnu && $minor -ge 90 && ${PAINPATH_ORDER:-on} == on ]]; then
  flags+=('"-C"' '"link-arg=-Wl,--symbol-ordering-file=deploy/painpath.order"'
    '"-C"' '"link-arg=-Wl,--no-warn-symbol-ordering"')
fi
list=$(IFS=,; echo "${flags[*]}")

CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --target "$host" \
  --config "target.$host.rustflags=[$list]" "$@"
mkdir -p dist
strip -o dist/painpath.new "target/$host/release/painpath"
mv dist/painpath.new dist/painpath
echo "dist/painpath: $(stat -c %s dist/painpath) bytes, $host, rustflags [$list]" >&2
