#!/bin/sh
# /usr/local/bin/painpath-session: the kiosk user's login shell for the automatic-login set-up
# (getty@tty1.service.d/painpath-autologin.conf). Install it with
#     install -m 0755 deploy/painpath-session.sh /usr/local/bin/painpath-session
#     usermod --shell /usr/local/bin/painpath-session painpath
# and see "The other way: automatic login" in docs/kiosk.md.
#
# It is the login shell itself, not a ~/.profile: a profile is read by an interactive shell,
# and a Ctrl+C before its first line has run leaves that shell at a prompt. This script is not
# interactive, so there is never a prompt: a Ctrl+C before the trap below ends the login
# (getty logs in again), and after it Ctrl+C, Ctrl+\ and Ctrl+Z do nothing, here and in
# everything started from here (an ignored signal stays ignored across exec). painpath turns
# the terminal to raw mode as it starts, where those keys are only keys.
trap '' INT QUIT TSTP

# For tests only (tests/kiosk_startup.rs); a login starts with none of these set.
painpath=${PAINPATH_BIN:-/usr/local/bin/painpath}
config=${PAINPATH_CONFIG:-/etc/painpath/config.toml}
pause=${PAINPATH_RESTART_PAUSE:-1}

# painpath runs again after anything but a staff exit: a crash, a refused start (a missing
# spool folder, say: its message stays on screen), SIGTERM. After a staff exit (F10 and the
# PIN, status 10) staff get a shell as the kiosk user; `exit` starts the kiosk again.
while :; do
    # The terminal as a shell expects it, whatever the last run left (a painpath killed while
    # the terminal was raw cannot put it back).
    stty sane 2>/dev/null
    "$painpath" --kiosk --config "$config"
    if [ "$?" -eq 10 ]; then
        stty sane 2>/dev/null
        echo "painpath kiosk closed by staff. Type exit to start it again."
        # Without job control (+m), so the shell leaves the terminal to this loop when it ends.
        /bin/sh +m -i
    else
        sleep "$pause"
    fi
done
