"""Anchor pairs: sentence pairs so clearly linked by rare shared keys that they fix the path.

For each source sentence, candidates come from an inverted index of the target's rare keys
(numbers, act references, dates, article numbers, names, uncommon words), looked up only near
the document diagonal. A pair becomes an anchor when its Dice overlap is high and clearly better
than the runner-up; the heaviest monotone chain of anchors (a weighted longest increasing
subsequence) keeps only anchors that agree with each other. The DP then runs in the band of
rectangles between consecutive anchors, widened by a margin: hard anchors where both sides have
them, and work that grows with document length rather than its square.
"""
from __future__ import annotations

import bisect
from typing import Sequence

from align.alignment.projection import ProjectedSide, overlap

MIN_SIMILARITY = 0.5
MIN_MASS = 2.0
RUNNER_UP_RATIO = 0.75
MAX_KEY_SHARE = 0.02  # keys in more than this share of target sentences are too common to index


def candidate_anchors(src: ProjectedSide, tgt: ProjectedSide) -> list[tuple[int, int, float]]:
    n, m = len(src.keys), len(tgt.keys)
    if n == 0 or m == 0:
        return []
    postings: dict[str, list[int]] = {}
    for j, keys in enumerate(tgt.keys):
        for key in keys:
            postings.setdefault(key, []).append(j)
    too_common = max(3, int(MAX_KEY_SHARE * m))
    radius = max(150, int(0.1 * max(n, m)))
    slope = m / n
    anchors = []
    for i, keys in enumerate(src.keys):
        if src.mass[i] < MIN_MASS:
            continue
        centre = i * slope
        lo, hi = int(centre - radius), int(centre + radius) + 1
        votes: dict[int, int] = {}
        for key in keys:
            posting = postings.get(key)
            if posting is None or len(posting) > too_common * max(1, m // max(1, 2 * radius)):
                continue
            start = bisect.bisect_left(posting, lo)
            end = bisect.bisect_left(posting, hi)
            for j in posting[start:end]:
                votes[j] = votes.get(j, 0) + 1
        if not votes:
            continue
        ranked = sorted(votes, key=votes.get, reverse=True)[:5]
        scored = []
        for j in ranked:
            mass = src.mass[i] + tgt.mass[j]
            if tgt.mass[j] < MIN_MASS or mass <= 0:
                continue
            scored.append((2 * overlap(keys, tgt.keys[j]) / mass, j))
        if not scored:
            continue
        scored.sort(reverse=True)
        best, j = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best >= MIN_SIMILARITY and runner_up <= RUNNER_UP_RATIO * best:
            anchors.append((i, j, best))
    return anchors


def monotone_chain(anchors: Sequence[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The heaviest chain with strictly increasing i and j (O(k log k) with a max-Fenwick tree)."""
    if not anchors:
        return []
    anchors = sorted(anchors, key=lambda a: (a[0], -a[1]))
    js = sorted({a[1] for a in anchors})
    rank = {j: r + 1 for r, j in enumerate(js)}
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best_val, prev = [0.0] * len(anchors), [-1] * len(anchors)
    for k, (i, j, w) in enumerate(anchors):
        r = rank[j] - 1  # best chain ending with a smaller j
        val, idx = 0.0, -1
        while r > 0:
            if tree_val[r] > val:
                val, idx = tree_val[r], tree_idx[r]
            r -= r & -r
        best_val[k], prev[k] = val + w, idx
        r = rank[j]
        while r <= size:
            if best_val[k] > tree_val[r]:
                tree_val[r], tree_idx[r] = best_val[k], k
            r += r & -r
    k = max(range(len(anchors)), key=best_val.__getitem__)
    chain = []
    while k != -1:
        chain.append((anchors[k][0], anchors[k][1]))
        k = prev[k]
    chain.reverse()
    # equal i (or j) cannot happen on a strictly increasing chain except through ties; drop them
    cleaned: list[tuple[int, int]] = []
    for i, j in chain:
        if not cleaned or (i > cleaned[-1][0] and j > cleaned[-1][1]):
            cleaned.append((i, j))
    return cleaned


def band_between(chain: Sequence[tuple[int, int]], n: int, m: int, margin: int) -> list[tuple[int, int]]:
    """Row ranges of the DP: the rectangles between consecutive anchors, widened by ``margin``.

    Anchor (i, j) means source sentence i and target sentence j sit in one bead, so the path
    passes near cell (i, j); rows between two anchors may use any column between them.
    """
    points = [(0, 0)] + [(i, j) for i, j in chain] + [(n, m)]
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    for (i_a, j_a), (i_b, j_b) in zip(points, points[1:]):
        for i in range(i_a, min(i_b, n) + 1):
            lo[i] = min(lo[i], max(0, j_a - margin))
            hi[i] = max(hi[i], min(m, j_b + margin))
    for i in range(1, n + 1):
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n - 1, -1, -1):
        lo[i] = min(lo[i], lo[i + 1])
    lo[0], hi[n] = 0, m
    return list(zip(lo, hi))


def band_cells(band: Sequence[tuple[int, int]]) -> int:
    return sum(hi - lo + 1 for lo, hi in band)
