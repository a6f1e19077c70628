"""The run summary, computed incrementally: counts never need the findings kept in memory."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from align.model import Finding, Severity

DEFAULT_WEIGHTS = (0.0, 1.0, 5.0, 25.0)


@dataclass
class RunSummary:
    units: int = 0  # translation units read
    checked_units: int = 0  # units whose (source, target) text was checked (exact repeats are not)
    source_words: int = 0
    total: int = 0
    by_severity: Counter = field(default_factory=Counter)
    by_check: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)

    def add(self, finding: Finding) -> None:
        self.total += 1
        self.by_severity[str(finding.severity)] += 1
        self.by_check[finding.check] += 1
        self.by_category[finding.category] += 1

    def mqm(self, weights: Sequence[float] = DEFAULT_WEIGHTS):
        """The MQM score of all findings (the report's formula), as align.report.score.MqmScore."""
        from align.report.score import MqmScore

        counts = tuple(self.by_severity.get(str(s), 0) for s in Severity)
        weights = tuple(float(w) for w in weights)
        penalty = sum(n * w for n, w in zip(counts, weights))
        normed = penalty * 1000.0 / max(self.source_words, 1)
        return MqmScore("all", weights, self.source_words, counts, penalty, normed, 100.0 - normed,
                        passed=counts[Severity.CRITICAL] == 0)

    def to_json(self, weights: Sequence[float] = DEFAULT_WEIGHTS) -> dict:
        out = {
            "units": self.units,
            "checked_units": self.checked_units,
            "total": self.total,
            "by_severity": {str(s): self.by_severity.get(str(s), 0) for s in Severity},
            "by_check": dict(sorted(self.by_check.items())),
            "by_category": dict(sorted(self.by_category.items())),
        }
        try:
            out["mqm"] = self.mqm(weights).to_json()
        except ImportError:  # the report package is optional for the driver
            pass
        return out

    def worst(self) -> Severity | None:
        present = [s for s in Severity if self.by_severity.get(str(s), 0)]
        return max(present) if present else None
