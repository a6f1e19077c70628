"""Term occurrences in a check context, computed once and shared by every term check.

Source-side detection is strict (it raises findings: exact words or regular endings, right
capitals, curated or user concepts, or multi-word general ones); target-side detection of
approved renderings is lenient (it lifts findings: stems and Dutch compounds count).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from align.model import AlignedPair, Segment
from align.terms.glossary import Glossary, load_glossaries
from align.terms.matcher import TermMatch
from align.terms.text import expected_domains, language_facts, sentence_initial, tokenize, word_count

STRICT_KINDS = ("exact", "inflected")


@dataclass(frozen=True)
class Occurrence:
    match: TermMatch
    segment: Segment
    side: str  # "source" | "target" | "document"

    @property
    def concept_id(self) -> str:
        return self.match.concept_id


@dataclass
class PairTerms:
    pair: AlignedPair
    source: list[Occurrence] = field(default_factory=list)  # longest matches, source side
    target: list[Occurrence] = field(default_factory=list)  # longest matches, target side
    target_all: list[Occurrence] = field(default_factory=list)  # nested + compounds, target side

    def source_concepts(self, glossary: Glossary) -> set[str]:
        """Concepts the source names, read strictly (words as listed, right capitals).

        Wider than :func:`detects`: it decides whether a context-dependent rendering is wrong
        here, not whether a rendering is required, so one-word terms of any domain count.
        """
        return {o.concept_id for o in self.source
                if o.match.kind in STRICT_KINDS and glossary.is_specific(o.concept_id)
                and (o.match.case_ok or not o.match.term.case_sensitive)}


@dataclass
class TermIndex:
    glossary: Glossary
    pairs: list[PairTerms]
    documents: list[list[Occurrence]]  # monolingual: per document, longest matches per segment
    documents_all: list[list[Occurrence]]


def glossary_for(ctx) -> Glossary:
    """The context's glossary, or the shipped glossaries (loaded once per process)."""
    return ctx.glossary if ctx.glossary is not None else load_glossaries()


def detects(m: TermMatch, glossary: Glossary, general: bool = False) -> bool:
    """Is this match trustworthy enough to *expect* something (strict reading)?

    General (EuroVoc) concepts only count with ``general`` (setting ``expect_general_terms``):
    on the DGT sample they raise 20-30 false alarms per 1,000 segments, mostly synonyms.
    """
    if m.kind not in STRICT_KINDS:
        return False
    if m.term.case_sensitive and not m.case_ok:
        return False
    words = word_count(m.term.text)
    if not glossary.is_specific(m.concept_id):  # general (EuroVoc): its own multi-word preferred terms only
        return (general and words >= 2 and m.kind == "exact" and m.term.status.value == "preferred"
                and not any(c in m.term.text for c in "(),;"))
    if words >= 2:
        return True
    if m.term.status.value != "preferred":
        return False  # one-word alternatives ('means', 'instruments') are for lifting, not expecting
    return is_name(m.term, glossary.concept(m.concept_id)) or (bool(language_facts(m.lang).get("single_words_expected"))
                               and glossary.concept(m.concept_id).domain in expected_domains())


def is_name(term, concept) -> bool:
    """A case-sensitive entry, an acronym or a named body: 'Raad', 'TFEU', 'Europol'."""
    text = term.text
    return (term.case_sensitive or (len(text) >= 2 and text.isupper())
            or (concept.domain == "institutions" and text[:1].isupper()))


def inside_name(seg_text: str, m: TermMatch) -> bool:
    """A one-word name preceded by another capitalised word is part of a longer name
    ('Gemengde Commissie', 'Fisheries Commission'), which the glossary does not list."""
    if word_count(m.term.text) != 1:
        return False
    before = tokenize(seg_text[:m.span[0]])
    if not before or before[-1].end < m.span[0] - 2:
        return False
    prev = before[-1].surface
    if not prev[:1].isupper() or sentence_initial(seg_text, before[-1].start):
        return False
    if prev.isupper():  # in capitals ("DE GEMENGDE COMMISSIE") only a content word counts
        return m.text.isupper() and len(prev) > 3 and prev.casefold() not in language_facts(m.lang).get(
            "function_words", ())
    return True


def _segment_lang(seg: Segment, default: str) -> str:
    return (seg.lang or default or "").lower().split("-")[0]


def _find(glossary: Glossary, segs: Iterable[Segment], side: str, default_lang: str,
          nested: bool) -> list[Occurrence]:
    out: list[Occurrence] = []
    for seg in segs:
        lang = _segment_lang(seg, default_lang)
        for m in glossary.find(seg.text, lang, nested=nested, compounds=True):
            if not nested and m.kind == "compound":
                continue
            out.append(Occurrence(m, seg, side))
    return out


def build_index(ctx) -> TermIndex:
    glossary = glossary_for(ctx)
    pairs: list[PairTerms] = []
    for pair in ctx.pairs:
        pairs.append(PairTerms(
            pair,
            source=_find(glossary, pair.source, "source", ctx.source_lang, nested=False),
            target=_find(glossary, pair.target, "target", ctx.target_lang, nested=False),
            target_all=_find(glossary, pair.target, "target", ctx.target_lang, nested=True),
        ))
    documents: list[list[Occurrence]] = []
    documents_all: list[list[Occurrence]] = []
    if ctx.mode == "monolingual":
        for doc in ctx.documents:
            documents.append(_find(glossary, doc.segments, "document", doc.lang, nested=False))
            documents_all.append(_find(glossary, doc.segments, "document", doc.lang, nested=True))
    return TermIndex(glossary, pairs, documents, documents_all)


_RESULTS: dict[int, tuple[object, TermIndex]] = {}


def term_index(ctx) -> TermIndex:
    """The TermIndex of a context, built once (kept in ``ctx.annotations`` when it is a dict)."""
    ann = ctx.annotations
    if isinstance(ann, dict) and isinstance(ann.get("terms"), TermIndex):
        return ann["terms"]
    cached = _RESULTS.get(id(ctx))
    if cached is not None and cached[0] is ctx:
        return cached[1]
    index = build_index(ctx)
    if isinstance(ann, dict):
        ann["terms"] = index
    else:
        if len(_RESULTS) > 8:
            _RESULTS.clear()
        _RESULTS[id(ctx)] = (ctx, index)
    return index


def by_span(occs: Iterable[Occurrence]) -> dict[tuple[str, tuple[int, int]], list[Occurrence]]:
    """Occurrences grouped by (segment id, span): the readings of one stretch of text."""
    grouped: dict[tuple[str, tuple[int, int]], list[Occurrence]] = defaultdict(list)
    for o in occs:
        grouped[(o.segment.id, o.match.span)].append(o)
    return grouped
