#!/bin/sh
# Prints the grid (columns x rows) that foot gives painpath, full screen at each screen size
# given, with a foot config: the measurements behind the table in docs/kiosk.md.
#
#   sh deploy/measure-grid.sh deploy/foot.ini 1024x768 1280x800
#
# Runs sway without a display (wlroots' headless backend, one output at each size in turn) with
# foot in it running `stty size`. Needs foot, sway and fonts-dejavu-core. sway refuses to run
# as root, so as root it runs as nobody.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 FOOT_INI WIDTHxHEIGHT..." >&2; exit 2; }
ini=$(readlink -f "$1")
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -m 700 "$work/run"
as_user=""
if [ "$(id -u)" = 0 ]; then
    chown nobody "$work/run"
    chmod 777 "$work"
    as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
for size in "$@"; do
    rm -f "$work/size"
    cat > "$work/sway.conf" <<CONF
output HEADLESS-1 resolution $size position 0 0
default_border none
exec foot --config=$ini sh -c 'sleep 1.5; stty size > $work/size.part; mv $work/size.part $work/size; sleep 1'
CONF
    env HOME="$work" XDG_RUNTIME_DIR="$work/run" WLR_BACKENDS=headless \
        WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
        timeout 20 $as_user sway -c "$work/sway.conf" > "$work/sway.log" 2>&1 &
    sway=$!
    for _ in $(seq 1 100); do [ -s "$work/size" ] && break; sleep 0.2; done
    kill "$sway" 2>/dev/null || true
    wait "$sway" 2>/dev/null || true
    if [ -s "$work/size" ]; then
        read -r rows columns < "$work/size"
        cell=$(grep -o 'cell width=[0-9]*, height=[0-9]*' "$work/sway.log" | tail -1)
        echo "$size: ${columns}x${rows} ($cell)"
    else
        echo "$size: no grid measured (see the log below)"
        tail -5 "$work/sway.log"
    fi
done
