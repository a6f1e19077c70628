"""Sentence alignment of two documents: paragraphs first, then sentences inside paragraph groups."""
from __future__ import annotations

import functools
from typing import Sequence

from align.alignment.anchoring import heading_anchors
from align.alignment.confidence import bead_features, logistic, with_document_similarity
from align.alignment.cost import BeadCoster, CostParams
from align.alignment.dp import FINE_BEADS, Step, align_units
from align.alignment.features import extract_features
from align.alignment.lexicon import Lexicon, lexicon_from_concepts, shipped_lexicon
from align.alignment.projection import ProjectedSide, project
from align.model import Bitext, Document, Link


def resolve_lexicon(src_lang: str, tgt_lang: str, lexicon: Lexicon | None = None, glossary=None) -> Lexicon | None:
    """The explicit lexicon (or the shipped one for the pair), plus glossary term pairs."""
    chosen = lexicon.oriented(src_lang, tgt_lang) if lexicon is not None else shipped_lexicon(src_lang, tgt_lang)
    concepts = getattr(glossary, "concepts", None) if glossary is not None else None
    if concepts:
        extra = _concept_lexicon(tuple(concepts), src_lang, tgt_lang)
        chosen = chosen.merged(extra) if chosen is not None else extra
    return chosen


@functools.lru_cache(maxsize=4)
def _concept_lexicon(concepts: tuple, src_lang: str, tgt_lang: str) -> Lexicon:
    """Glossaries are immutable and reused for every document pair: build their lexicon once."""
    return lexicon_from_concepts(concepts, src_lang, tgt_lang)


def _links(path: Sequence[Step], coster: BeadCoster, src_index: Sequence[int], tgt_index: Sequence[int],
           features_out: list | None = None) -> list[Link]:
    rows = with_document_similarity([bead_features(coster, step, k, path) for k, step in enumerate(path)])
    if features_out is not None:
        features_out.extend(rows)
    return [Link(tuple(src_index[i] for i in range(step.i0, step.i1)),
                 tuple(tgt_index[j] for j in range(step.j0, step.j1)),
                 round(logistic(features), 4)) for step, features in zip(path, rows)]


def _subside(side: ProjectedSide, indexes: Sequence[int]) -> ProjectedSide:
    return ProjectedSide(tuple(side.keys[i] for i in indexes), tuple(side.mass[i] for i in indexes),
                         tuple(side.lengths[i] for i in indexes), tuple(side.count(i) for i in indexes))


def _group(side: ProjectedSide, groups: Sequence[Sequence[int]]) -> ProjectedSide:
    """One unit per group of sentences (a paragraph): lengths add, key sets unite."""
    keys, mass, lengths, counts = [], [], [], []
    for group in groups:
        keys.append(frozenset().union(*(side.keys[i] for i in group)) if group else frozenset())
        mass.append(sum(side.mass[i] for i in group))
        lengths.append(sum(side.lengths[i] for i in group) or 1)
        counts.append(max(1, sum(side.count(i) for i in group)))
    return ProjectedSide(tuple(keys), tuple(mass), tuple(lengths), tuple(counts))


def paragraph_groups_from_path(path: Sequence[Step], src_paragraphs: Sequence[Sequence[int]],
                               tgt_paragraphs: Sequence[Sequence[int]]) -> list[tuple[list[int], list[int]]]:
    """Sentence-index groups to align separately, one per linked paragraph bead.

    A paragraph the paragraph DP left unlinked joins the group before it (or the first group):
    the sentence DP then decides, sentence by sentence, whether it was really left out. So a
    paragraph split differently in the two inputs costs nothing, and a true omission is still
    reported, as 1-0 sentences.
    """
    groups: list[tuple[list[int], list[int]]] = []
    pending: tuple[list[int], list[int]] = ([], [])
    for step in path:
        s_idx = [i for p in range(step.i0, step.i1) for i in src_paragraphs[p]]
        t_idx = [j for p in range(step.j0, step.j1) for j in tgt_paragraphs[p]]
        if step.i1 > step.i0 and step.j1 > step.j0:
            groups.append((pending[0] + s_idx, pending[1] + t_idx))
            pending = ([], [])
        elif groups:
            groups[-1][0].extend(s_idx)
            groups[-1][1].extend(t_idx)
        else:
            pending = (pending[0] + s_idx, pending[1] + t_idx)
    if pending[0] or pending[1]:
        groups.append(pending)
    # a skipped paragraph joined the previous group, so keep each side in document order
    return [(sorted(s), sorted(t)) for s, t in groups]


