#!/usr/bin/env python3
"""Writes the function order for deploy/build.sh: the functions painpath runs from start-up
to its first question and a few keys there, in the order callgrind first lists them.

Runs BIN (an unstripped build from deploy/build.sh) under `valgrind --tool=callgrind` in an
80x24 pseudo-terminal, as bench/e2e.py runs it: the welcome screen, Enter, arrow keys; then
SIGTERM (painpath restores the terminal and exits, and callgrind writes its profile). Only the
Python standard library is used. Run through bench/order.sh.
"""

import argparse
import os
import re
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import Pty, spawn  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--painpath", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--questions", action="append", default=[],
                        help="also a run with --questions FILE (a clinic's own file: the loader)")
    args = parser.parse_args()
    names = []
    seen = set()
    # The built-in questionnaire first, then what a clinic's own file adds (its loading).
    for extra in [[]] + [["--questions", path] for path in args.questions]:
        for name in functions_run(args.painpath, extra):
            if name not in seen:
                seen.add(name)
                names.append(name)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
    print(f"{args.out}: {len(names)} functions", file=sys.stderr)


def functions_run(painpath, extra):
    """The functions painpath runs to its first question and a few keys there, first run first
    (as callgrind lists them)."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "callgrind.out")
        argv = ["valgrind", "--tool=callgrind", "--demangle=no", "--log-file=/dev/null",
                f"--callgrind-out-file={profile}", painpath] + extra
        env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        pid, master, _ = spawn(argv, env)
        pty = Pty(master)
        pty.read_until_settled(0.5, 60, b"[ Start ]")
        pty.write(b"\r")
        pty.read_until_settled(0.5, 30, b"[ ")
        for key in ["down", "up", "down", "down", "up", "up"]:
            pty.key(key)
            pty.read_until_settled(0.3, 30)
        os.kill(pid, signal.SIGTERM)
        pty.drain_and_close(pid, timeout=30)
        names = []
        seen = set()
        with open(profile, encoding="utf-8", errors="replace") as f:
            for line in f:
                match = re.match(r"c?fn=\(\d+\) (.*)", line)
                if not match:
                    continue
                # Callgrind marks recursion depth with 'N; the symbol has no such suffix.
                name = re.sub(r"'\d+$", "", match.group(1).strip())
                if name.startswith("0x") or name in seen:
                    continue
                seen.add(name)
                names.append(name)
        return names


if __name__ == "__main__":
    main()
