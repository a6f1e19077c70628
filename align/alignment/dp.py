"""Banded dynamic programming over beads, coarse to fine, so time grows about linearly.

A pair of sequences small enough is aligned with the full DP. A longer pair is first shrunk by
merging neighbouring units two by two (lengths add, key sets unite), aligned at that coarse
resolution (recursively), and the coarse path, projected back, defines a band of +-``width``
units; the fine DP looks only inside that band. Work is O((n + m) * width) per level and the
levels halve, so the whole is about linear; there is no ceiling on document length.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from align.alignment.cost import BeadCoster, CostParams
from align.alignment.projection import ProjectedSide

FINE_BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1))
COARSE_BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
FULL_DP_CELLS = 20_000  # below this many cells, no band is needed
CONFIDENT_COARSE_COST = -4.0
INF = float("inf")


@dataclass(frozen=True)
class Step:
    """One bead of a path: source units [i0, i1), target units [j0, j1), with its cost."""

    i0: int
    i1: int
    j0: int
    j1: int
    cost: float


def full_band(n: int, m: int) -> list[tuple[int, int]]:
    return [(0, m)] * (n + 1)


def run_dp(n: int, m: int, band: Sequence[tuple[int, int]], beads: Sequence[tuple[int, int]],
           cost: Callable[[int, int, int, int], float]) -> list[Step] | None:
    """Cheapest path from (0, 0) to (n, m) through cells (i, j) with lo_i <= j <= hi_i.

    Returns None if the band does not connect the corners.
    """
    rows: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        lo, hi = band[i]
        row = [INF] * (hi - lo + 1)
        ptr = [-1] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, best_k = INF, -1
            for k, (a, b) in enumerate(beads):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    prev_row, plo, phi = row, lo, hi
                else:
                    prev_row = rows[pi]
                    plo, phi = band[pi]
                if pj < plo or pj > phi:
                    continue
                prev = prev_row[pj - plo]
                if prev == INF:
                    continue
                total = prev + cost(pi, i, pj, j)
                if total < best:
                    best, best_k = total, k
            row[j - lo] = best
            ptr[j - lo] = best_k
        rows.append(row)
        back.append(ptr)
    lo_n, hi_n = band[n]
    if not (lo_n <= m <= hi_n) or rows[n][m - lo_n] == INF:
        return None
    steps: list[Step] = []
    i, j = n, m
    while (i, j) != (0, 0):
        k = back[i][j - band[i][0]]
        a, b = beads[k]
        steps.append(Step(i - a, i, j - b, j, rows[i][j - band[i][0]] - rows[i - a][j - b - band[i - a][0]]))
        i, j = i - a, j - b
    steps.reverse()
    return steps


def merge_pairs(side: ProjectedSide) -> ProjectedSide:
    """Halve the resolution: units 2k and 2k+1 become one."""
    keys, mass, lengths, counts = [], [], [], []
    for k in range(0, len(side.keys), 2):
        keys.append(side.keys[k] | side.keys[k + 1] if k + 1 < len(side.keys) else side.keys[k])
        mass.append(sum(side.mass[k:k + 2]))
        lengths.append(sum(side.lengths[k:k + 2]))
        counts.append(sum(side.count(i) for i in range(k, min(k + 2, len(side.keys)))))
    return ProjectedSide(tuple(keys), tuple(mass), tuple(lengths), tuple(counts))


def band_around(path: Sequence[Step], n: int, m: int, width: int, scale: int = 2,
                narrow: int | None = None) -> list[tuple[int, int]]:
    """The band of +-width target units around a coarse path mapped to the fine resolution.

    With ``narrow``, rows covered only by confident coarse 1-1 beads (cost below
    CONFIDENT_COARSE_COST, i.e. strong shared evidence) get +-narrow instead: the fine path
    there hardly leaves the coarse one, and the DP does less work.
    """
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    row_width = [0] * (n + 1)

    def mark(i: int, j: int, w: int) -> None:
        i = min(i, n)
        j = min(j, m)
        lo[i] = min(lo[i], j)
        hi[i] = max(hi[i], j)
        row_width[i] = max(row_width[i], w)

    for step in path:
        confident = (narrow is not None and step.i1 - step.i0 == 1 and step.j1 - step.j0 == 1
                     and step.cost < CONFIDENT_COARSE_COST)
        w = narrow if confident else width
        fi0, fi1 = min(step.i0 * scale, n), min(step.i1 * scale, n)
        fj0, fj1 = min(step.j0 * scale, m), min(step.j1 * scale, m)
        if fi1 == fi0:
            mark(fi0, fj0, w)
            mark(fi0, fj1, w)
            continue
        for i in range(fi0, fi1 + 1):
            t = (i - fi0) / (fi1 - fi0)
            j = fj0 + t * (fj1 - fj0)
            mark(i, int(j), w)
            mark(i, int(j + 0.999), w)
    band = []
    for i in range(n + 1):
        if lo[i] > hi[i]:  # row not touched (cannot happen for a complete path, kept safe)
            lo[i], hi[i] = (lo[i - 1], hi[i - 1]) if i else (0, 0)
            row_width[i] = width
        w = row_width[i]
        band.append([max(0, lo[i] - w), min(m, hi[i] + w)])
    band[0][0] = 0
    band[n][1] = m
    for i in range(1, n + 1):  # monotone upper edge
        band[i][1] = max(band[i][1], band[i - 1][1])
    for i in range(n - 1, -1, -1):  # monotone lower edge
        band[i][0] = min(band[i][0], band[i + 1][0])
    return [(a, b) for a, b in band]


def align_units(src: ProjectedSide, tgt: ProjectedSide, params: CostParams | None = None,
                beads: Sequence[tuple[int, int]] = FINE_BEADS, width: int | None = None,
                ratio: float | None = None) -> list[Step]:
    """The cheapest bead path between two projected sides, banded when they are long
    (band widths: ``params.band_width`` / ``params.narrow_width`` unless ``width`` is given)."""
    n, m = len(src.keys), len(tgt.keys)
    coster = BeadCoster(src, tgt, params, ratio)
    width = coster.params.band_width if width is None else width
    if n == 0 or m == 0:
        return [Step(i, i + 1, 0, 0, coster.cost(i, i + 1, 0, 0)) for i in range(n)] + \
               [Step(n, n, j, j + 1, coster.cost(n, n, j, j + 1)) for j in range(m)]
    if (n + 1) * (m + 1) <= FULL_DP_CELLS:
        path = run_dp(n, m, full_band(n, m), beads, coster.cost)
        assert path is not None  # the full table always connects the corners
        return path
    coarse = align_units(merge_pairs(src), merge_pairs(tgt), params, COARSE_BEADS, width, coster.ratio)
    band = band_around(coarse, n, m, width, narrow=min(width, coster.params.narrow_width))
    path = run_dp(n, m, band, beads, coster.cost)
    widened = width
    while path is None:  # a band that does not connect: widen it (rare; keeps correctness)
        widened *= 2
        band = band_around(coarse, n, m, widened)
        path = run_dp(n, m, band, beads, coster.cost)
    return path
