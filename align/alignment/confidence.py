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

FEATURES = ("bias", "similarity", "abs_delta", "many", "skip", "skip_neighbour", "cost", "doc_similarity")
COEFFICIENTS_FILE = Path(__file__).resolve().parent / "data" / "confidence.json"
# Used only when the fitted file is missing: a documented hand-set heuristic.
DEFAULT_COEFFICIENTS = {"bias": 1.0, "similarity": 5.0, "abs_delta": -0.6, "many": -0.5, "skip": 0.5,
                        "skip_neighbour": -6.0, "cost": -0.1, "doc_similarity": 0.0}


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
        "doc_similarity": 0.0,  # filled in by with_document_similarity
    }


def with_document_similarity(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """Add the mean similarity of the document's linking beads: how much lexical evidence this
    language pair and text offer at all (EU legalese with a lexicon: a lot; OCR'd DE-FR prose
    without one: little), so one model transfers across document kinds."""
    sims = [r["similarity"] for r in rows if not r["skip"]]
    mean = sum(sims) / len(sims) if sims else 0.0
    for r in rows:
        r["doc_similarity"] = mean
    return rows


def logistic(features: dict[str, float], coef: dict[str, float] | None = None) -> float:
    coef = coef or coefficients()
    z = sum(coef.get(name, 0.0) * value for name, value in features.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def fit_logistic(rows: Sequence[dict[str, float]], labels: Sequence[int], ridge: float = 1e-2,
                 iterations: int = 25) -> dict[str, float]:
    """Logistic regression by Newton's method (IRLS) with a small ridge; few features, so a
    7x7 system per step is solved directly."""
    k = len(FEATURES)
    x = [[row[name] for name in FEATURES] for row in rows]
    beta = [0.0] * k
    for _ in range(iterations):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for xi, yi in zip(x, labels):
            z = max(-30.0, min(30.0, sum(b * v for b, v in zip(beta, xi))))
            p = 1.0 / (1.0 + math.exp(-z))
            w = max(p * (1 - p), 1e-9)
            err = p - yi
            for a in range(k):
                grad[a] += err * xi[a]
                wa = w * xi[a]
                row = hess[a]
                for b in range(a, k):
                    row[b] += wa * xi[b]
        for a in range(k):
            grad[a] += ridge * beta[a]
            hess[a][a] += ridge
            for b in range(a):
                hess[a][b] = hess[b][a]
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return dict(zip(FEATURES, beta))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and well conditioned)."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                if f:
                    for c in range(col, n + 1):
                        a[r][c] -= f * a[col][c]
    return [a[i][n] / a[i][i] if abs(a[i][i]) > 1e-12 else 0.0 for i in range(n)]
