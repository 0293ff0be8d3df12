# ~painpath/.profile for the autologin set-up: run the kiosk on tty1 only. When it ends,
# log out (so getty logs in again and restarts it), except when staff left with F10 and the
# PIN (status 10): then this login becomes a shell for staff; `exit` starts the kiosk again.
# Any other login gets a normal shell.
if [ "$(tty)" = "/dev/tty1" ]; then
    /usr/local/bin/painpath --kiosk --config /etc/painpath/config.toml
    if [ "$?" -ne 10 ]; then
        exit
    fi
    echo "painpath kiosk closed by staff. Type exit to start it again."
fi
