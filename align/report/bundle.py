"""One run's findings together with the reviewers' decisions and the score: what every report prints."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from align.model import Finding, Severity
from align.report.review import FALSE_POSITIVE, ReviewState
from align.report.score import DEFAULT_WEIGHTS, MqmScore, mqm_score, source_word_count

# Decisions that take a finding out of the --fail-on gate: a reviewer has accepted it.
NOT_GATING_STATUSES = frozenset({FALSE_POSITIVE, "Won't fix"})


@dataclass(frozen=True)
class Report:
    run: object  # align.pipeline.CheckRun
    review: ReviewState
    score: MqmScore
    max_findings: int | None = None
    generated: str = ""  # date written on the workbook's Summary (never in the JSON)
    checks: dict = field(default_factory=dict)  # check id -> (category, description)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.run.findings  # type: ignore[attr-defined]

    @property
    def counted(self) -> tuple[Finding, ...]:
        """Findings still standing: all but accepted false positives."""
        hidden = {f.id for f in self.review.hidden}
        return tuple(f for f in self.findings if f.id not in hidden)

    def severity_of(self, finding: Finding) -> Severity:
        return self.review.effective_severity(finding)

    def by_severity(self) -> dict[str, int]:
        counts = Counter(self.severity_of(f) for f in self.counted)
        return {str(s): counts.get(s, 0) for s in sorted(Severity, reverse=True)}

    def by_check(self) -> dict[str, int]:
        return dict(sorted(Counter(f.check for f in self.counted).items()))

    def by_category(self) -> dict[str, int]:
        return dict(sorted(Counter(f.category for f in self.counted).items()))

    def severity_by_category(self) -> dict[tuple[str, str], int]:
        return dict(Counter((str(self.severity_of(f)), f.category) for f in self.counted))

    def workbook_findings(self) -> tuple[list[Finding], int]:
        """(findings for the Findings sheet, how many were left out by --max-findings).

        The first N by severity (ties: document order), shown in document order.
        """
        shown = list(self.counted)
        if self.max_findings is None or len(shown) <= self.max_findings:
            return shown, 0
        order = {f.id: i for i, f in enumerate(shown)}
        best = sorted(shown, key=lambda f: (-int(self.severity_of(f)), order[f.id]))[: self.max_findings]
        keep = {f.id for f in best}
        return [f for f in shown if f.id in keep], len(shown) - len(keep)

    def gate(self, fail_on: Severity | None) -> list[Finding]:
        """Findings that make ``--fail-on`` fail: at or above it and not accepted by a reviewer."""
        if fail_on is None:
            return []
        return [f for f in self.findings
                if self.severity_of(f) >= fail_on and self.review.status(f.id) not in NOT_GATING_STATUSES]


def build_report(run, review: ReviewState | None = None, weights: Sequence[float] = DEFAULT_WEIGHTS,
                 basis: str = "all", max_findings: int | None = None, generated: str = "") -> Report:
    from align.checks.registry import all_checks

    review = review or ReviewState()
    hidden = {f.id for f in review.hidden}
    score = mqm_score([f for f in run.findings if f.id not in hidden], source_word_count(run.documents),
                      weights, basis, review.statuses(), review.severity_overrides())
    checks = {s.id: (s.category, s.description) for s in all_checks()}
    return Report(run, review, score, max_findings, generated, checks)