def align_projected(src: ProjectedSide, tgt: ProjectedSide, params: CostParams | None = None,
                    src_paragraphs: Sequence[Sequence[int]] | None = None,
                    tgt_paragraphs: Sequence[Sequence[int]] | None = None,
                    features_out: list | None = None,
                    hard_anchors: Sequence[tuple[int, int]] = ()) -> list[Link]:
    """Align projected sides; with paragraph groups on both sides, paragraphs are aligned first
    and sentences only inside each aligned group of paragraphs; without them, the text is cut at
    ``hard_anchors`` (monotone (source, target) index pairs that start a chunk on both sides).
    ``features_out`` (a list) receives the confidence features of each bead, for calibration."""
    coster = BeadCoster(src, tgt, params)
    if not src_paragraphs or not tgt_paragraphs or len(src_paragraphs) < 2 or len(tgt_paragraphs) < 2:
        n, m = len(src.keys), len(tgt.keys)
        cuts = [(0, 0)] + [a for a in (hard_anchors or ()) if 0 < a[0] < n and 0 < a[1] < m] + [(n, m)]
        links: list[Link] = []
        for (i0, j0), (i1, j1) in zip(cuts, cuts[1:]):  # chunks between hard anchors, each on its own
            s_idx, t_idx = list(range(i0, i1)), list(range(j0, j1))
            sub_src, sub_tgt = _subside(src, s_idx), _subside(tgt, t_idx)
            path = align_units(sub_src, sub_tgt, params, FINE_BEADS, ratio=coster.ratio)
            links.extend(_links(path, BeadCoster(sub_src, sub_tgt, params, coster.ratio), s_idx, t_idx,
                                features_out))
        return links
    para_path = align_units(_group(src, src_paragraphs), _group(tgt, tgt_paragraphs), params, FINE_BEADS,
                            ratio=coster.ratio)
    links: list[Link] = []
    for s_idx, t_idx in paragraph_groups_from_path(para_path, src_paragraphs, tgt_paragraphs):
        sub_src, sub_tgt = _subside(src, s_idx), _subside(tgt, t_idx)
        sub_coster = BeadCoster(sub_src, sub_tgt, params, coster.ratio)
        path = align_units(sub_src, sub_tgt, params, FINE_BEADS, ratio=coster.ratio)
        links.extend(_links(path, sub_coster, s_idx, t_idx, features_out))
    return links


ANCHOR_CONFIRM_SIMILARITY = 0.3


def _followed_alike(src: ProjectedSide, tgt: ProjectedSide, i: int, j: int) -> bool:
    """Do the sentences right after two headings share enough evidence to confirm them?"""
    if i + 1 >= len(src.keys) or j + 1 >= len(tgt.keys):
        return False
    coster = BeadCoster(_subside(src, [i + 1]), _subside(tgt, [j + 1]), None, 1.0)
    return coster.similarity(0, 1, 0, 1) >= ANCHOR_CONFIRM_SIMILARITY


def align_sentences(src_texts: Sequence[str], tgt_texts: Sequence[str], src_lang: str, tgt_lang: str,
                    lexicon: Lexicon | None = None, glossary=None, params: CostParams | None = None,
                    src_paragraphs: Sequence[Sequence[int]] | None = None,
                    tgt_paragraphs: Sequence[Sequence[int]] | None = None,
                    features_out: list | None = None) -> list[Link]:
    """Link every source sentence to the target sentence(s) that render it, with a confidence.

    Returns beads in document order covering every index on both sides exactly once; 1-0 and
    0-1 beads are omissions and additions. ``lexicon=None`` uses the shipped lexicon for the
    language pair if there is one; pass ``Lexicon(src, tgt)`` to use none. ``*_paragraphs``:
    optional sentence-index groups; when both are given, paragraphs are aligned first.
    """
    src, tgt, anchors = project_sentences(src_texts, tgt_texts, src_lang, tgt_lang, lexicon, glossary)
    return align_projected(src, tgt, params, src_paragraphs, tgt_paragraphs, features_out, anchors)


def project_sentences(src_texts: Sequence[str], tgt_texts: Sequence[str], src_lang: str, tgt_lang: str,
                      lexicon: Lexicon | None = None, glossary=None
                      ) -> tuple[ProjectedSide, ProjectedSide, list[tuple[int, int]]]:
    """The part of alignment that no cost constant touches: both sides projected into one key
    space, and the hard heading anchors. Computed once, it can be aligned under many
    ``CostParams`` (benchmarks/align_quality.py --tune does)."""
    src_feats = [extract_features(t, src_lang) for t in src_texts]
    tgt_feats = [extract_features(t, tgt_lang) for t in tgt_texts]
    lex = resolve_lexicon(src_lang, tgt_lang, lexicon, glossary)
    src, tgt = project(src_feats, tgt_feats, src_lang, tgt_lang, lex)
    anchors = heading_anchors(src_feats, tgt_feats, lambda i, j: _followed_alike(src, tgt, i, j))
    return src, tgt, anchors


def paragraph_groups(document: Document) -> list[list[int]]:
    """Sentence indexes per paragraph, in order (consecutive segments sharing Segment.paragraph)."""
    groups: list[list[int]] = []
    last = None
    for index, segment in enumerate(document.segments):
        if segment.paragraph != last or not groups:
            groups.append([])
            last = segment.paragraph
        groups[-1].append(index)
    return groups


def _has_real_paragraphs(groups: Sequence[Sequence[int]] | None) -> bool:
    return bool(groups) and any(len(g) > 1 for g in groups)


def _language(document: Document) -> str:
    if document.lang and document.lang != "mul":
        return document.lang
    langs = document.languages()
    return langs[0] if langs else "und"


def pair_documents(source: Document, target: Document, glossary=None, lexicon: Lexicon | None = None,
                   params: CostParams | None = None) -> Bitext:
    """Align two documents into a Bitext (paragraphs first when both documents have them)."""
    src_groups = paragraph_groups(source) if source.paragraphs else None
    tgt_groups = paragraph_groups(target) if target.paragraphs else None
    if not _has_real_paragraphs(src_groups) and not _has_real_paragraphs(tgt_groups):
        src_groups = tgt_groups = None  # one sentence per paragraph (one-per-line): align sentences directly
    links = align_sentences([s.text for s in source.segments], [s.text for s in target.segments],
                            _language(source), _language(target), lexicon=lexicon, glossary=glossary,
                            params=params, src_paragraphs=src_groups, tgt_paragraphs=tgt_groups)
    return Bitext(source, target, tuple(links))
