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
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from align.model import Concept, Term
from align.terms.gcpause import gc_paused
from align.terms.text import (Token, all_caps, date_runs, fold, is_inflection, language_facts,
                              sentence_initial, stem, tokenize, word_spans)
from align.terms.text import stems as text_stems
from align.terms.text import tokens as text_tokens

KIND_RANK = {"exact": 0, "inflected": 1, "stem": 2, "compound": 3}
SPECIFIC_PRIORITY = 50  # concepts at or above this priority are "specific" (curated, user)
_MIN_COMPOUND_PART = 4
_END = None  # trie key for "a term ends here"; never a stem, and survives pickling

# What the index needs of one term, as plain data (cacheable with marshal):
# (concept index, term index in concept.terms[lang], folds, surfaces, gaps, stems)
TermData = tuple[int, int, tuple[str, ...], tuple[str, ...], tuple[bool, ...], tuple[str, ...]]


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


class _Entry:
    """One term of one concept in the index (a plain slotted class: ~17,000 are made per language)."""

    __slots__ = ("concept", "term", "lang", "folds", "surfaces", "gaps", "stems", "specific")

    def __init__(self, concept: Concept, term: Term, lang: str, folds: tuple[str, ...],
                 surfaces: tuple[str, ...], gaps: tuple[bool, ...] = (), stems: tuple[str, ...] = ()) -> None:
        self.concept = concept
        self.term = term
        self.lang = lang
        self.folds = folds
        self.surfaces = surfaces
        self.gaps = gaps  # True where punctuation separates two words of the term
        self.stems = stems
        self.specific = concept.priority >= SPECIFIC_PRIORITY

    def __repr__(self) -> str:
        return f"_Entry({self.concept.id!r}, {self.term.text!r}, {self.lang!r})"


def _token_case_ok(surface: str, model: str) -> bool:
    k = min(len(surface), len(model))
    return all(a.isupper() == b.isupper() for a, b in zip(surface[:k], model[:k]) if a.isalpha() and b.isalpha())


def term_data(concepts: Sequence[Concept], lang: str) -> list[TermData]:
    """Words, gaps and stems of every ``lang`` term, in glossary order (terms without words left out)."""
    out: list[TermData] = []
    for ci, concept in enumerate(concepts):
        for ti, term in enumerate(concept.terms.get(lang, ())):
            spans = word_spans(term.text)
            if not spans:
                continue
            surfaces = tuple(w for _, _, w in spans)
            folds = tuple(fold(w) for w in surfaces)
            text = term.text
            gaps = tuple(bool(_HARD.search(text[a[1]:b[0]])) for a, b in zip(spans, spans[1:]))
            out.append((ci, ti, folds, surfaces, gaps, tuple(stem(f, lang) for f in folds)))
    return out


class _LangIndex:
    """The trie and the one-word lookups of one language."""

    __slots__ = ("trie", "single_fold", "single_stem", "entries", "compound_parts")

    def __init__(self, concepts: Sequence[Concept], lang: str, data: Sequence[TermData]) -> None:
        self.trie: dict = {}
        self.single_fold: dict[str, list[_Entry]] = {}
        self.single_stem: dict[str, list[_Entry]] = {}
        self.entries: list[_Entry] = []
        self.compound_parts: dict[str, list[_Entry]] = {}  # word -> one-word terms it is made of
        for ci, ti, folds, surfaces, gaps, stems in data:
            concept = concepts[ci]
            term = concept.terms[lang][ti]
            entry = _Entry(concept, term, lang, folds, surfaces, gaps, stems)
            self.entries.append(entry)
            node = self.trie
            for s in stems:
                node = node.setdefault(s, {})
            node.setdefault(_END, []).append(entry)
            if len(folds) == 1 and len(folds[0]) >= _MIN_COMPOUND_PART and term.status.approved:
                self.single_fold.setdefault(folds[0], []).append(entry)
                self.single_stem.setdefault(stems[0], []).append(entry)


