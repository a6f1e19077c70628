"""Reviewers' decisions in a streamed run: the round trip of ``align.report.review``, one finding at a time.

The decisions (a few thousand at most: people typed them) live in memory; the findings are read
from the JSONL spool, once to learn what is there (ids seen, counts, score, gone decisions), once
more only when a gone decision may have an edited successor, and once per output. What stays in
memory is bounded by the decisions plus one short id per finding.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from align.model import Finding, Severity
from align.report.review import (FALSE_POSITIVE, Decision, PreviousRun, ReviewState, carried_decision,
                                 gone_since, mark_for, resembling_decisions)

_RESEMBLE_BATCH = 2_000


class _Marks(Mapping):
    """id -> New / Still open / Seen before for the findings of this run, computed on demand."""

    def __init__(self, previous: PreviousRun | None, seen: set[str]):
        self._previous, self._seen = previous, seen

    def __getitem__(self, finding_id: str) -> str:
        if self._previous is None or finding_id not in self._seen:
            raise KeyError(finding_id)
        return mark_for(finding_id, self._previous)

    def __iter__(self) -> Iterator[str]:
        return iter(self._seen if self._previous is not None else ())

    def __len__(self) -> int:
        return len(self._seen) if self._previous is not None else 0


@dataclass
class StreamedReview:
    """Everything the outputs of a streamed run need to know about decisions, learnt in one pass."""

    previous: PreviousRun | None = None
    max_findings: int | None = None
    state: ReviewState = field(default_factory=ReviewState)
    total: int = 0  # every finding of the run
    shown_total: int = 0  # findings on the Findings sheets (after hiding and --max-findings)
    counted: Counter = field(default_factory=Counter)  # (effective severity, category) of counted findings
    by_check: Counter = field(default_factory=Counter)
    new: int = 0
    still_open: int = 0
    worst_gating: Severity | None = None  # the --fail-on gate: worst severity not accepted by a reviewer
    score: object = None  # align.report.score.MqmScore
    cutoff: tuple[int, int] | None = None  # --max-findings: (severity kept partly, how many of it)

    # ------------------------------------------------------------------ learning

    @classmethod
    def learn(cls, findings: Callable[[], Iterable[Finding]], previous: PreviousRun | None, source_words: int,
              weights: Sequence[float], basis: str = "all", max_findings: int | None = None) -> "StreamedReview":
        """Read the findings once (twice if a gone decision may have moved); ``findings`` re-opens the spool."""
        from align.report.bundle import NOT_GATING_STATUSES
        from align.report.score import mqm_score

        review = cls(previous, max_findings)
        seen: set[str] = set()
        decisions: dict[str, Decision] = {}
        hidden: list[Finding] = []

        def observe() -> Iterator[Finding]:
            for f in findings():
                review.total += 1
                seen.add(f.id)
                d = carried_decision(f.id, previous) if previous is not None else None
                if d is not None:
                    decisions[f.id] = d
                if previous is not None:
                    mark = mark_for(f.id, previous)
                    review.new += mark == "New"
                    review.still_open += mark == "Still open"
                sev = (d.severity_override() if d else None) or f.severity
                status = d.status if d else ""
                if status not in NOT_GATING_STATUSES and (review.worst_gating is None or sev > review.worst_gating):
                    review.worst_gating = sev
                if status == FALSE_POSITIVE:
                    hidden.append(f)  # a reviewer accepted it: out of the sheets and the counts
                else:
                    review.counted[(sev, f.category)] += 1
                    review.by_check[f.check] += 1
                yield f

        statuses, overrides = {}, {}
        if previous is not None:
            for fid, d in previous.decisions.items():
                if not d.is_empty:
                    statuses[fid] = d.status
                    if d.severity_override() is not None:
                        overrides[fid] = d.severity_override()
        # accepted false positives are left out of either basis by the score itself
        review.score = mqm_score(observe(), source_words, weights, basis, statuses, overrides)
        if previous is not None:
            gone = gone_since(previous, seen)
            resembles = _resembles(findings, previous, gone)
            review.state = ReviewState(decisions, _Marks(previous, seen), tuple(hidden), gone,
                                       tuple(previous.source.split(" + ")), True, resembles)
        review.cutoff = _cutoff(review.counted, max_findings)
        review.shown_total = review.total - len(hidden) - review.left_out
        return review

    # ------------------------------------------------------------------ per finding

    def severity_of(self, finding: Finding) -> Severity:
        return self.state.effective_severity(finding)

    def is_hidden(self, finding: Finding) -> bool:
        d = self.state.decisions.get(finding.id)
        return d is not None and d.status == FALSE_POSITIVE

    def selection(self) -> Callable[[Finding], bool]:
        """A fresh test for one pass in run order: on the Findings sheets? (not hidden, within --max-findings)"""
        partial, quota = self.cutoff if self.cutoff is not None else (-1, 0)
        room = [quota]

        def keep(f: Finding) -> bool:
            if self.is_hidden(f):
                return False
            if self.cutoff is None:
                return True
            sev = int(self.severity_of(f))
            if sev != partial:
                return sev > partial
            room[0] -= 1
            return room[0] >= 0

        return keep

    def mark_label(self, finding: Finding) -> str:
        return self.state.mark_label(finding.id) if self.state.compared else ""

    def json_item(self, finding: Finding) -> dict:
        """One finding for findings.json with the keys the normal report adds (align.report.json)."""
        item = finding.to_json()
        decision = self.state.decisions.get(finding.id)
        if decision is not None:
            item["review"] = decision.to_json()
        if self.state.compared:
            mark = self.state.marks.get(finding.id)
            if mark:
                item["since_previous"] = mark
        if finding.id in self.state.resembles:
            item["resembles_gone"] = self.state.resembles[finding.id]
        item["effective_severity"] = str(self.severity_of(finding))
        return item

    # ------------------------------------------------------------------ totals

    @property
    def left_out(self) -> int:
        if self.cutoff is None:
            return 0
        partial, quota = self.cutoff
        below = sum(n for (sev, _c), n in self.counted.items() if int(sev) < partial)
        at = sum(n for (sev, _c), n in self.counted.items() if int(sev) == partial)
        return below + at - quota

    def by_severity(self) -> dict[str, int]:
        counts: Counter = Counter()
        for (sev, _cat), n in self.counted.items():
            counts[sev] += n
        return {str(s): counts.get(s, 0) for s in sorted(Severity, reverse=True)}

    def by_category(self) -> dict[str, int]:
        counts: Counter = Counter()
        for (_sev, cat), n in self.counted.items():
            counts[cat] += n
        return dict(sorted(counts.items()))

    def summary_json(self) -> dict:
        """findings.json's summary keys as the normal report writes them."""
        from align.report.json import summary_json

        out = summary_json(self.total, self.by_severity(), dict(sorted(self.by_check.items())),
                           self.by_category(), self.score, self.state, self.new)
        if self.left_out:
            out["left_out_of_workbook"] = self.left_out
        return out


