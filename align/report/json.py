"""findings.json: the machine-readable report (contract in ARCHITECTURE.md).

Deterministic: keys sorted, findings in the registry's order, paths as given, shipped
glossaries named relative to the shipped folder, no timestamps. Same inputs, same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path

from align import __version__


def summary_json(total: int, by_severity: dict, by_check: dict, by_category: dict, score, review,
                 new: int) -> dict:
    """The summary keys of findings.json, for the normal run and the streamed one alike.

    ``review`` needs ``hidden``, ``compared``, ``sources`` and ``gone`` (a review state)."""
    summary = {
        "total": total,
        "by_severity": by_severity,
        "by_check": by_check,
        "by_category": by_category,
        "hidden_false_positives": len(review.hidden),
        "mqm": score.to_json(),
    }
    if review.compared:
        summary["previous"] = list(review.sources)
        summary["gone"] = [{"id": d.finding_id, "check": d.check, **d.to_json(), "snippet": d.snippet}
                           for d in review.gone]
        summary["new"] = new
    return summary


def display_glossary_path(path: str) -> str:
    """Shipped glossaries as ``shipped:<name>`` so the JSON does not depend on the install path."""
    from align.resources import glossary_dir

    try:
        rel = Path(path).resolve().relative_to(glossary_dir().resolve())
    except (ValueError, OSError):
        return str(path)
    return f"shipped:{rel.as_posix()}"


def findings_document(report) -> dict:
    run = report.run
    review = report.review
    findings = []
    for f in run.findings:
        item = f.to_json()
        decision = review.decisions.get(f.id)
        if decision is not None:
            item["review"] = decision.to_json()
        if review.compared and review.marks.get(f.id):
            item["since_previous"] = review.marks[f.id]
        if f.id in review.resembles:
            item["resembles_gone"] = review.resembles[f.id]
        item["effective_severity"] = str(report.severity_of(f))
        findings.append(item)
    summary = summary_json(len(run.findings), report.by_severity(), report.by_check(), report.by_category(),
                           report.score, review, sum(1 for m in review.marks.values() if m == "New"))
    return {
        "tool": "align",
        "version": __version__,
        "mode": run.mode,
        "languages": {"source": run.source_lang, "target": run.target_lang},
        "inputs": [i.to_json() for i in run.inputs],
        "glossaries": [{"path": display_glossary_path(p), "sha256": h} for p, h in run.glossary_files],
        "summary": summary,
        "findings": findings,
    }


def findings_json(report) -> str:
    return json.dumps(findings_document(report), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_findings_json(report, path, inputs=()) -> None:
    from align.io.atomic import write_text_atomic

    write_text_atomic(path, findings_json(report), inputs)