class Matcher:
    """The term index of one glossary, built per language on first use.

    ``data`` (language -> :func:`term_data`) skips tokenising and stemming the terms, e.g.
    when it comes from the glossary cache. A Matcher pickles as its concepts and that data;
    the tries are rebuilt on first use in the receiving process.
    """

    def __init__(self, concepts: Iterable[Concept], data: Mapping[str, list[TermData]] | None = None) -> None:
        self.concepts: tuple[Concept, ...] = tuple(concepts)
        self._given = data  # may decode lazily (the cache keeps each language apart)
        self._data: dict[str, list[TermData]] = {}
        self._langs: dict[str, _LangIndex] = {}
        self._scans: dict[tuple[str, str], tuple] = {}

    def __getstate__(self) -> dict:
        return {"concepts": self.concepts, "_given": self._given, "_data": self._data, "_langs": {}, "_scans": {}}

    def term_data(self, lang: str) -> list[TermData]:
        data = self._data.get(lang)
        if data is None:
            data = self._given.get(lang) if self._given is not None else None
            if data is None:
                with gc_paused():
                    data = term_data(self.concepts, lang)
            self._data[lang] = data
        return data

    def index(self, lang: str) -> _LangIndex:
        idx = self._langs.get(lang)
        if idx is None:
            data = self.term_data(lang)
            with gc_paused():
                idx = self._langs[lang] = _LangIndex(self.concepts, lang, data)
        return idx

    def entries(self, lang: str) -> list[_Entry]:
        """Every term of ``lang`` with words, in glossary order."""
        return self.index(lang).entries

    # -- matching -------------------------------------------------------------------------
    def find(self, text: str, lang: str, nested: bool = False, compounds: bool = True,
             tokens: Sequence[Token] | None = None) -> list[tuple["_Entry", TermMatch]]:
        """Matches in ``text``; with ``nested`` every match, else the longest non-overlapping ones.

        Overlaps are resolved by tier first (curated and user terms before general EuroVoc
        terms, so general terms never hide a curated one), then by length in tokens. All
        concepts that share the winning span are kept: an ambiguous term stays ambiguous.
        """
        if not text:
            return []
        idx = self.index(lang)
        if not idx.trie:
            return []
        toks, spans, made_by_span = self._scan(text, lang, idx, tokens)
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
            made = made_by_span.get((i, j, skip))
            if made is None:  # the same span's readings serve the longest and the nested lookup
                used = [toks[k] for k in range(i, j) if skip is None or not skip[0] <= k < skip[1]]
                made = made_by_span[(i, j, skip)] = [(e, self._make(e, text, used, lang))
                                                     for e in spans[(i, j, skip)]]
            if len(entries) != len(made):
                made = [(e, m) for e, m in made if e.specific]
            if not nested:  # keep only the closest readings of this span (ties stay ambiguous)
                best = min(closeness(m) for _, m in made)
                made = [(e, m) for e, m in made if closeness(m) == best]
            out.extend(made)
        if compounds and language_facts(lang).get("compounds"):
            for k, tok in enumerate(toks):
                if not covered[k]:
                    out.extend(self._compound(tok, lang, idx))
        out.sort(key=lambda p: (p[1].span, KIND_RANK[p[1].kind]))
        return out

    def _scan(self, text: str, lang: str, idx: _LangIndex, tokens: Sequence[Token] | None
              ) -> tuple[Sequence[Token], dict[tuple[int, int, tuple[int, int] | None], list[_Entry]], dict]:
        """Every trie match of ``text``: span key (first token, end token, skipped date) -> entries,
        and a dictionary that :meth:`find` fills with each span's readings as it makes them.

        The checks ask for the same text twice (longest and nested matches), so the last few
        thousand scans are kept; the spans are never changed after they are made.
        """
        key = (text, lang)
        if tokens is None:
            hit = self._scans.get(key)
            if hit is not None:
                return hit
        toks = tuple(tokens) if tokens is not None else text_tokens(text)
        trie = idx.trie
        keys = text_stems([t.fold for t in toks], lang)
        hard = _hard_before(text, toks)
        dates = date_runs(toks, lang)
        spans: dict[tuple[int, int, tuple[int, int] | None], list[_Entry]] = {}
        n = len(toks)
        for i in range(n):
            node = trie.get(keys[i])
            if node is None:
                continue
            j = i + 1
            skip: tuple[int, int] | None = None
            while True:
                ends = node.get(_END)
                if ends:
                    if not any(hard[i + 1:j]):  # no punctuation inside: every term fits
                        fitting = ends
                    else:
                        used = [k for k in range(i, j) if skip is None or not skip[0] <= k < skip[1]]
                        fitting = [e for e in ends if all(e.gaps[m] or not hard[b] for m, (a, b) in
                                                          enumerate(zip(used, used[1:])) if b == a + 1)]
                    if fitting:
                        spans.setdefault((i, j, skip), []).extend(fitting)
                if j >= n:
                    break
                nxt = node.get(keys[j])
                if nxt is None:
                    if skip is None and j in dates and j + dates[j] < n:
                        skip = (j, j + dates[j])  # step over a date inside a title, once
                        j = skip[1]
                        nxt = node.get(keys[j])
                        if nxt is None:
                            break
                    else:
                        break
                node = nxt
                j += 1
        made: dict = {}
        if tokens is None:
            if len(self._scans) >= 4096:
                self._scans.clear()
            self._scans[key] = (toks, spans, made)
        return toks, spans, made

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

    def _compound(self, tok: Token, lang: str, idx: _LangIndex) -> list[tuple[_Entry, TermMatch]]:
        found = idx.compound_parts.get(tok.fold)
        if found is None:
            if len(idx.compound_parts) > 200_000:
                idx.compound_parts.clear()
            found = idx.compound_parts[tok.fold] = _compound_parts(tok.fold, lang, idx)
        return [(e, TermMatch(e.concept.id, e.term, lang, (tok.start, tok.end), tok.surface, "compound",
                              True, e.concept.priority)) for e in found]


def _compound_parts(word: str, lang: str, idx: _LangIndex) -> list[_Entry]:
    """One-word terms a Dutch compound is made of (asked once per distinct word)."""
    if len(word) < 2 * _MIN_COMPOUND_PART - 1:
        return []
    folds = idx.single_fold
    stems = idx.single_stem
    # modifier: the longest known term the word starts with (mensenhandel|zaken)
    for i in range(len(word) - 3, _MIN_COMPOUND_PART - 1, -1):
        if word[:i] in folds:
            return folds[word[:i]]
    # head: the longest known term the word ends with (kinder|pornografie)
    for i in range(3, len(word) - _MIN_COMPOUND_PART + 1):
        head = word[i:]
        if len(head) >= _MIN_COMPOUND_PART and stem(head, lang) in stems:
            return stems[stem(head, lang)]
    return []


_HARD = re.compile(r"[,;:.!?()\[\]{}\"“”«»]")


def _hard_before(text: str, toks: Sequence[Token]) -> list[bool]:
    """hard[k]: punctuation between token k - 1 and token k (what :func:`_gaps` says, one
    regex pass over the text instead of one search per gap)."""
    hard = [False] * len(toks)
    if len(toks) > 1:
        starts = None
        for m in _HARD.finditer(text):
            if starts is None:
                starts = [t.start for t in toks]
            k = bisect_right(starts, m.start())
            if 0 < k < len(toks):
                hard[k] = True
    return hard


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
