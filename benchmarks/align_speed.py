#!/usr/bin/env python3
"""Speed and peak memory of `align` against nltk's gale_church on long synthetic documents.

The documents are the 35 real DGT-TM EN-NL documents concatenated (repeated as needed) and cut
at N lines on each side, for N = 2,000 and 10,000 by default. Each measurement runs in a fresh
subprocess; peak memory is that subprocess's maximum resident set size (resource.ru_maxrss),
which includes the Python interpreter and imports (about 40-60 MB).

nltk's align_blocks refuses blocks above nltk.translate.gale_church.MAX_ALIGN_BLOCKS (4,000);
the baseline is run up to --nltk-max sentences (raising nltk's limit if asked to) and not above.
Wall time depends on what else the machine runs; CPU time (process_time) is the fairer figure
and the speed-up is computed on it. Strict F1 is measured on the synthetic document against
the concatenated DGT gold beads (only the whole documents before the cut are scored).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DGT_DIR = REPO / "corpora" / "dgt-en-nl" / "en-nl"

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {repo!r})
mode, n = sys.argv[1], int(sys.argv[2])
from pathlib import Path
docs = sorted(Path({dgt!r}).glob("*.gold"))
from align.alignment.scoring import parse_beads, score
src, tgt, gold = [], [], []
boundaries = []  # (source end, target end) after each whole document
k = 0
while len(src) < n or len(tgt) < n:
    d = docs[k % len(docs)]
    for s_, t_ in parse_beads(d.read_text(encoding="utf-8")):
        gold.append((tuple(i + len(src) for i in s_), tuple(j + len(tgt) for j in t_)))
    src += d.with_suffix(".en").read_text(encoding="utf-8").rstrip("\n").split("\n")
    tgt += d.with_suffix(".nl").read_text(encoding="utf-8").rstrip("\n").split("\n")
    k += 1
    boundaries.append((len(src), len(tgt)))
src, tgt = src[:n], tgt[:n]
last_s, last_t = max(((a, b) for a, b in boundaries if a <= n and b <= n), default=(0, 0))
inside = lambda b: all(i < last_s for i in b[0]) and all(j < last_t for j in b[1])  # whole documents only
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if mode == "align":
    from align.alignment import align_sentences
    t0, c0 = time.perf_counter(), time.process_time()
    links = align_sentences(src, tgt, "en", "nl")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    beads = len(links)
    test = [(l.source, l.target) for l in links]
    f1 = score([[b for b in gold if inside(b)]], [[b for b in test if inside(b)]]).f1_strict
else:
    from nltk.translate import gale_church
    gale_church.MAX_ALIGN_BLOCKS = max(gale_church.MAX_ALIGN_BLOCKS, n)
    t0, c0 = time.perf_counter(), time.process_time()
    pairs = gale_church.align_blocks([max(1, len(s)) for s in src], [max(1, len(t)) for t in tgt])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    beads = len(pairs)
    f1 = None
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "cpu": cpu, "peak_mb": peak / 1024, "start_mb": before / 1024,
                  "beads": beads, "f1": f1}}))
"""


def measure(mode: str, n: int) -> dict:
    code = CHILD.format(repo=str(REPO), dgt=str(DGT_DIR))
    out = subprocess.run([sys.executable, "-c", code, mode, str(n)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated sentence counts per side")
    parser.add_argument("--nltk-max", type=int, default=4000, help="largest size to run nltk on")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (the fastest is kept)")
    args = parser.parse_args(argv)
    print(f"{'size':>13} {'aligner':<18} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'strict F1':>9} {'speed-up':>9}")
    for n in (int(x) for x in args.sizes.split(",")):
        ours = min((measure("align", n) for _ in range(args.repeat)), key=lambda r: r["seconds"])
        base = None
        if n <= args.nltk_max:
            base = min((measure("nltk", n) for _ in range(args.repeat)), key=lambda r: r["seconds"])
        label = f"{n:,}x{n:,}"
        speedup = f"{base['cpu'] / ours['cpu']:8.1f}x" if base else "       -"
        print(f"{label:>13} {'align':<18} {ours['seconds']:8.2f} {ours['cpu']:8.2f} {ours['peak_mb']:8.0f} "
              f"{ours['f1']:9.3f} {speedup}")
        if base:
            print(f"{label:>13} {'nltk gale_church':<18} {base['seconds']:8.2f} {base['cpu']:8.2f} "
                  f"{base['peak_mb']:8.0f} {'':>9}")
        else:
            print(f"{label:>13} {'nltk gale_church':<18} not run (above --nltk-max {args.nltk_max}; nltk's own "
                  f"limit is {4000} per block and its table is n*m cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
