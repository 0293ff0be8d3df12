#!/usr/bin/env bash
# The kiosk on the stack it ships on: foot with deploy/foot.ini, under a wlroots compositor,
# driven by real pointer clicks and real key presses, looked at through screenshots.
#
#   bash deploy/test-stack.sh [FOOT_INI]        (FOOT_INI: deploy/foot.ini unless given)
#
# cage cannot be driven without a screen (it speaks no virtual-keyboard protocol and its
# headless output drew only the first frame), so sway 1.7 (the same wlroots family) stands in
# for it: headless (WLR_BACKENDS=headless, WLR_RENDERER=pixman), no Xwayland, no key bindings
# of its own, one output at 1024x768 (85x32 cells), later 1280x800 (106x33). In it, foot runs
# exactly the ExecStart line of deploy/painpath-cage.service (after `cage -d --`), with a test
# config, spool and state folder in a temporary folder. Steps:
#   1. foot's own key bindings: for every `name=none` in FOOT_INI's [key-bindings], the keys
#      foot 1.13 binds to it by default (foot.ini(5)) must reach the program in the terminal
#      (a probe that records its input), so foot acts on none of them.
#   2. a whole kiosk session by clicks alone: welcome, every question, the result, "Send my
#      answers to reception", the code, Finish, "All done", the welcome again; CODE.md and
#      CODE.json must be in the spool.
#   3. every one of those keys, and Ctrl+C, Ctrl+Z, Ctrl+\, Ctrl+D, Alt+F1..F12 and Escape,
#      pressed on a question: no new window (swaymsg get_tree), no new process under the
#      compositor (ps), and a screenshot byte-identical to the one before.
#   4. the idle wipe: a session left alone goes back to the welcome by itself (polled
#      against a deadline).
#   5. the welcome at 1280x800.
#   6. `systemd-analyze verify` on deploy/*.service, with the programs they name stubbed.
# Screenshots of each step stay in target/kiosk-stack/. Needs sway, foot, grim, wtype, jq,
# fonts-dejavu-core (installed with apt-get when run as root and missing). sway refuses to run
# as root, so as root the compositor and the kiosk run as nobody. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

ini_arg=${1:-deploy/foot.ini}
[ -f "$ini_arg" ] || { echo "test-stack: no foot.ini at $ini_arg" >&2; exit 2; }
ini_src=$(readlink -f "$ini_arg")
shots=$repo/target/kiosk-stack
started=$(date +%s)

fail() {
    echo "test-stack: FAIL: $*" >&2
    exit 1
}
step() { echo "== $*"; }

# --- what the test needs -------------------------------------------------------------------
missing=()
for tool in sway:sway foot:foot grim:grim wtype:wtype jq:jq python3:python3 systemd-analyze:systemd; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || fail "missing ${missing[*]}: install them (apt-get install ${missing[*]})"
    step "installing ${missing[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

# The binary: PAINPATH_BIN, or the debug build (built if it is missing or stale).
if [ -z "${PAINPATH_BIN:-}" ]; then
    cargo build --quiet
    PAINPATH_BIN=$repo/target/debug/painpath
fi
[ -x "$PAINPATH_BIN" ] || fail "no painpath binary at $PAINPATH_BIN"

