"""How many terminology findings do the term checks raise on clean, professionally translated text?

Input: the DGT EN-NL sample (corpora/dgt-en-nl/dgt_en_nl_pairs.tsv), 2,588 translation units
that DGT aligned one to one; the translations are published EU law, so nearly every finding
is a false alarm (or a glossary gap). Prints findings per 1,000 segment pairs per check and
direction (NL->EN and EN->NL), and a sample of findings to read by hand.

    python benchmarks/term_precision.py [--sample 25] [--no-eurovoc] [--seed-too]
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.checks.registry import CheckContext, run_checks  # noqa: E402
from align.model import AlignedPair, Origin, Segment  # noqa: E402
from align.terms import load_glossaries  # noqa: E402

PAIRS = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
TERM_CHECKS = ("term.missing", "term.deprecated", "term.inconsistent", "term.near-miss",
               "segment.untranslated", "segment.wrong-language")


def read_pairs() -> dict[str, list[tuple[int, str, str]]]:
    docs: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            docs[row["doc_id"]].append((int(row["tu_index"]), row["en"], row["nl"]))
    return docs


def context(doc: str, units, src: str, tgt: str, glossary, expect_general: bool = False) -> CheckContext:
    pairs = []
    for i, (tu, en, nl) in enumerate(units):
        text = {"en": en, "nl": nl}
        s = Segment(f"{doc}:{tu}:{src}", text[src], src, Origin(f"{doc}.{src}", tu + 1, tu + 1))
        t = Segment(f"{doc}:{tu}:{tgt}", text[tgt], tgt, Origin(f"{doc}.{tgt}", tu + 1, tu + 1))
        pairs.append(AlignedPair(i, (s,), (t,), 1.0))
    return CheckContext("bilingual", tuple(pairs), (), src, tgt, glossary=glossary,
                        settings={"min_confidence": 0.5, "expect_general_terms": expect_general}, annotations={})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", type=int, default=25, help="findings to print for reading by hand")
    ap.add_argument("--no-eurovoc", action="store_true", help="curated glossaries only")
    ap.add_argument("--expect-general", action="store_true",
                    help="let EuroVoc terms raise term.missing (setting expect_general_terms)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    glossary = load_glossaries((), include_shipped=True, include_general=not args.no_eurovoc)
    paths = [p for p in glossary.files]
    glossary.matcher  # build the index once
    print(f"glossary: {len(glossary.concepts)} concepts from {len(paths)} files, "
          f"loaded in {time.perf_counter() - t0:.2f}s")
    docs = read_pairs()
    n_pairs = sum(len(v) for v in docs.values())
    rng = random.Random(7)
    for src, tgt in (("nl", "en"), ("en", "nl")):
        t0 = time.perf_counter()
        findings = []
        for doc, units in sorted(docs.items()):
            findings.extend(run_checks(context(doc, units, src, tgt, glossary, args.expect_general),
                                       only=TERM_CHECKS))
        secs = time.perf_counter() - t0
        by_check = Counter(f.check for f in findings)
        by_sev = Counter(str(f.severity) for f in findings)
        print(f"\n{src.upper()} -> {tgt.upper()}: {n_pairs} pairs, {len(findings)} findings "
              f"= {1000 * len(findings) / n_pairs:.1f} per 1,000 pairs ({secs:.1f}s)")
        for check in TERM_CHECKS:
            print(f"  {check:<24} {by_check.get(check, 0):>4}  ({1000 * by_check.get(check, 0) / n_pairs:.1f}/1,000)")
        print("  by severity: " + ", ".join(f"{k} {v}" for k, v in sorted(by_sev.items())))
        sample = rng.sample(findings, min(args.sample, len(findings)))
        for f in sample:
            loc = f.locations[0]
            print(f"  - [{f.check} {f.severity}] {f.message[:160]}")
            print(f"      {loc.side} {loc.file}:{loc.line}: {loc.text[:160]}")


if __name__ == "__main__":
    main()
