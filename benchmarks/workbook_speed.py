"""How long the reports take for a large run: workbook and JSON for many pairs and findings.

    python benchmarks/workbook_speed.py [--pairs 20000] [--findings 5000]

Uses the real DGT EN-NL sentence pairs (repeated to the size asked) and findings that point
at real numbers in them; prints seconds, file sizes and peak memory.
"""
from __future__ import annotations

import argparse
import csv
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.checks.registry import finding_id  # noqa: E402
from align.model import Bitext, Document, Finding, Link, Origin, Segment, Severity, location_for  # noqa: E402
from align.pipeline import CheckConfig, CheckRun, InputInfo  # noqa: E402
from align.report.bundle import build_report  # noqa: E402
from align.report.json import findings_json  # noqa: E402
from align.report.xlsx import write_workbook  # noqa: E402


def load_pairs(n: int) -> list[tuple[str, str]]:
    with open(ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv", encoding="utf-8", newline="") as fh:
        rows = [(r["nl"], r["en"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return [rows[i % len(rows)] for i in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=20000)
    ap.add_argument("--findings", type=int, default=5000)
    args = ap.parse_args()
    pairs = load_pairs(args.pairs)
    src = tuple(Segment(f"s{i}", nl, "nl", Origin("big.nl.txt", i + 1, i + 1)) for i, (nl, _en) in enumerate(pairs))
    tgt = tuple(Segment(f"t{i}", en, "en", Origin("big.en.txt", i + 1, i + 1)) for i, (_nl, en) in enumerate(pairs))
    bitext = Bitext(Document("big.nl.txt", "nl", src), Document("big.en.txt", "en", tgt),
                    tuple(Link((i,), (i,), 0.3 if i % 17 == 0 else 0.9) for i in range(len(pairs))))
    findings = []
    number = re.compile(r"\d+")
    for i, seg in enumerate(tgt):
        if len(findings) >= args.findings:
            break
        m = number.search(seg.text)
        if not m:
            continue
        locs = (location_for(src[i], "source"), location_for(seg, "target", m.span()))
        sev = (Severity.MINOR, Severity.MAJOR, Severity.CRITICAL)[i % 3]
        findings.append(Finding(finding_id("bench.number", "", m.group(), locs, str(i)), "bench.number", "Accuracy",
                                sev, f"number {m.group()}", "", m.group(), locs))
    pairs_resolved = tuple(bitext.pairs())
    run = CheckRun(CheckConfig(inputs=("big.nl.txt", "big.en.txt")), "bilingual",
                   (InputInfo("big.nl.txt", "source", "", "text", "nl"), InputInfo("big.en.txt", "target", "", "text", "en")),
                   (bitext.source, bitext.target), bitext, pairs_resolved, "nl", "en", None, (), tuple(findings))
    report = build_report(run, generated="benchmark")
    out = Path(tempfile.mkdtemp(prefix="align-bench-"))
    t0 = time.perf_counter()
    write_workbook(report, out / "big.xlsx")
    t1 = time.perf_counter()
    text = findings_json(report)
    t2 = time.perf_counter()
    (out / "big.json").write_text(text, encoding="utf-8")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pairs {len(pairs)}, findings {len(findings)}")
    print(f"workbook: {t1 - t0:.2f} s, {(out / 'big.xlsx').stat().st_size / 1e6:.1f} MB")
    print(f"json: {t2 - t1:.2f} s, {(out / 'big.json').stat().st_size / 1e6:.1f} MB")
    print(f"peak RSS: {peak_mb:.0f} MB  (outputs in {out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