# --- a temporary folder the compositor's user can use --------------------------------------
work=$(mktemp -d /tmp/painpath-stack.XXXXXX)
sway_pid=""
pointer_pid=""
cleanup() {
    [ -z "$pointer_pid" ] || kill "$pointer_pid" 2>/dev/null || true
    if [ -n "$sway_pid" ]; then
        kill "$sway_pid" 2>/dev/null || true
        wait "$sway_pid" 2>/dev/null || true
    fi
    # Anything still running from the folder (foot, painpath, the probe) goes too.
    local pids
    pids=$(pgrep -f "$work" || true)
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
mkdir -m 700 "$work/run" "$work/spool" "$work/state"
cp "$PAINPATH_BIN" "$work/painpath"
cp "$ini_src" "$work/foot.ini"
as_user=()
if [ "$(id -u)" = 0 ]; then
    chown nobody "$work/run" "$work/spool" "$work/state"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
rm -rf "$shots"
mkdir -p "$shots"

# A kiosk config: the shipped one with a test PIN, the spool and state folders, and timeouts.
make_config() { # make_config FILE IDLE_SECONDS
    {
        grep -v -e '^idle_seconds' -e '^warning_seconds' "$repo/deploy/config.toml"
        echo "idle_seconds = $2"
        echo "warning_seconds = 20"
        echo "spool = \"$work/spool\""
        echo "state_dir = \"$work/state\""
        printf '246813\n246813\n' | "$PAINPATH_BIN" kiosk-pin 2>/dev/null
    } > "$1"
    chmod 600 "$1"
    [ "$(id -u)" != 0 ] || chown nobody "$1"
}
make_config "$work/config.toml" 600
make_config "$work/idle.toml" 10

# The kiosk's command: ExecStart of painpath-cage.service after `cage -d --`, with the test's
# foot.ini, binary and config in place of the installed ones.
exec_start=$(sed -n 's/^ExecStart=//p' deploy/painpath-cage.service)
case "$exec_start" in
*" -- "*) ;;
*) fail "painpath-cage.service: no 'cage ... --' in ExecStart=$exec_start" ;;
esac
kiosk_command() { # kiosk_command CONFIG
    local cmd=${exec_start#* -- }
    cmd=${cmd//--config=\/etc\/painpath\/foot.ini/--config=$work/foot.ini}
    cmd=${cmd//\/usr\/local\/bin\/painpath/$work/painpath}
    cmd=${cmd//\/etc\/painpath\/config.toml/$1}
    case "$cmd" in
    *"$work/foot.ini"*"$work/painpath --kiosk"*"$1"*) echo "$cmd" ;;
    *) fail "could not put the test's paths into ExecStart: $cmd" ;;
    esac
}

# --- the compositor ------------------------------------------------------------------------
cat > "$work/sway.conf" <<CONF
xwayland disable
output HEADLESS-1 resolution 1024x768 position 0 0
default_border none
focus_follows_mouse no
# The pointer is drawn into the screenshots: hidden 100 ms after it last moved.
seat * hide_cursor 100
CONF
export XDG_RUNTIME_DIR=$work/run WLR_BACKENDS=headless WLR_RENDERER=pixman \
    WLR_LIBINPUT_NO_DEVICES=1 HOME=$work
"${as_user[@]}" sway -c "$work/sway.conf" > "$work/sway.log" 2>&1 &
sway_pid=$!
for _ in $(seq 1 100); do
    SWAYSOCK=$(ls "$work"/run/sway-ipc.*.sock 2>/dev/null | head -1 || true)
    [ -n "$SWAYSOCK" ] && [ -S "$work/run/wayland-1" ] && break
    kill -0 "$sway_pid" 2>/dev/null || { cat "$work/sway.log" >&2; fail "sway did not start"; }
    sleep 0.1
done
[ -n "$SWAYSOCK" ] || fail "sway gave no IPC socket (see $work/sway.log)"
export SWAYSOCK WAYLAND_DISPLAY=wayland-1
ok=""
for _ in $(seq 1 50); do swaymsg -t get_outputs >/dev/null 2>&1 && { ok=yes; break; }; sleep 0.1; done
[ -n "$ok" ] || fail "sway does not answer on $SWAYSOCK"
# The headless backend has no input devices, so the seat has no pointer and a click reaches no
# window; a virtual pointer (deploy/virtual-pointer.py) gives it one while the test runs.
coproc pointer { exec python3 "$repo/deploy/virtual-pointer.py"; }
pointer_pid=$pointer_PID
read -r -t 10 answer <&"${pointer[0]}" && [ "$answer" = ok ] || fail "no virtual pointer (deploy/virtual-pointer.py)"

# --- helpers -------------------------------------------------------------------------------
n=0
# A key press through the virtual keyboard. sway drops the first key of a new virtual keyboard
# now and then (a fresh wtype run's F10 often never reached foot), so each run begins with a
# bare Shift, which no program sees as input; after it, every key arrived in trials.
press() { wtype -P Shift_L -p Shift_L "$@"; }
shot() { grim "$1"; } # shot FILE: the whole output, without the pointer
windows() { swaymsg -t get_tree | jq -c '[.. | objects | select(.pid? != null) | .pid] | sort'; }
# Every process under the compositor (its children, theirs, and so on), as "pid name" lines.
processes() {
    ps -e -o pid=,ppid=,comm= | awk -v root="$sway_pid" '
        { parent[$1] = $2; name[$1] = $3 }
        END {
            for (p in parent) {
                q = p
                while (q in parent && q != root && q > 1) q = parent[q]
                if (q == root && p != root) print p, name[p]
            }
        }' | sort -n
}
# Waits until the screen differs from FILE and then holds still for a moment; saves it as the
# next numbered screenshot, named NAME, and leaves its path in $last.
settle() { # settle BEFORE NAME [SECONDS]
    local before=$1 name=$2 deadline=$((SECONDS + ${3:-10})) prev="$work/prev.png"
    local now="$work/now.png"
    while :; do
        shot "$now"
        if [ -z "$before" ] || ! cmp -s "$now" "$before"; then
            sleep 0.15
            cp "$now" "$prev"
            shot "$now"
            cmp -s "$now" "$prev" && break
        fi
        [ $SECONDS -lt "$deadline" ] || fail "step '$name': the screen did not change (last: $now)"
        sleep 0.1
    done
    n=$((n + 1))
    last=$(printf '%s/%02d-%s.png' "$shots" "$n" "$name")
    cp "$now" "$last"
}
# Waits (up to 5 s) until the screen is FILE again; fails with MESSAGE, keeping the screen.
back_to() { # back_to FILE MESSAGE
    local deadline=$((SECONDS + 5))
    while :; do
        shot "$work/now.png"
        cmp -s "$work/now.png" "$1" && return
        [ $SECONDS -lt $deadline ] || { cp "$work/now.png" "$shots/failed.png"; fail "$2 (see $shots/failed.png)"; }
        sleep 0.1
    done
}
# A tap on the cell (COL, ROW), counted from 0: cells are 12x24 px (DejaVu Sans Mono at
# pixelsize 20, deploy/foot.ini), so its centre is (COL*12+6, ROW*24+12).
tap() { # tap COL ROW NAME
    local before=$last
    swaymsg -q seat - cursor set $(($1 * 12 + 6)) $(($2 * 24 + 12))
    swaymsg -q seat - cursor press button1
    swaymsg -q seat - cursor release button1
    settle "$before" "$3"
}
# Starts COMMAND in foot through the compositor and waits for its window.
launch() { # launch NAME COMMAND...
    local name=$1
    shift
    swaymsg -q exec -- "$*"
    for _ in $(seq 1 100); do [ "$(windows)" != "[]" ] && break; sleep 0.1; done
    [ "$(windows)" != "[]" ] || fail "$name: no window appeared (see $work/sway.log)"
}
# Ends foot (started through the compositor, so a process under it) and waits for its window
# to go.
close() {
    local pid
    pid=$(windows | jq '.[0]')
    kill "$pid"
    for _ in $(seq 1 50); do [ "$(windows)" = "[]" ] && return; sleep 0.1; done
    fail "foot (pid $pid) did not end"
}

# foot's default key bindings, as foot.ini(5) of foot 1.13 lists them (wtype arguments;
# empty: not bound by default, so nothing to press), by action.
declare -A default_keys=(
    [scrollback-up-page]="-M shift -k Page_Up -m shift"
    [scrollback-up-half-page]=""
    [scrollback-up-line]=""
    [scrollback-down-page]="-M shift -k Page_Down -m shift"
    [scrollback-down-half-page]=""
    [scrollback-down-line]=""
    [scrollback-home]=""
    [scrollback-end]=""
    [clipboard-copy]="-M ctrl -M shift -k c -m shift -m ctrl|-k XF86Copy"
    [clipboard-paste]="-M ctrl -M shift -k v -m shift -m ctrl|-k XF86Paste"
    [primary-paste]="-M shift -k Insert -m shift"
    [search-start]="-M ctrl -M shift -k r -m shift -m ctrl"
    [font-increase]="-M ctrl -k plus -m ctrl|-M ctrl -k equal -m ctrl|-M ctrl -k KP_Add -m ctrl"
    [font-decrease]="-M ctrl -k minus -m ctrl|-M ctrl -k KP_Subtract -m ctrl"
    [font-reset]="-M ctrl -k 0 -m ctrl|-M ctrl -k KP_0 -m ctrl"
    [spawn-terminal]="-M ctrl -M shift -k n -m shift -m ctrl"
    [minimize]=""
    [maximize]=""
    [fullscreen]=""
    [pipe-visible]=""
    [pipe-scrollback]=""
    [pipe-selected]=""
    [show-urls-launch]="-M ctrl -M shift -k u -m shift -m ctrl"
    [show-urls-copy]=""
    [show-urls-persistent]=""
    [prompt-prev]="-M ctrl -M shift -k z -m shift -m ctrl"
    [prompt-next]="-M ctrl -M shift -k x -m shift -m ctrl"
    [unicode-input]=""
    [noop]=""
)
# The bindings deploy/foot.ini sets to none ([key-bindings] only).
unbound=$(awk '/^\[/ { section = $0; next }
    section == "[key-bindings]" && /^[a-z-]+=none[ \t]*$/ { sub(/=.*/, ""); print }' \
    "$work/foot.ini")
# Every default binding of foot, each with its keys; the ones FOOT_INI does not set to none
# are pressed too (and fail the test, which is the point of passing it a changed foot.ini).
binding_keys=() # "action|wtype args"
for action in $(printf '%s\n' "${!default_keys[@]}" | sort); do
    keys=${default_keys[$action]}
    if [ -z "$keys" ]; then
        continue
    fi
    IFS='|' read -r -a combos <<< "$keys"
    for combo in "${combos[@]}"; do binding_keys+=("$action|$combo"); done
done
for action in $unbound; do
    [ -n "${default_keys[$action]+set}" ] || fail "foot.ini unbinds '$action', which foot 1.13 does not know"
done

# --- 1. foot's bindings: each default key reaches the program ------------------------------
step "1. every key foot binds by default reaches the program in foot ($(basename "$ini_arg"))"
probe=$work/probe.log
: > "$probe"
[ "$(id -u)" != 0 ] || chown nobody "$probe"
launch probe foot --config="$work/foot.ini" sh -c "'stty raw -echo; exec cat >> $probe'"
sleep 0.5
probe_windows=$(windows)
probe_failures=()
for entry in "${binding_keys[@]}"; do
    action=${entry%%|*}
    combo=${entry#*|}
    case "$combo" in *XF86*) continue ;; esac # foot sends no bytes for these: checked in 3.
    # A key foot acts on never reaches the program; one that does may, rarely, come late or
    # be lost between two wtype runs, so it gets three tries.
    got=""
    for _ in 1 2 3; do
        size=$(stat -c %s "$probe")
        press $combo
        for _ in $(seq 1 20); do
            [ "$(stat -c %s "$probe")" -gt "$size" ] && { got=yes; break 2; }
            sleep 0.05
        done
    done
    [ "$(windows)" = "$probe_windows" ] ||
        fail "$action (wtype $combo): a new window appeared (foot acts on it: set $action=none in $ini_arg)"
    if [ -n "$got" ]; then
        echo "   $action: wtype $combo reached the program"
    else
        probe_failures+=("$action (wtype $combo)")
        echo "   $action: wtype $combo did NOT reach the program: foot handled it"
    fi
done
close
[ ${#probe_failures[@]} = 0 ] ||
    fail "foot still acts on these keys (set the binding to none in $ini_arg): ${probe_failures[*]}"
not_bound=$(for a in "${!default_keys[@]}"; do [ -z "${default_keys[$a]}" ] && echo "$a"; done | sort | tr '\n' ' ')
echo "   (not bound by default in foot 1.13, so nothing to press: $not_bound)"

# --- 2. a whole session by clicks ----------------------------------------------------------
step "2. a whole kiosk session by clicks alone, sent to reception (1024x768, 85x32 cells)"
kiosk=$(kiosk_command "$work/config.toml")
echo "   foot runs: $kiosk"
last=""
launch kiosk "$kiosk"
settle "" welcome 15
welcome=$last
# The taps, from the kiosk's screens at 85x32 (tests/screens/snapshots, kiosk_built_in_85x32):
# an answer's first row at column 9, Next ▶ at (78, 29).
tap 40 13 q01-emergency-signs
tap 9 22 q01-none-of-these
tap 78 29 q02-other-warning-signs
tap 9 22 q02-none-of-these
tap 78 29 q03-age
tap 9 15 q03-30-to-49
tap 78 29 q04-where
tap 10 8 q04-low-back
tap 78 29 q05-leg
tap 9 24 q05-none-of-these
tap 78 29 q06-side
tap 9 5 q06-left
tap 78 29 q07-how-it-started
tap 9 8 q07-first
tap 78 29 q08-how-long
tap 9 5 q08-first
tap 78 29 q09-how-bad
tap 9 7 q09-0
tap 78 29 q10-worse
tap 9 5 q10-first
tap 78 29 q11-eases
tap 9 5 q11-first
tap 78 29 q12-limping
tap 9 8 q12-first
tap 78 29 q13-hips
tap 9 9 q13-first
tap 78 29 check-your-answers
tap 69 29 result
tap 44 29 your-code
handed=$(ls "$work/spool")
md=$(ls "$work/spool" | grep -E '^[3469ACDEFGHJKMNPQRTUVWXY]{4}\.md$' || true)
[ -n "$md" ] || fail "no CODE.md in the spool after 'Send my answers to reception' (it has: ${handed:-nothing})"
[ -f "$work/spool/${md%.md}.json" ] || fail "$md but no ${md%.md}.json in the spool (it has: $handed)"
grep -q '^code: ' "$work/spool/$md" || fail "$md has no front matter code line"
echo "   hand-off in the spool: $(echo $handed)"
tap 41 28 all-done
tap 40 13 welcome-again
cmp -s "$last" "$welcome" || fail "after the session the screen is not the welcome it began with ($last against $welcome)"

# --- 3. keys on a question: nothing happens ------------------------------------------------
step "3. keys pressed on a question: no new window, no new process, the same screen"
tap 40 13 keys-question
keys=("${binding_keys[@]}")
keys+=("Ctrl+C|-M ctrl -k c -m ctrl" "Ctrl+Z|-M ctrl -k z -m ctrl"
    "Ctrl+\\|-M ctrl -k backslash -m ctrl" "Ctrl+D|-M ctrl -k d -m ctrl" "Escape|-k Escape")
for f in $(seq 1 12); do keys+=("Alt+F$f|-M alt -k F$f -m alt"); done
windows_before=$(windows)
processes_before=$(processes)
before=$last
# The staff exit key (F10 in deploy/config.toml) opens the PIN prompt, with Alt held too; what
# that prompt looks like, and that Esc closes it again to the same screen:
exit_key=$(sed -n 's/^exit_key = "\(.*\)"/\1/p' "$work/config.toml")
press -k "$exit_key"
settle "$before" staff-prompt
staff_prompt=$last
press -k Escape
back_to "$before" "Esc did not close the staff prompt to the same screen"
for entry in "${keys[@]}"; do
    name=${entry%%|*}
    combo=${entry#*|}
    press $combo
    sleep 0.4 # time for foot or painpath to draw anything the key did
    shot "$work/now.png"
    w=$(windows)
    [ "$w" = "$windows_before" ] || fail "$name (wtype $combo): the windows changed: $windows_before -> $w"
    p=$(processes)
    [ "$p" = "$processes_before" ] ||
        fail "$name (wtype $combo): the processes changed: $(echo $processes_before) -> $(echo $p)"
    if [ "$name" = scrollback-down-page ] && ! cmp -s "$work/now.png" "$before"; then
        # Shift+PageDown reaches painpath as PageDown, which moves the highlight down the
        # answers (Shift+PageUp, pressed at the top, moves nothing). PageUp must move it back.
        cp "$work/now.png" "$shots/key-$name.png"
        press -k Page_Up
        back_to "$before" "$name: painpath moved down the answers, but PageUp did not bring back the same screen"
        echo "   $name: reached painpath (PageDown moved the highlight; PageUp moved it back)"
        continue
    fi
    if [ "$name" = "Alt+$exit_key" ] && cmp -s "$work/now.png" "$staff_prompt"; then
        press -k Escape
        back_to "$before" "$name: Esc did not close the staff prompt"
        echo "   $name: the staff PIN prompt, as $exit_key alone; Esc closed it"
        continue
    fi
    if ! cmp -s "$work/now.png" "$before"; then
        cp "$work/now.png" "$shots/key-$name.png"
        fail "$name (wtype $combo): the screen changed (see $shots/key-$name.png against $before)"
    fi
    echo "   $name (wtype $combo): nothing happened"
done
close

# --- 4. the idle wipe ----------------------------------------------------------------------
step "4. a session left alone is wiped (idle_seconds = 10, warning_seconds = 20)"
launch kiosk-idle "$(kiosk_command "$work/idle.toml")"
last=""
settle "" idle-welcome 15
cmp -s "$last" "$welcome" || fail "the second kiosk's welcome differs from the first's"
tap 40 13 idle-question
tap 9 22 idle-answered
settle "$last" idle-still-there 20
still_there=$last
# The countdown runs for 20 s; poll for the welcome until well after it.
deadline=$((SECONDS + 40))
while :; do
    shot "$work/now.png"
    cmp -s "$work/now.png" "$welcome" && break
    [ $SECONDS -lt $deadline ] || { cp "$work/now.png" "$shots/idle-not-wiped.png"; fail "no welcome 40 s after 'Are you still there?' (see $shots/idle-not-wiped.png)"; }
    sleep 0.25
done
n=$((n + 1))
cp "$work/now.png" "$(printf '%s/%02d-idle-wiped-welcome.png' "$shots" "$n")"
echo "   the warning ($(basename "$still_there")) and then the welcome came back by itself"

# --- 5. another common kiosk size ----------------------------------------------------------
step "5. the welcome at 1280x800 (106x33 cells)"
before=$(mktemp -p "$work")
cp "$welcome" "$before"
swaymsg -q output HEADLESS-1 resolution 1280x800
settle "$before" welcome-1280x800 15
tap 50 14 question-1280x800
close

# --- 6. the systemd units ------------------------------------------------------------------
step "6. systemd-analyze verify on the units and the getty drop-in, the programs they run stubbed"
if command -v systemd-analyze >/dev/null; then
    # A root of their own: systemd's units, deploy's units and drop-in, and an empty
    # executable at every path an Exec line names (cage, foot, loadkeys, painpath, agetty).
    root=$work/root
    mkdir -p "$root/usr/lib/systemd" "$root/etc/systemd/system"
    cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
    cp deploy/*.service "$root/etc/systemd/system/"
    cp -r deploy/getty@tty1.service.d "$root/etc/systemd/system/"
    for path in $(sed -n 's/^Exec[A-Za-z]*=[-+@!:]*\(\/[^ ]*\).*/\1/p' deploy/*.service \
        deploy/getty@tty1.service.d/*.conf | sort -u); do
        mkdir -p "$root$(dirname "$path")"
        printf '#!/bin/sh\n' > "$root$path"
        chmod 755 "$root$path"
        echo "   stubbed $path"
    done
    units=$(cd deploy && ls *.service)
    out=$(systemd-analyze verify --man=no --root="$root" $units getty@tty1.service 2>&1) || {
        echo "$out"
        fail "systemd-analyze verify rejects the units"
    }
    echo "   systemd-analyze verify $(echo $units) getty@tty1.service: ${out:-no complaints}"
else
    echo "   SKIPPED: no systemd-analyze here"
fi

echo "== test-stack: all passed in $(($(date +%s) - started)) s; screenshots in $shots"
