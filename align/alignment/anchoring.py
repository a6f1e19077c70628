"""Hard anchors: headings that both sides number the same way split the alignment into chunks.

A heading such as 'Article 5' / 'Artikel 5' or 'ANNEX II' / 'BIJLAGE II' (a short sentence
whose numbered-unit anchor occurs in no other heading of its side) is paired with the one
heading of the other side that carries the same key. The heaviest monotone chain of such pairs
(a weighted longest increasing subsequence) keeps only pairs that agree with each other. Each
chunk between two anchors is aligned on its own, so one bad stretch cannot derail the rest, and
long structured documents cost less.
"""
from __future__ import annotations

from typing import Callable, Sequence

from align.alignment.features import SentenceFeatures

MAX_HEADING_WORDS = 6
MAX_RELATIVE_SHIFT = 0.15  # |i/n - j/m| above this: not the same place in the document


def _headings(features: Sequence[SentenceFeatures]) -> dict[str, int]:
    """Unit key -> the index of the only short sentence that carries it (repeated keys dropped)."""
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    for index, f in enumerate(features):
        if len(f.words) > MAX_HEADING_WORDS:
            continue
        for key in f.anchors:
            if key.startswith("unit:") and key.count(":") == 2:
                if key in seen:
                    repeated.add(key)
                seen[key] = index
    return {k: v for k, v in seen.items() if k not in repeated}


def heading_anchors(src: Sequence[SentenceFeatures], tgt: Sequence[SentenceFeatures],
                    confirms: Callable[[int, int], bool] | None = None) -> list[tuple[int, int]]:
    """Monotone pairs (source index, target index) of headings with the same numbered unit.

    A pair must sit at about the same relative position in both documents, and ``confirms(i, j)``
    (if given) must accept it: the caller checks that the text right after both headings agrees,
    so 'Article 3' of one decision is not tied to 'Artikel 3' of the next one.
    """
    n, m = len(src), len(tgt)
    if not n or not m:
        return []
    src_heads, tgt_heads = _headings(src), _headings(tgt)
    pairs = []
    for key, i in src_heads.items():
        j = tgt_heads.get(key)
        if j is None or abs(i / n - j / m) > MAX_RELATIVE_SHIFT:
            continue
        if confirms is None or confirms(i, j):
            pairs.append((i, j, 1.0))
    return monotone_chain(pairs)


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
