"""Find glossary terms in text in one pass: a trie over stemmed tokens, longest match first.

Every term of every concept is tokenised and stemmed once; a text is tokenised and stemmed
once and walked through the trie from each token. That keeps the cost proportional to the
text, not to the number of concepts (no regex per term).

Each match says how close it is, so checks can be strict where a match would *raise* a
finding and lenient where it would *lift* one:
``exact`` (same folded words), ``inflected`` (regular endings only: lidstaat/lidstaten),
``stem`` (Snowball stems agree, nothing more), ``compound`` (a Dutch compound containing a
one-word term: mensenhandelzaken).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from align.model import Concept, Term
from align.terms.text import (Token, all_caps, date_runs, fold, is_inflection, language_facts,
                              sentence_initial, stem, tokenize)

KIND_RANK = {"exact": 0, "inflected": 1, "stem": 2, "compound": 3}
SPECIFIC_PRIORITY = 50  # concepts at or above this priority are "specific" (curated, user)
_MIN_COMPOUND_PART = 4
_END = object()


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a glossary term in a text."""

    concept_id: str
    term: Term
    lang: str
    span: tuple[int, int]
    text: str  # the matched text as written
    kind: str = "exact"  # exact | inflected | stem | compound
    case_ok: bool = True  # False: a case-sensitive term written with other capitals
    priority: int = 0  # the concept's priority (user > curated > general)
    distance: int = 0  # characters by which the words differ from the term's (0 = as listed)

    @property
    def approved(self) -> bool:
        return self.term.status.approved


@dataclass(frozen=True)
class _Entry:
    concept: Concept
    term: Term
    lang: str
    folds: tuple[str, ...]
    surfaces: tuple[str, ...]
    gaps: tuple[bool, ...] = ()  # True where punctuation separates two words of the term

    @property
    def specific(self) -> bool:
        return self.concept.priority >= SPECIFIC_PRIORITY


def _token_case_ok(surface: str, model: str) -> bool:
    k = min(len(surface), len(model))
    return all(a.isupper() == b.isupper() for a, b in zip(surface[:k], model[:k]) if a.isalpha() and b.isalpha())


