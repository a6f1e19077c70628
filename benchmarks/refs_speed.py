"""Speed of the reference parser and the reference index on the real DGT EN-NL corpus.

    python benchmarks/refs_speed.py [--sizes 10000 40000] [--rounds 3]

The 2,588 DGT pairs are repeated (each copy with its own segment ids and files) to reach each
size. Prints:
  - find_references segments/s with an empty cache over the distinct DGT segments (the real
    per-segment parsing cost) and over a whole repeated corpus (what a run sees: repeated
    segments hit the parse cache);
  - build_index seconds per corpus size, cold (parsing included) and warm (parse cache
    filled, so only the grouping, merging and disagreement work is timed).
Times are CPU seconds of this process (best of ``--rounds``), so other work on a shared
machine does not blur before/after comparisons; figures go in reports, never in tests.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.model import Document, Origin, Segment  # noqa: E402
from align.refs import _find, find_references  # noqa: E402
from align.refs.index import build_index  # noqa: E402

TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"


def load_pairs() -> list[tuple[str, int, str, str]]:
    with open(TSV, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(r[0], int(r[1]), r[2], r[3]) for r in reader]


def documents(rows, pairs: int) -> list[Document]:
    """An English and a Dutch document of ``pairs`` segments each (the corpus repeated)."""
    en: list[Segment] = []
    nl: list[Segment] = []
    copy = 0
    while len(en) < pairs:
        for doc, tu, en_text, nl_text in rows[:pairs - len(en)]:
            en.append(Segment(f"{copy}:{doc}:{tu}:en", en_text, "en", Origin(f"{copy}-{doc}.en", tu + 1, tu + 1)))
            nl.append(Segment(f"{copy}:{doc}:{tu}:nl", nl_text, "nl", Origin(f"{copy}-{doc}.nl", tu + 1, tu + 1)))
        copy += 1
    return [Document("dgt.en", "en", tuple(en)), Document("dgt.nl", "nl", tuple(nl))]


def best_of(rounds: int, run, cold: bool = True) -> float:
    times = []
    for _ in range(rounds):
        if cold:
            _find.cache_clear()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def parse_all(segments) -> None:
    for seg in segments:
        find_references(seg.text, seg.lang)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 40000], help="corpus sizes in pairs")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rows = load_pairs()

    distinct = [seg for doc in documents(rows, len(rows)) for seg in doc.segments]
    seconds = best_of(args.rounds, lambda: parse_all(distinct))
    print(f"find_references, empty cache, {len(distinct)} distinct DGT segments: "
          f"{len(distinct) / seconds:,.0f} segments/s ({1e6 * seconds / len(distinct):.0f} us/segment)")

    for size in args.sizes:
        docs = documents(rows, size)
        segments = [seg for doc in docs for seg in doc.segments]
        seconds = best_of(args.rounds, lambda: parse_all(segments))
        print(f"find_references, empty cache, {size:,} pairs ({len(segments):,} segments, repeats cached): "
              f"{len(segments) / seconds:,.0f} segments/s")
        entries: list = []
        cold = best_of(args.rounds, lambda: entries.append(build_index(docs)))
        warm = best_of(args.rounds, lambda: build_index(docs), cold=False)
        print(f"build_index, {size:,} pairs: {cold:.2f} s CPU cold (parsing included), "
              f"{warm:.2f} s warm (index work only); {len(entries[-1])} entries, "
              f"{sum(len(e.occurrences) for e in entries[-1]):,} citations")


if __name__ == "__main__":
    main()
