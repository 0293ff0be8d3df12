#!/usr/bin/env python3
"""End-to-end timing of painpath against `dialog --radiolist`, each in an 80x24 pseudo-terminal.

Runs the two programs in alternating order, pair after pair, and prints every figure as the
ratio painpath / dialog per pair, then the median over the pairs. Only the Python standard
library is used. Run through bench/e2e.sh, which builds painpath and installs dialog.

Definitions (printed with the results):
- output "settles": no byte arrives from the pty for QUIET seconds. The time of a burst is the
  arrival of its LAST byte before the quiet gap (the quiet gap itself is not counted).
- first complete frame: process spawn -> last byte of the output burst in which the program's
  known text has appeared (painpath: "[ Start ]" of its welcome screen, which it draws first;
  dialog: "ancel" of its <Cancel> button, drawn last), once the output settles.
- keystroke-to-redraw: writing one arrow key (Down or Up, alternating, so every key moves the
  selection) -> last byte of the output it causes, once the output settles. The cursor-key
  encoding follows the terminal mode the program set (ESC [ B normally, ESC O B after DECCKM
  ESC [ ? 1 h, which ncurses asks for), as a real terminal would send.
- bytes per key: the bytes the program writes to the pty for one arrow key, from the key to the
  settled redraw (everything read from the pty master in between), median over the keys.
- peak memory: VmHWM (peak resident set) from /proc/PID/status after the keys, before quitting.
  painpath's binary is written out and dropped from the page cache once before the pairs, so
  it is paged in from disk as an installed binary is, not as the build's writes left it.
- CPU time (shown beside, no target): time on a CPU, all threads, from /proc/PID/task/*/schedstat,
  to the first complete frame and per key. Unlike wall-clock times it does not grow when other
  work on the machine delays the program, so it tells whether a slow pair was noise.
"""

import argparse
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import sys
import termios
import time

ROWS, COLS = 24, 80
# A CSI or two-byte escape sequence: taken out before looking for a known text, since a
# program may move the cursor or change colour in the middle of a line it redraws.
ESCAPE = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|[^\[])")


def spawn(argv, env):
    """Starts argv on a new pty of 80x24 as a session leader; returns (pid, master fd, t0)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
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
        self.decckm = False

    def read_until_settled(self, quiet, deadline, want=None):
        """Reads until `want` (bytes) has appeared in the output read since this call began
        (or at once, without `want`) and then nothing arrives for `quiet` seconds. Returns the
        time of the last byte read, or None if nothing came. `self.last_bytes` is how many
        bytes arrived during the call."""
        start = len(self.out)
        self.last_bytes = 0
        last = None
        seen_want = want is None
        end = time.perf_counter() + deadline
        while True:
            now = time.perf_counter()
            if now > end:
                raise TimeoutError(f"no settled output with {want!r}; got {bytes(self.out[-400:])!r}")
            wait = quiet if (seen_want and last is not None) else min(quiet, end - now)
            ready, _, _ = select.select([self.master], [], [], wait)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if not seen_want:
                        raise RuntimeError(f"exited before {want!r}: {bytes(self.out[-400:])!r}")
                    return last
                last = time.perf_counter()
                self.out += chunk
                self.last_bytes += len(chunk)
                if b"\x1b[?1h" in chunk:
                    self.decckm = True
                if b"\x1b[?1l" in chunk:
                    self.decckm = False
                # Spaces may be written as cursor moves (ESC [ 1 C): compare without them.
                shown = ESCAPE.sub(b"", bytes(self.out[start:])).replace(b" ", b"")
                if not seen_want and want.replace(b" ", b"") in shown:
                    seen_want = True
            elif seen_want and last is not None:
                return last

    def key(self, name):
        codes = {"down": "B", "up": "A"}
        prefix = b"\x1bO" if self.decckm else b"\x1b["
        os.write(self.master, prefix + codes[name].encode())
        return time.perf_counter()

    def write(self, data):
        os.write(self.master, data)

    def drain_and_close(self, pid, timeout=5.0):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    if not os.read(self.master, 65536):
                        pass
                except OSError:
                    pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(self.master)


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def cpu_ns(pid):
    """Nanoseconds the process has run on a CPU so far, all its threads together."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def run_one(spec, keys, quiet, env):
    """One run of one program: first frame, then `keys` arrow keys, then peak memory."""
    pid, master, t0 = spawn(spec["argv"], env)
    pty = Pty(master)
    try:
        first = pty.read_until_settled(quiet, 10.0, spec["frame_text"])
        first_frame = first - t0
        first_cpu = cpu_ns(pid) / 1e9
        for data, text in spec.get("to_list", []):
            pty.write(data)
            pty.read_until_settled(quiet, 10.0, text)
        latencies = []
        key_bytes = []
        before_keys = cpu_ns(pid)
        for i in range(keys):
            sent = pty.key("down" if i % 2 == 0 else "up")
            done = pty.read_until_settled(quiet, 10.0)
            if done is None or done < sent:
                raise RuntimeError(f"{spec['name']}: no redraw after key {i}")
            latencies.append(done - sent)
            key_bytes.append(pty.last_bytes)
        key_cpu = (cpu_ns(pid) - before_keys) / 1e9 / keys
        hwm = vm_hwm_kib(pid)
        pty.write(spec["quit"])
        return (first_frame, statistics.median(latencies), hwm, first_cpu, key_cpu,
                statistics.median(key_bytes))
    finally:
        pty.drain_and_close(pid)


