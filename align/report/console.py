"""The terminal summary: lines of text; the CLI prints them."""
from __future__ import annotations

from typing import Sequence


def summary_lines(report, outputs: Sequence[tuple[str, str]] = (), fail_on=None) -> list[str]:
    run = report.run
    langs = f"{run.source_lang or '?'}->{run.target_lang or '?'}" if run.target_lang else run.source_lang
    lines = [f"align check: {', '.join(i.path for i in run.inputs) or '(no input)'} "
             f"[{run.mode}, {langs}, {len(run.pairs) if run.mode == 'bilingual' else sum(len(d.segments) for d in run.documents)} "
             f"{'aligned pairs' if run.mode == 'bilingual' else 'segments'}]"]
    counted = report.counted
    sev = report.by_severity()
    lines.append(f"findings: {len(counted)} (" + ", ".join(f"{k} {v}" for k, v in sev.items()) + ")")
    if report.review.hidden:
        lines.append(f"  {len(report.review.hidden)} accepted false positive(s) hidden")
    by_check = report.by_check()
    if by_check:
        width = max(len(k) for k in by_check)
        for check, n in sorted(by_check.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {check:<{width}}  {n}")
    if report.review.compared:
        marks = list(report.review.marks.values())
        lines.append(f"since previous: {marks.count('New')} new, {marks.count('Still open')} still open, "
                     f"{len(report.review.gone)} gone")
    s = report.score
    lines.append(f"MQM ({s.basis}): quality {s.quality:.2f}, {s.normed_penalty:.2f} penalty points per 1,000 "
                 f"source words ({s.source_words} words), {'PASS' if s.passed else 'FAIL (critical error)'}")
    if fail_on is not None:
        gated = report.gate(fail_on)
        lines.append(f"--fail-on {fail_on}: {len(gated)} finding(s) at or above it -> "
                     f"{'exit 1' if gated else 'exit 0'}")
    for label, path in outputs:
        lines.append(f"{label}: {path}")
    return lines
