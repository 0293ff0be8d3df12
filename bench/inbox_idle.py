#!/usr/bin/env python3
"""The reception inbox on a large spool folder, in an 80x24 pseudo-terminal: the release binary
as reception runs it. Only the Python standard library is used; run through bench/inbox.sh,
which builds painpath first.

The folder (a temporary one, removed afterwards) holds N hand-offs, each a CODE.md summary of
about 2 KB with its front matter and a CODE.json response, and N other files. Each mode
(notifications, the default; and --poll) is measured on its own run:

- first full list: process spawn -> last byte of the output burst in which "N waiting" (the
  header of the full list) has appeared, once the output settles (no byte for QUIET seconds);
- idle CPU: utime + stime of the whole process (all threads) from /proc/PID/stat, over
  SECONDS seconds of an idle inbox, from SETTLE seconds after the first full list (past the
  2.5 s after its first look in which polling reads the folder's names at every look); as a
  percentage of one CPU. With SECONDS of 30 or more the whole-folder check that runs every
  30 s falls inside the window;
- keystroke-to-redraw: writing one arrow key (Down, Up alternating) -> last byte of the
  output it causes, once the output settles; median and worst of KEYS keys;
- a new hand-off on screen: the kiosk's way (the .json, then the .md, each written to a
  temporary name and renamed) -> its code on screen (an emergency, newest: the top row).
"""

import argparse
import fcntl
import os
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

ROWS, COLS = 24, 80
QUIET = 0.05
ALPHABET = "3469ACDEFGHJKMNPQRTUVWXY"
BODY = "Some line of the summary, as the report writes it.\n" * 40


def code(n):
    out = []
    for _ in range(4):
        out.append(ALPHABET[n % len(ALPHABET)])
        n //= len(ALPHABET)
    return "".join(reversed(out))


def summary(i, urgency, authored):
    return (
        f"---\ncode: {code(i)}\nauthored: {authored}\nurgency: {urgency}\noutcome: knee\n"
        f"title: Knee pain, worse on stairs ({i})\n---\n\n# Your summary\n\n{BODY}"
    )


def fill(folder, n, others):
    urgencies = ["self-care", "soon", "emergency"]
    for i in range(n):
        authored = f"2026-11-{1 + i % 28:02}T{i % 24:02}:{i % 60:02}:00Z"
        with open(os.path.join(folder, f"{code(i)}.md"), "w") as f:
            f.write(summary(i, urgencies[i % 3], authored))
        with open(os.path.join(folder, f"{code(i)}.json"), "w") as f:
            f.write('{"resourceType": "QuestionnaireResponse"}')
    for i in range(others):
        with open(os.path.join(folder, f"scan-{i}.pdf"), "w") as f:
            f.write("not a hand-off")


def hand_off(folder, i):
    """Writes hand-off i as the kiosk does: each file to a temporary name, then renamed."""
    text = {"json": "{}", "md": summary(i, "emergency", "2027-01-01T00:00:00Z")}
    for ext in ["json", "md"]:
        temp = os.path.join(folder, f".{code(i)}.{ext}.{os.getpid()}.0.tmp")
        with open(temp, "w") as f:
            f.write(text[ext])
        os.rename(temp, os.path.join(folder, f"{code(i)}.{ext}"))


def spawn(argv):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    actions = [
        (os.POSIX_SPAWN_DUP2, slave, 0),
        (os.POSIX_SPAWN_DUP2, slave, 1),
        (os.POSIX_SPAWN_DUP2, slave, 2),
        (os.POSIX_SPAWN_CLOSE, master),
    ]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions, setsid=True)
    os.close(slave)
    return pid, master, t0


class Pty:
    def __init__(self, master):
        self.master = master
        self.out = bytearray()

    def read_for(self, seconds):
        """Reads (and keeps) whatever comes for this long."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.out += os.read(self.master, 65536)
                except OSError:
                    return

    def until_settled(self, want=None, deadline=30.0):
        """Reads until `want` (bytes) has appeared in what arrives from now on (at once without
        it) and then nothing comes for QUIET s; returns the time of the last byte read."""
        start = len(self.out)
        last = None
        end = time.perf_counter() + deadline
        while True:
            seen = want is None or want in self.out[start:]
            now = time.perf_counter()
            if now > end:
                raise TimeoutError(f"no {want!r}; got {bytes(self.out[-300:])!r}")
            wait = QUIET if (seen and last is not None) else min(QUIET, end - now)
            ready, _, _ = select.select([self.master], [], [], wait)
            if not ready:
                if seen and last is not None:
                    return last
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                return last
            self.out += chunk
            last = time.perf_counter()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the command's ")": state is field 3, utime 14 and stime 15 (1-based), so 11, 12.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(painpath, folder, n, seconds, settle, keys, poll, next_code):
    argv = [painpath, "inbox", folder] + (["--poll"] if poll else [])
    pid, master, t0 = spawn(argv)
    pty = Pty(master)
    try:
        first = pty.until_settled(f"{n} waiting".encode()) - t0
        pty.read_for(settle)
        cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
        pty.read_for(seconds)
        idle = (cpu_seconds(pid) - cpu0) / (time.perf_counter() - wall0) * 100
        times = []
        for k in range(keys):
            key = b"\x1b[B" if k % 2 == 0 else b"\x1b[A"
            sent = time.perf_counter()
            os.write(master, key)
            last = pty.until_settled()
            times.append((last or sent) - sent)
        written = time.perf_counter()
        hand_off(folder, next_code)
        shown = pty.until_settled(code(next_code).encode(), deadline=10.0)
        appeared = shown - written
        os.write(master, b"q")
        pty.read_for(0.5)
        return first, idle, statistics.median(times), max(times), appeared
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(master)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--painpath", default="target/release/painpath")
    parser.add_argument("--handoffs", type=int, default=20000)
    parser.add_argument("--others", type=int, default=None, help="default: as many as hand-offs")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--folder", default=None, help="where to make the spool (default: /tmp)")
    parser.add_argument("--modes", default="notifications,poll",
                        help="which runs: notifications (no flag), poll (--poll), or both")
    args = parser.parse_args()
    n = args.handoffs
    others = n if args.others is None else args.others
    folder = tempfile.mkdtemp(prefix="painpath-inbox-bench-", dir=args.folder)
    try:
        made = time.perf_counter()
        fill(folder, n, others)
        print(f"spool: {n} hand-offs ({2 * n} files) and {others} other files in {folder} "
              f"(written in {time.perf_counter() - made:.1f} s)")
        print(f"idle over {args.seconds:g} s from {args.settle:g} s after the first full list, "
              f"{args.keys} keys; quiet gap {QUIET * 1000:.0f} ms")
        print()
        print(f"{'mode':<15}{'first full list':>17}{'idle CPU':>10}{'key median':>12}"
              f"{'key worst':>11}{'new hand-off':>14}")
        modes = [m.strip() for m in args.modes.split(",")]
        for i, poll in enumerate([m == "poll" for m in modes]):
            first, idle, median, worst, appeared = run(
                args.painpath, folder, n, args.seconds, args.settle, args.keys, poll, n + i
            )
            mode = "--poll" if poll else "notifications"
            print(f"{mode:<15}{first * 1000:>14.0f} ms{idle:>9.2f}%{median * 1000:>9.2f} ms"
                  f"{worst * 1000:>8.2f} ms{appeared * 1000:>11.0f} ms")
            # The next run starts with the new hand-off there: one more entry.
            n += 1
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main())
