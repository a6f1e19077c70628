"""A probability that a bead is right, from what the aligner saw when it chose it.

Features of a bead: its lexical/anchor similarity, the Gale-Church length deviation, its shape
(1-1, many-to-many, 1-0/0-1) and, for an unlinked sentence, how well it would have matched its
nearest neighbours on the other side (a strong neighbour match makes an omission doubtful).
A logistic model maps them to [0, 1]. Its coefficients live in data/confidence.json; they were
fitted by benchmarks/align_quality.py --fit-confidence (labels: bead is in the gold alignment),
and that script reports their reliability leave-one-document-out.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Sequence

from align.alignment.cost import BeadCoster
from align.alignment.dp import Step

FEATURES = ("bias", "similarity", "abs_delta", "many", "skip", "skip_neighbour", "cost")
COEFFICIENTS_FILE = Path(__file__).resolve().parent / "data" / "confidence.json"
# Used only when the fitted file is missing: a documented hand-set heuristic.
DEFAULT_COEFFICIENTS = {"bias": 1.0, "similarity": 5.0, "abs_delta": -0.6, "many": -0.5, "skip": 0.5,
                        "skip_neighbour": -6.0, "cost": -0.1}


@functools.lru_cache(maxsize=1)
def coefficients() -> dict[str, float]:
    if COEFFICIENTS_FILE.is_file():
        data = json.loads(COEFFICIENTS_FILE.read_text(encoding="utf-8"))
        return {name: float(data["coefficients"].get(name, 0.0)) for name in FEATURES}
    return dict(DEFAULT_COEFFICIENTS)


def _neighbour_similarity(coster: BeadCoster, step: Step, path_index: int, path: Sequence[Step]) -> float:
    """Best similarity of an unlinked unit with the other side's units around its position."""
    best = 0.0
    n, m = len(coster.src.keys), len(coster.tgt.keys)
    if step.i1 > step.i0:  # source unit left out: look at target units near j0
        for j in range(max(0, step.j0 - 2), min(m, step.j0 + 2)):
            best = max(best, coster.similarity(step.i0, step.i1, j, j + 1))
    else:
        for i in range(max(0, step.i0 - 2), min(n, step.i0 + 2)):
            best = max(best, coster.similarity(i, i + 1, step.j0, step.j1))
    return best


def bead_features(coster: BeadCoster, step: Step, path_index: int, path: Sequence[Step]) -> dict[str, float]:
    a, b = step.i1 - step.i0, step.j1 - step.j0
    skip = a == 0 or b == 0
    return {
        "bias": 1.0,
        "similarity": 0.0 if skip else coster.similarity(step.i0, step.i1, step.j0, step.j1),
        "abs_delta": 0.0 if skip else min(abs(coster.delta(step.i0, step.i1, step.j0, step.j1)), 10.0),
        "many": 1.0 if a + b > 2 else 0.0,
        "skip": 1.0 if skip else 0.0,
        "skip_neighbour": _neighbour_similarity(coster, step, path_index, path) if skip else 0.0,
        "cost": max(-10.0, min(step.cost, 20.0)),
    }


def logistic(features: dict[str, float], coef: dict[str, float] | None = None) -> float:
    coef = coef or coefficients()
    z = sum(coef.get(name, 0.0) * value for name, value in features.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def fit_logistic(rows: Sequence[dict[str, float]], labels: Sequence[int], iterations: int = 400,
                 learning_rate: float = 0.5, l2: float = 1e-3) -> dict[str, float]:
    """Plain batch gradient descent on the log loss (few features, a few thousand rows)."""
    coef = {name: 0.0 for name in FEATURES}
    scale = {name: max(1e-9, max(abs(r[name]) for r in rows)) for name in FEATURES}
    count = len(rows)
    for _ in range(iterations):
        grad = {name: 0.0 for name in FEATURES}
        for row, label in zip(rows, labels):
            z = sum(coef[k] * row[k] / scale[k] for k in FEATURES)
            z = max(-30.0, min(30.0, z))
            err = 1.0 / (1.0 + math.exp(-z)) - label
            for k in FEATURES:
                grad[k] += err * row[k] / scale[k]
        for k in FEATURES:
            coef[k] -= learning_rate * (grad[k] / count + l2 * coef[k])
    return {k: coef[k] / scale[k] for k in FEATURES}
