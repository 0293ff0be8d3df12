# ~painpath/.profile for the autologin set-up: run the kiosk on tty1 only, and log out
# (so getty restarts it) whenever it ends. Any other login gets a normal shell.
if [ "$(tty)" = "/dev/tty1" ]; then
    exec /usr/local/bin/painpath --kiosk --config /etc/painpath/config.toml
fi
