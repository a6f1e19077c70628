"""MQM scoring: penalty points per 1,000 source words, written out so a reviser can redo the sum.

Automatic checks produce *issues*; a reviewer decides which are *errors*. So the score can be
computed from every issue still standing (``all``) or from confirmed errors only
(``confirmed``). A critical error fails the text whatever the score.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from align.errors import UsageError
from align.model import Document, Finding, Severity

DEFAULT_WEIGHTS: tuple[float, float, float, float] = (0, 1, 5, 25)  # neutral, minor, major, critical

# Review statuses that mean "this issue is an error in the text as delivered".
ERROR_STATUSES = frozenset({"Confirmed error", "Won't fix"})
# Review statuses that take an issue out of the score altogether.
NOT_AN_ERROR_STATUSES = frozenset({"False positive", "Fixed"})

_HAS_WORD_CHARACTER = re.compile(r"\w")


def parse_weights(text: str) -> tuple[float, float, float, float]:
    """``"0,1,5,25"`` -> weights for neutral, minor, major, critical."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise UsageError(f"--mqm-weights needs four numbers (neutral,minor,major,critical), got {text!r}")
    try:
        weights = tuple(float(p) for p in parts)
    except ValueError:
        raise UsageError(f"--mqm-weights needs four numbers, got {text!r}") from None
    if any(w < 0 for w in weights):
        raise UsageError(f"--mqm-weights cannot be negative, got {text!r}")
    return weights  # type: ignore[return-value]


def count_words(texts: Iterable[str]) -> int:
    """Whitespace-separated tokens with a letter or digit: ``(EG)`` and ``1234/2007`` are one word each."""
    return sum(1 for t in texts for token in t.split() if _HAS_WORD_CHARACTER.search(token))


def source_word_count(documents: Sequence[Document]) -> int:
    """Words of the source side: the first document (a monolingual document counts whole)."""
    if not documents:
        return 0
    return count_words(seg.text for seg in documents[0].segments)


@dataclass(frozen=True)
class MqmScore:
    basis: str  # "all" | "confirmed"
    weights: tuple[float, float, float, float]
    source_words: int
    counts: tuple[int, int, int, int]  # scored issues per severity, neutral..critical
    penalty: float
    normed_penalty: float  # per 1,000 source words
    quality: float  # 100 - normed penalty
    passed: bool

    @property
    def formula(self) -> str:
        w, c = self.weights, self.counts
        terms = " + ".join(f"{n}×{_num(wt)}" for n, wt in zip(c, w))
        return (f"penalty = {terms} = {_num(self.penalty)}; "
                f"normed = penalty × 1000 / {self.source_words} source words = {self.normed_penalty:.2f}; "
                f"quality = 100 − normed = {self.quality:.2f}; any critical error fails")

    def to_json(self) -> dict:
        return {
            "basis": self.basis,
            "weights": {str(s): self.weights[s] for s in Severity},
            "source_words": self.source_words,
            "counts": {str(s): self.counts[s] for s in Severity},
            "penalty": round(self.penalty, 4),
            "normed_penalty": round(self.normed_penalty, 4),
            "quality": round(self.quality, 4),
            "passed": self.passed,
            "formula": self.formula,
        }


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def mqm_score(findings: Iterable[Finding], source_words: int,
              weights: Sequence[float] = DEFAULT_WEIGHTS, basis: str = "all",
              statuses: Mapping[str, str] | None = None,
              severities: Mapping[str, Severity] | None = None) -> MqmScore:
    """Score findings. ``statuses`` maps finding id -> review status, ``severities`` -> override.

    ``all``: every finding except those reviewed as False positive or Fixed.
    ``confirmed``: only findings reviewed as Confirmed error or Won't fix.
    """
    if basis not in ("all", "confirmed"):
        raise UsageError(f"--score must be 'all' or 'confirmed', got {basis!r}")
    statuses = statuses or {}
    severities = severities or {}
    counts = [0, 0, 0, 0]
    for f in findings:
        status = statuses.get(f.id, "Open")
        if basis == "confirmed" and status not in ERROR_STATUSES:
            continue
        if basis == "all" and status in NOT_AN_ERROR_STATUSES:
            continue
        counts[int(severities.get(f.id, f.severity))] += 1
    weights = tuple(float(w) for w in weights)
    penalty = sum(n * w for n, w in zip(counts, weights))
    normed = penalty * 1000.0 / max(source_words, 1)  # an empty source counts as one word
    quality = 100.0 - normed
    return MqmScore(basis, weights, source_words, tuple(counts), penalty, normed, quality,  # type: ignore[arg-type]
                    passed=counts[Severity.CRITICAL] == 0)