def _cutoff(counted: Counter, max_findings: int | None) -> tuple[int, int] | None:
    """The first N by severity, ties in run order: every finding above one severity, the first k of it."""
    if max_findings is None:
        return None
    per_severity: Counter = Counter()
    for (sev, _cat), n in counted.items():
        per_severity[int(sev)] += n
    if sum(per_severity.values()) <= max_findings:
        return None
    room = max_findings
    for sev in sorted(per_severity, reverse=True):
        if per_severity[sev] >= room:
            return sev, room
        room -= per_severity[sev]
    return None


def _resembles(findings: Callable[[], Iterable[Finding]], previous: PreviousRun,
               gone: Sequence[Decision]) -> dict[str, str]:
    """New findings that probably replace a gone decision (one more read, only when there is one)."""
    candidates = [d for d in gone if not d.is_empty and d.snippet]
    if not candidates or previous.finding_ids is None:
        return {}
    out: dict[str, str] = {}
    batch: list[Finding] = []

    def flush() -> None:
        nonlocal candidates
        found = resembling_decisions(batch, candidates)  # greedy in run order, as for the whole list
        out.update(found)
        taken = set(found.values())
        candidates = [d for d in candidates if d.finding_id not in taken]
        batch.clear()

    for f in findings():
        if f.id not in previous.finding_ids:
            batch.append(f)
            if len(batch) >= _RESEMBLE_BATCH:
                flush()
                if not candidates:
                    break
    if batch and candidates:
        flush()
    return out