class Matcher:
    """The term index of one glossary, for every language in it."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._tries: dict[str, dict] = {}
        self._single_fold: dict[str, dict[str, list[_Entry]]] = {}
        self._single_stem: dict[str, dict[str, list[_Entry]]] = {}
        self.entries: list[_Entry] = []
        for concept in concepts:
            for lang, terms in concept.terms.items():
                for term in terms:
                    self._add(concept, term, lang)

    def _add(self, concept: Concept, term: Term, lang: str) -> None:
        toks = tokenize(term.text)
        if not toks:
            return
        entry = _Entry(concept, term, lang, tuple(t.fold for t in toks), tuple(t.surface for t in toks),
                       _gaps(term.text, toks))
        self.entries.append(entry)
        node = self._tries.setdefault(lang, {})
        for t in toks:
            node = node.setdefault(stem(t.fold, lang), {})
        node.setdefault(_END, []).append(entry)
        if len(toks) == 1 and len(toks[0].fold) >= _MIN_COMPOUND_PART and term.status.approved:
            self._single_fold.setdefault(lang, {}).setdefault(toks[0].fold, []).append(entry)
            self._single_stem.setdefault(lang, {}).setdefault(stem(toks[0].fold, lang), []).append(entry)

    # -- matching -------------------------------------------------------------------------
    def find(self, text: str, lang: str, nested: bool = False, compounds: bool = True,
             tokens: Sequence[Token] | None = None) -> list[tuple["_Entry", TermMatch]]:
        """Matches in ``text``; with ``nested`` every match, else the longest non-overlapping ones.

        Overlaps are resolved by tier first (curated and user terms before general EuroVoc
        terms, so general terms never hide a curated one), then by length in tokens. All
        concepts that share the winning span are kept: an ambiguous term stays ambiguous.
        """
        trie = self._tries.get(lang)
        if not trie or not text:
            return []
        toks = list(tokens) if tokens is not None else tokenize(text)
        keys = [stem(t.fold, lang) for t in toks]
        hard = [False] + list(_gaps(text, toks))  # hard[k]: punctuation before token k
        dates = date_runs(toks, lang)
        # span key: (first token, end token, skipped date (start, end) or None)
        spans: dict[tuple[int, int, tuple[int, int] | None], list[_Entry]] = {}
        for i in range(len(toks)):
            node = trie
            j = i
            skip: tuple[int, int] | None = None
            while j < len(toks):
                nxt = node.get(keys[j])
                if nxt is None:
                    if skip is None and j > i and j in dates and j + dates[j] < len(toks):
                        skip = (j, j + dates[j])  # step over a date inside a title, once
                        j = skip[1]
                        continue
                    break
                node = nxt
                j += 1
                ends = node.get(_END)
                if ends:
                    used = [k for k in range(i, j) if skip is None or not skip[0] <= k < skip[1]]
                    fitting = [e for e in ends if all(e.gaps[n] or not hard[b] for n, (a, b) in
                                                      enumerate(zip(used, used[1:])) if b == a + 1)]
                    if fitting:
                        spans.setdefault((i, j, skip), []).extend(fitting)
        chosen: list[tuple[int, int, tuple[int, int] | None]]
        if nested:
            chosen = sorted(spans, key=lambda s: (s[0], s[1]))
        else:
            order = sorted(spans, key=lambda s: (-max(e.specific for e in spans[s]), -(s[1] - s[0]), s[0]))
            taken = [False] * len(toks)
            chosen = []
            for s in order:
                if not any(taken[s[0]:s[1]]):
                    chosen.append(s)
                    for k in range(s[0], s[1]):
                        taken[k] = True
        out: list[tuple[_Entry, TermMatch]] = []
        covered = [False] * len(toks)
        for (i, j, skip) in sorted(chosen, key=lambda s: (s[0], s[1])):
            entries = spans[(i, j, skip)]
            if not nested and any(e.specific for e in entries):
                entries = [e for e in entries if e.specific]
            for k in range(i, j):
                covered[k] = True
            used = [toks[k] for k in range(i, j) if skip is None or not skip[0] <= k < skip[1]]
            made = [(e, self._make(e, text, used, lang)) for e in entries]
            if not nested:  # keep only the closest readings of this span (ties stay ambiguous)
                best = min(closeness(m) for _, m in made)
                made = [(e, m) for e, m in made if closeness(m) == best]
            out.extend(made)
        if compounds and language_facts(lang).get("compounds"):
            for k, tok in enumerate(toks):
                if not covered[k]:
                    out.extend(self._compound(tok, lang))
        out.sort(key=lambda p: (p[1].span, KIND_RANK[p[1].kind]))
        return out

    def _make(self, entry: _Entry, text: str, toks: Sequence[Token], lang: str) -> TermMatch:
        kind = "exact"
        distance = 0
        for t, model in zip(toks, entry.folds):
            if t.fold == model:
                continue
            distance += abs(len(t.fold) - len(model)) + (0 if t.fold.startswith(model) else 1)
            if is_inflection(model, t.fold, lang):
                kind = max(kind, "inflected", key=KIND_RANK.get)
            else:
                kind = "stem"
        start, end = toks[0].start, toks[-1].end
        matched = text[start:end]
        case_ok = True
        if entry.term.case_sensitive and not all_caps(matched):
            for n, (t, model) in enumerate(zip(toks, entry.surfaces)):
                if _token_case_ok(t.surface, model):
                    continue
                if n == 0 and sentence_initial(text, start) and _token_case_ok(t.surface[1:], model[1:]):
                    continue
                if _quoted_title(text, start, toks):
                    continue
                case_ok = False
                break
        return TermMatch(entry.concept.id, entry.term, lang, (start, end), matched, kind, case_ok,
                         entry.concept.priority, distance)

    def _compound(self, tok: Token, lang: str) -> list[tuple[_Entry, TermMatch]]:
        word = tok.fold
        if len(word) < 2 * _MIN_COMPOUND_PART - 1:
            return []
        folds = self._single_fold.get(lang, {})
        stems = self._single_stem.get(lang, {})
        found: list[_Entry] = []
        # modifier: the longest known term the word starts with (mensenhandel|zaken)
        for i in range(len(word) - 3, _MIN_COMPOUND_PART - 1, -1):
            if word[:i] in folds:
                found = folds[word[:i]]
                break
        if not found:  # head: the longest known term the word ends with (kinder|pornografie)
            for i in range(3, len(word) - _MIN_COMPOUND_PART + 1):
                head = word[i:]
                if len(head) >= _MIN_COMPOUND_PART and stem(head, lang) in stems:
                    found = stems[stem(head, lang)]
                    break
        return [(e, TermMatch(e.concept.id, e.term, lang, (tok.start, tok.end), tok.surface, "compound",
                              True, e.concept.priority)) for e in found]


_HARD = re.compile(r"[,;:.!?()\[\]{}\"“”«»]")


def _gaps(text: str, toks: Sequence[Token]) -> tuple[bool, ...]:
    """For each pair of neighbouring words: is there punctuation between them?

    A term matches only where the text has no stronger break than the term itself, so
    'Transport, Infrastructure' is not 'transport infrastructure'.
    """
    return tuple(bool(_HARD.search(text[a.end:b.start])) for a, b in zip(toks, toks[1:]))


def closeness(m: TermMatch) -> tuple[int, int, int]:
    """How near a match is to its entry: kind, then capitals, then changed letters (smaller is nearer)."""
    return (KIND_RANK[m.kind], 0 if m.case_ok else 1, m.distance)


def _quoted_title(text: str, start: int, toks: Sequence[Token]) -> bool:
    """A Title Case phrase right after an opening quote is part of a quoted name."""
    before = text[:start].rstrip()
    return bool(before) and before[-1] in "\"“‘«'" and all(
        t.surface[:1].isupper() or len(t.surface) <= 3 for t in toks)


def term_tokens(term_text: str) -> tuple[str, ...]:
    return tuple(t.fold for t in tokenize(term_text))


def normal_form(text: str) -> str:
    """A rendering as a comparable key: folded words joined by single spaces."""
    return " ".join(fold(t.surface) for t in tokenize(text))
