#!/bin/sh
# Does a tap on the touchscreen reach painpath? Runs foot with a foot config in
# deploy/touchprobe.c (a headless wlroots compositor that passes one finger on as cage does, or
# as sway does), with a program inside foot that turns on the mouse modes painpath uses (1000
# and 1006) and prints what foot sends it. A tap that reaches painpath shows as a left button
# press and release in the SGR encoding, e.g. ESC[<0;9;13M ESC[<0;9;13m for a finger at pixel
# (100, 300), column 9, row 13 with deploy/foot.ini's 12x24 cells.
#
#   sh deploy/touch-probe.sh deploy/foot.ini [FOOT]       # FOOT: a foot binary, default foot
#
# With PAINPATH_KIOSK set to a kiosk command line (painpath --kiosk --config ... --spool ...),
# it then also runs that in foot under script(1), taps the welcome's title once as cage would,
# and says whether painpath left the welcome for the first question.
#
# Needs foot, fonts-dejavu-core, libwlroots-dev and wayland-protocols (Debian 12), a C compiler
# and pkg-config. No touchscreen, uinput or root: nothing reaches the kernel's input layer.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 FOOT_INI [FOOT]" >&2; exit 2; }
ini=$(readlink -f "$1")
foot=${2:-foot}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run"
wayland-scanner server-header \
    /usr/share/wayland-protocols/stable/xdg-shell/xdg-shell.xml "$work/xdg-shell-protocol.h"
# shellcheck disable=SC2046
cc -I"$work" -o "$work/touchprobe" "$here/touchprobe.c" \
    $(pkg-config --cflags --libs wlroots wayland-server pixman-1)
cat > "$work/client.sh" <<'EOF'
#!/bin/sh
# Inside foot: mouse modes 1000 and 1006 on, 5 s of what foot sends, written to $1.
stty raw -echo
printf '\033[?1000h\033[?1006h'
timeout --foreground 5 cat > "$1.raw"
printf '\033[?1006l\033[?1000l'
stty sane
cat -v "$1.raw" > "$1"
EOF
chmod +x "$work/client.sh"
echo "$("$foot" --version)"
for probe in "cage touch" "cage-hover touch+pointer" "sway touch+pointer"; do
    set -- $probe
    rm -f "$work/out"
    XDG_RUNTIME_DIR="$work/run" timeout 30 "$work/touchprobe" "$1" "$2" 100 300 -- \
        "$foot" --config="$ini" "$work/client.sh" "$work/out" > "$work/log" 2>&1 || true
    got=$(cat "$work/out" 2>/dev/null || echo "(client did not run)")
    echo "finger passed on as $1 does (seat: $2): painpath would read: ${got:-nothing}"
    grep -E '^touchprobe: (client has|wlr_seat|touch down ->|pointer)' "$work/log" | sed 's/^/    /'
done
if [ -n "${PAINPATH_KIOSK:-}" ]; then
    cat > "$work/kiosk.sh" <<EOF
#!/bin/sh
exec timeout --foreground 9 script -q -f -c "$PAINPATH_KIOSK" "$work/typescript"
EOF
    chmod +x "$work/kiosk.sh"
    XDG_RUNTIME_DIR="$work/run" timeout 40 "$work/touchprobe" cage touch 500 30 -- \
        "$foot" --config="$ini" "$work/kiosk.sh" > "$work/log" 2>&1 || true
    said="painpath --kiosk, one tap on the welcome's title passed on as cage does:"
    if grep -a -q 'Question 1 of' "$work/typescript" 2>/dev/null; then
        echo "$said the first question showed"
    elif grep -a -q 'Touch the screen' "$work/typescript" 2>/dev/null; then
        echo "$said still the welcome"
    else
        echo "painpath --kiosk drew no welcome:"; tail -5 "$work/log"
    fi
fi
