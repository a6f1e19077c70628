"""Both sides of a bitext mapped into one key space, so that overlap can be counted.

A target sentence is its anchors plus its content stems (``w:<stem>``). A source sentence is its
anchors plus, for every content word, the target stems it may stand for: the same word
(identical tokens, proper names), a cognate in the target document (python-Levenshtein ratio),
or a lexicon translation. The overlap of two key sets, weighted, is the lexical evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import Levenshtein

from align.alignment.features import SentenceFeatures, anchor_weight
from align.alignment.lexicon import MIN_CONTENT_LENGTH, Lexicon, stem

COGNATE_MIN_LENGTH = 5
COGNATE_MIN_RATIO = 0.8


@dataclass(frozen=True)
class ProjectedSide:
    keys: tuple[frozenset[str], ...]  # per sentence
    mass: tuple[float, ...]  # per sentence: weight of its own evidence (content words + anchors)
    lengths: tuple[int, ...]
    counts: tuple[int, ...] = ()  # sentences per unit (empty: one each); coarse units hold several

    def count(self, k: int) -> int:
        return self.counts[k] if self.counts else 1


def _cognates(src_vocab: set[str], tgt_vocab: set[str]) -> dict[str, set[str]]:
    """Source word -> target words of this document that look alike (ratio >= 0.8)."""
    buckets: dict[str, list[str]] = {}
    for word in tgt_vocab:
        if len(word) >= COGNATE_MIN_LENGTH:
            buckets.setdefault(word[:2], []).append(word)
    found: dict[str, set[str]] = {}
    for word in src_vocab:
        if len(word) < COGNATE_MIN_LENGTH:
            continue
        for candidate in buckets.get(word[:2], ()):
            if abs(len(candidate) - len(word)) <= 4 and Levenshtein.ratio(word, candidate) >= COGNATE_MIN_RATIO:
                found.setdefault(word, set()).add(candidate)
    return found


def _mass(anchors: frozenset[str], n_words: int) -> float:
    return n_words + sum(anchor_weight(a) for a in anchors)


def project(src: Sequence[SentenceFeatures], tgt: Sequence[SentenceFeatures], src_lang: str, tgt_lang: str,
            lexicon: Lexicon | None = None) -> tuple[ProjectedSide, ProjectedSide]:
    tgt_vocab = {w for f in tgt for w in f.words if len(w) >= MIN_CONTENT_LENGTH}
    src_vocab = {w for f in src for w in f.words if len(w) >= MIN_CONTENT_LENGTH}
    cognates = _cognates(src_vocab, tgt_vocab)
    tgt_stem = {w: "w:" + stem(w, tgt_lang) for w in tgt_vocab}
    word_keys: dict[str, frozenset[str]] = {}
    for word in src_vocab:
        keys = set()
        if word in tgt_stem:
            keys.add(tgt_stem[word])
        for cognate in cognates.get(word, ()):
            keys.add(tgt_stem[cognate])
        if lexicon is not None:
            for translation in lexicon.translations(stem(word, src_lang)):
                keys.add("w:" + translation)
        word_keys[word] = frozenset(keys)

    src_keys, src_mass = [], []
    for f in src:
        content = {w for w in f.words if len(w) >= MIN_CONTENT_LENGTH}
        keys = set(f.anchors)
        for w in content:
            keys |= word_keys[w]
        src_keys.append(frozenset(keys))
        src_mass.append(_mass(f.anchors, len(content)))
    tgt_keys, tgt_mass = [], []
    for f in tgt:
        content = {tgt_stem[w] for w in f.words if len(w) >= MIN_CONTENT_LENGTH}
        tgt_keys.append(frozenset(content | f.anchors))
        tgt_mass.append(_mass(f.anchors, len(content)))
    return (ProjectedSide(tuple(src_keys), tuple(src_mass), tuple(f.length for f in src)),
            ProjectedSide(tuple(tgt_keys), tuple(tgt_mass), tuple(f.length for f in tgt)))


def overlap(src_keys: frozenset[str], tgt_keys: frozenset[str]) -> float:
    """Weighted count of shared keys (anchors weigh more than words)."""
    shared = src_keys & tgt_keys
    if not shared:
        return 0.0
    weights = _WEIGHTS
    total = 0.0
    for key in shared:
        w = weights.get(key)
        if w is None:
            w = weights[key] = anchor_weight(key) if key[0] != "w" else 1.0
        total += w
    return total


_WEIGHTS: dict[str, float] = {}
