#!/usr/bin/env bash
# Builds painpath as it ships, into dist/painpath: the release profile, and on x86_64 Linux one
# static executable whose start-up code is laid out together.
#
# Usage: deploy/build.sh [CARGO BUILD ARGUMENTS...]   (e.g. --features fault-injection, for
# the fault tests against this binary)
#
# - Static (`-C target-feature=+crt-static`, glibc's static-pie): no dynamic loader work at
#   start, and only the parts of libc painpath calls are paged in. painpath uses nothing of
#   glibc that needs dynamic loading (no NSS lookups, no dlopen, no iconv).
#   PAINPATH_LIBC=musl builds against musl instead (x86_64-unknown-linux-musl, added with
#   rustup when missing): smaller and lighter, but musl's allocator maps and unmaps a page
#   around the few allocations each key's layout makes, so a key costs more;
#   docs/performance.md has both.
# - Function order (`--symbol-ordering-file=deploy/painpath.order`, lld): the functions run
#   from start-up to the first question's keys come first in .text, so start-up touches a few
#   blocks of the binary instead of most of them (the kernel maps file pages around each
#   fault). bench/order.sh writes the file; a function not in it (renamed, or new) is placed
#   after the others, so a stale file costs memory, never correctness. How many of its
#   functions the build still has is printed below: regenerate it when few are left.
#   PAINPATH_ORDER=off leaves the order out (bench/e2e.sh measures the two apart).
# - `--target` is given so that the flags reach painpath alone, not the build script or the
#   proc macros (which cannot be static).
# - Built unstripped and stripped after: bench/order.sh reads function names from the same
#   build (its path is in dist/painpath.build), and the profile's strip setting would change
#   the symbol names it matches.
# Elsewhere (another OS, or a toolchain without lld) it is the plain release build.
# `cargo build --release` still builds the dynamic binary in target/release.
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
release=$(rustc -vV | sed -n 's/^release: //p')
minor=$(echo "$release" | cut -d. -f2)
target=$host
flags=()
if [[ $host == x86_64-unknown-linux-gnu ]]; then
  musl=x86_64-unknown-linux-musl
  if [[ ${PAINPATH_LIBC:-glibc} == musl ]]; then
    [ -d "$(rustc --print sysroot)/lib/rustlib/$musl" ] || rustup target add "$musl" >&2
    target=$musl
  fi
  flags+=('"-C"' '"target-feature=+crt-static"')
fi
# lld: rustc's own for the musl target (its gcc-ld wrapper), the default for glibc from 1.90.
gcc_ld="$(rustc --print sysroot)/lib/rustlib/$host/bin/gcc-ld"
lld=no
if [[ $target == x86_64-unknown-linux-musl && -x $gcc_ld/ld.lld ]]; then
  flags+=('"-C"' '"link-arg=-fuse-ld=lld"' '"-C"' "\"link-arg=-B$gcc_ld\"")
  lld=yes
elif [[ $target == x86_64-unknown-linux-gnu && $minor -ge 90 ]]; then
  lld=yes
fi
order=no
if [[ $lld == yes && ${PAINPATH_ORDER:-on} == on ]]; then
  flags+=('"-C"' '"link-arg=-Wl,--symbol-ordering-file=deploy/painpath.order"'
    '"-C"' '"link-arg=-Wl,--no-warn-symbol-ordering"')
  order=yes
fi
list=$(IFS=,; echo "${flags[*]}")

CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --target "$target" \
  --config "target.$target.rustflags=[$list]" "$@"
built="target/$target/release/painpath"
mkdir -p dist
strip -o dist/painpath.new "$built"
mv dist/painpath.new dist/painpath
printf 'target=%s\nunstripped=%s\norder=%s\n' "$target" "$built" "$order" >dist/painpath.build
echo "dist/painpath: $(stat -c %s dist/painpath) bytes, $target, rustflags [$list]" >&2
if [[ $order == yes ]] && command -v nm >/dev/null; then
  found=$(nm --defined-only "$built" | awk '{print $3}' | sort -u |
    comm -12 - <(sort -u deploy/painpath.order) | wc -l)
  echo "function order: $found of $(wc -l <deploy/painpath.order) functions in" \
    "deploy/painpath.order are in this build (bench/order.sh regenerates it)" >&2
fi
