#!/usr/bin/env python3
"""Prints the criterion results of `cargo bench --bench screens` as a Markdown table: the
median time of each benchmark and its 95% confidence interval, from
target/criterion/GROUP/NAME/new/estimates.json."""

import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


print("| benchmark | median | 95% interval |")
print("|---|---:|---|")
for path in sorted(root.glob("*/*/new/estimates.json")):
    median = json.loads(path.read_text())["median"]
    interval = median["confidence_interval"]
    name = f"{path.parts[-4]}/{path.parts[-3]}"
    low, high = fmt(interval["lower_bound"]), fmt(interval["upper_bound"])
    print(f"| {name} | {fmt(median['point_estimate'])} | {low} – {high} |")
