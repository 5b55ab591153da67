#!/usr/bin/env python3
"""The Markdown table of bin/accuracy-report: one row per backtest run found in a directory.

Each run is <set>-<design>-<cell>.status ("ok", "not supported: <why>" or "failed: <why>"), with,
when it ran, the backtest's JSON report (<run>.json) and its log (<run>.log, for the epochs early
stopping ended at). Rows follow the order of the data sets and designs given, then the cell.
"""
import argparse
import json
import math
import re
import sys
from pathlib import Path

HEADER = (
    "| data set | design | cell | MASE served | MASE network | MASE base | seasonal naive | naive "
    "| sMAPE served | coverage served (80% intervals) | MSIS served | epochs |"
)
COLUMNS = HEADER.count("|") - 1
EPOCHS = re.compile(r"^pretrained .* in (\d+) epochs", re.MULTILINE)
NOMINAL = 0.8  # interval.coverage of every example topology; a report saying otherwise is marked


def parse_name(stem, sets, designs):
    """(set, design, cell) of a run's file stem, or None when it names no known set and design."""
    for data_set in sets:
        for design in designs:
            prefix = f"{data_set}-{design}-"
            if stem.startswith(prefix) and len(stem) > len(prefix):
                return data_set, design, stem[len(prefix):]
    return None


def mase(report, method):
    stats = report.get(method)
    return fixed(stats["overall"]["mase"]) if stats else "-"


def fixed(value, digits=3):
    if value is None or isinstance(value, str) or not math.isfinite(value):
        return "-"
    return f"{value:.{digits}f}"


def coverage(report):
    served = report["model"]["overall"].get("coverage")
    if served is None:
        return "-"
    cell = f"{100 * served:.1f}%"
    level = report.get("intervalLevel")
    if level is not None and abs(level - NOMINAL) > 1e-9:
        cell += f" (of {100 * level:g}%)"
    return cell


def msis(report):
    """The served intervals' mean scaled interval score, as the backtest's JSON report gives it."""
    return fixed(report.get("msis"), 2)


def row(run_dir, stem, data_set, design, cell):
    status = (run_dir / f"{stem}.status").read_text().strip()
    label = [data_set, design, cell]
    if status != "ok":
        verdict = status.split(":", 1)[0]
        return label + [verdict] + ["-"] * (COLUMNS - 4), status
    report = json.loads((run_dir / f"{stem}.json").read_text())
    log = run_dir / f"{stem}.log"
    epochs = EPOCHS.search(log.read_text(errors="replace")) if log.exists() else None
    return label + [
        mase(report, "model"),
        mase(report, "network"),
        mase(report, "base"),
        mase(report, "seasonalNaive"),
        mase(report, "naive"),
        fixed(report["model"]["overall"]["smape"], 2),
        coverage(report),
        msis(report),
        epochs.group(1) if epochs else "?",
    ], None


def table(run_dir, sets, designs):
    """The Markdown table, then one note per distinct reason a run has no figures."""
    runs = []
    for status in run_dir.glob("*.status"):
        parsed = parse_name(status.stem, sets, designs)
        if parsed:
            data_set, design, cell = parsed
            runs.append((sets.index(data_set), designs.index(design), cell, status.stem, parsed))
    runs.sort()
    lines = [HEADER, "|" + "---|" * COLUMNS]
    notes = []
    for *_, stem, (data_set, design, cell) in runs:
        cells, note = row(run_dir, stem, data_set, design, cell)
        lines.append("| " + " | ".join(cells) + " |")
        if note and note not in notes:
            notes.append(note)
    lines += [""] + [f"- {note}" for note in notes] if notes else []
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--order", required=True, help="data sets, space separated, in table order")
    parser.add_argument("--designs", required=True, help="designs, space separated, in table order")
    args = parser.parse_args(argv)
    sys.stdout.write(table(args.run_dir, args.order.split(), args.designs.split()))


if __name__ == "__main__":
    main()