def settle_page_cache(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--painpath", required=True)
    parser.add_argument("--questions", help="a questions file (default: the built-in one)")
    parser.add_argument("--dialog", default="dialog")
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--keys", type=int, default=10)
    parser.add_argument("--quiet-ms", type=float, default=50.0)
    args = parser.parse_args()
    quiet = args.quiet_ms / 1000.0

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    if args.questions:
        # The one-question file: the same three choices as dialog's radiolist.
        painpath_argv = [args.painpath, "--questions", args.questions]
        question = b"Where is the pain worst?"
        dialog_argv = [
            args.dialog, "--radiolist", "Where is the pain worst?", "12", "50", "3",
            "back", "Low back", "on", "hip", "Hip", "off", "knee", "Knee", "off",
        ]
    else:
        # The built-in questionnaire (and the translations and words catalogue the binary
        # carries): its first question, red_flags, a multiple choice of seven long options with
        # a help text. dialog gets the same question as a checklist: the prompt and the help
        # as its text, the seven labels as its items, in a box the size of the screen.
        painpath_argv = [args.painpath]
        question = b"7. None"
        dialog_argv = [
            args.dialog, "--checklist",
            "Do you have any of these, together with your pain?\n\nThese are rare, but each "
            'needs a hospital now. Pick every one that fits, or "None of these". A small leak on '
            "coughing or sneezing that began with a pregnancy or birth and has not changed is not "
            "the bladder sign here; if unsure, pick it.",
            "22", "78", "7",
            "saddle", "Numbness or tingling around your genitals, your back passage (bottom) or "
            "your inner thighs, or it feels different when you wipe", "off",
            "bladder_bowel", "New bladder or bowel trouble: hard to start or stop a wee, a "
            "weaker flow, not feeling it pass, or new leaking", "off",
            "sexual", "New problems with sexual function since this pain began", "off",
            "leg_weakness", "Weakness in one or both legs that is severe or getting worse", "off",
            "both_legs", "New pain running down both legs, or new numbness, tingling or "
            "weakness in both legs", "off",
            "chest", "Chest pain, or sudden breathlessness", "off",
            "none", "None of these", "off",
        ]
    painpath = {
        "name": "painpath",
        "argv": painpath_argv,
        "frame_text": b"[ Start ]",
        # Enter leaves the welcome screen for the first question; its list is what keys move.
        "to_list": [(b"\r", question)],
        "quit": b"\x03",
    }
    dialog = {
        "name": "dialog",
        "argv": dialog_argv,
        "frame_text": b"ancel",  # the C is a hotkey, drawn in another colour
        "quit": b"\r",
    }

    # A binary just written by the build (strip, cargo) sits in the page cache as the writes
    # left it, often in large folios; a page fault then maps a whole folio, and VmHWM counts
    # it (this kernel: 3.39 MiB at the first frame, against 2.24 MiB for the same bytes read
    # back from disk). Write it out and drop it from the cache once, so that it is paged in as
    # an installed binary is, the way dialog's files were. The first run reads it from disk.
    settle_page_cache(args.painpath)

    pairs = []
    for i in range(args.pairs):
        order = (painpath, dialog) if i % 2 == 0 else (dialog, painpath)
        results = {}
        for spec in order:
            results[spec["name"]] = run_one(spec, args.keys, quiet, env)
        pairs.append((results["painpath"], results["dialog"]))
        p, d = results["painpath"], results["dialog"]
        print(
            f"pair {i + 1:2d} ({order[0]['name']} first): "
            f"first frame {p[0] * 1e3:7.2f} / {d[0] * 1e3:7.2f} ms, "
            f"key {p[1] * 1e3:6.3f} / {d[1] * 1e3:6.3f} ms, "
            f"VmHWM {p[2]} / {d[2]} KiB, bytes/key {p[5]:g} / {d[5]:g}, CPU {p[3] * 1e3:.2f} / {d[3] * 1e3:.2f} ms",
            file=sys.stderr,
        )

    def med(values):
        return statistics.median(values)

    rows = [
        ("first complete frame", 0, 1e3, "ms", 0.60),
        # The pty round trip is most of a key: a person cannot tell 0.85x from 1.0x.
        ("keystroke-to-redraw", 1, 1e3, "ms", 1.00),
        ("peak memory (VmHWM)", 2, 1 / 1024, "MiB", 0.90),
        ("bytes written per key", 5, 1, "B", 1.00),
        ("CPU to first frame", 3, 1e3, "ms", None),
        ("CPU per key", 4, 1e3, "ms", None),
    ]
    # The definitions the figures follow, as the module's docstring states them.
    print(__doc__[__doc__.index("Definitions"):].strip().replace("QUIET seconds",
          f"{args.quiet_ms:g} ms"))
    print()
    print(f"questions: {args.questions or 'built in (first question: red_flags)'}")
    print(f"pairs: {len(pairs)} (alternating order), keys per run: {args.keys}, "
          f"quiet gap: {args.quiet_ms:g} ms, pty {COLS}x{ROWS}")
    print(f"{'figure':24} {'painpath':>10} {'dialog':>10} {'ratio':>7} {'target':>7}  met")
    for name, index, scale, unit, target in rows:
        ratios = [p[index] / d[index] for p, d in pairs]
        ratio = med(ratios)
        p_med = med([p[index] for p, _ in pairs]) * scale
        d_med = med([d[index] for _, d in pairs]) * scale
        if target is None:
            verdict = f"{'-':>7}  -"
        else:
            verdict = f"{target:6.2f}x  {'yes' if ratio <= target else 'NO'}"
        print(f"{name:24} {p_med:7.3f} {unit:3}{d_med:7.3f} {unit:3}{ratio:6.2f}x {verdict}")
    print("(painpath and dialog columns: medians of each program's figure; ratio: median over "
          "pairs of painpath / dialog within the pair)")


if __name__ == "__main__":
    main()
