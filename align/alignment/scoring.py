"""Bead-level evaluation as in vecalign's score.py (after Sennrich & Volk 2011).

Precision counts every test bead (omissions included); recall counts gold beads that link both
sides. Strict: the bead matches exactly. Lax: it overlaps a gold bead on both sides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

Bead = tuple[tuple[int, ...], tuple[int, ...]]
_GOLD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def parse_beads(text: str) -> list[Bead]:
    """Beads in vecalign/Bertalign format, one ``[0]:[0, 1]`` per line."""
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _GOLD.match(line)
        if not match:
            raise ValueError(f"line {number}: not a bead: {line!r}")
        src, tgt = (tuple(int(x) for x in part.replace(",", " ").split()) for part in match.groups())
        beads.append((src, tgt))
    return beads


def _counts(gold: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int, int]:
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    gold_targets: dict[int, set[int]] = {}
    for s, t in gold_set:
        for i in s:
            gold_targets.setdefault(i, set()).update(t)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable = set().union(*(gold_targets.get(i, set()) for i in s)) if s else set()
        if reachable & set(t):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    omission_recall: float  # share of gold 1-0/0-1 beads found exactly
    omissions: int


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(golds: Sequence[Sequence[Bead]], tests: Sequence[Sequence[Bead]]) -> Scores:
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    omissions = found = 0
    for gold, test in zip(golds, tests):
        for k, v in enumerate(_counts(gold, test)):
            p[k] += v
        gold_links = [(s, t) for s, t in gold if s and t]
        test_links = [(s, t) for s, t in test if s and t]
        for k, v in enumerate(_counts(test_links, gold_links)):
            r[k] += v
        test_set = {(tuple(s), tuple(t)) for s, t in test}
        for s, t in gold:
            if bool(s) != bool(t):
                omissions += 1
                found += (tuple(s), tuple(t)) in test_set
    ps, pl = _ratio(p[0], p[0] + p[1]), _ratio(p[2], p[2] + p[3])
    rs, rl = _ratio(r[0], r[0] + r[1]), _ratio(r[2], r[2] + r[3])
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), _ratio(found, omissions), omissions)
