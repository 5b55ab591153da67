"""The 123 M3 topologies whose series share their dates, and their scores with and without
per-series smoothing constants (src/site/markdown/accuracy.md, "Constants per series").

  python3 src/test/python/m3_aligned.py groups out/m3        -> out/m3/aligned-all/NNN.csv
  python3 src/test/python/m3_aligned.py summary out/m3/aligned-runs

`groups` needs `src/test/r/m3-corpus.R export` first (out/m3/m3-all.csv, m3-types.csv). The M3
monthly series not in src/test/resources/data/m3-monthly/ are grouped by category, start month
and length; each group is shuffled (random.seed(7), one stream over the groups in sorted order)
and cut into topologies of ten, a remainder of five to nine kept and smaller ones dropped.
Every tenth (000, 010, ..., 120) is in src/test/resources/data/m3-aligned/. `summary` reads the
backtest reports `<NNN>-true.json` / `<NNN>-false.json` (base.perSeries on / off) and prints the
mean MASE of each and how many topologies each wins.
"""
import collections
import csv
import glob
import json
import os
import random
import sys


def groups(out):
    types = {r["series"]: r["type"] for r in csv.DictReader(open(os.path.join(out, "m3-types.csv")))}
    rows = collections.defaultdict(list)
    for r in csv.DictReader(open(os.path.join(out, "m3-all.csv"))):
        rows[r["series"]].append((r["series"], r["ts"], r["value"]))
    used = set()
    for f in glob.glob("src/test/resources/data/m3-monthly/*.csv"):
        used.update(r["series"] for r in csv.DictReader(open(f)))
    keyed = collections.defaultdict(list)
    for s, points in rows.items():
        if s not in used:
            keyed[(types[s], points[0][1], len(points))].append(s)
    random.seed(7)
    target = os.path.join(out, "aligned-all")
    os.makedirs(target, exist_ok=True)
    k = 0
    for _, series in sorted(keyed.items()):
        random.shuffle(series)
        for i in range(0, len(series) - 4, 10):
            group = series[i:i + 10]
            if len(group) < 5:
                continue
            with open(os.path.join(target, f"{k:03d}.csv"), "w") as f:
                f.write("series,ts,value\n")
                for s in group:
                    for p in rows[s]:
                        f.write(",".join(p) + "\n")
            k += 1
    print(k, "topologies in", target)


def summary(runs):
    def mase(path):
        return json.load(open(path))["model"]["overall"]["mase"]

    pairs = []
    for on in sorted(glob.glob(os.path.join(runs, "*-true.json"))):
        off = on.replace("-true.json", "-false.json")
        if os.path.exists(off):
            pairs.append((mase(off), mase(on)))
    n = len(pairs)
    better = sum(1 for one, own in pairs if own < one - 1e-9)
    worse = sum(1 for one, own in pairs if own > one + 1e-9)
    print(f"{n} topologies: one set {sum(p[0] for p in pairs) / n:.4f}, "
          f"per series {sum(p[1] for p in pairs) / n:.4f}; per series better on {better}, worse on {worse}")


if __name__ == "__main__":
    {"groups": groups, "summary": summary}[sys.argv[1]](sys.argv[2])
