"""Near-misses of approved multi-word terms and official titles.

Two shapes, both anchored on the term's own words through a stem index (no scan over every
term for every window):

* a typo in one word of a multi-word term ("Framework Decison"): every other word agrees and
  the odd word is one or two edits away and is not itself a word of the glossary;
* a distorted title ("Universal Declaration of the United Nations Human Rights"): every
  content word of a title of three or more content words appears in order, with at most three
  extra or missing small words, and the whole stays close by edit ratio.

Windows that a glossary entry already explains (an exact, inflected, deprecated or other
concept's match) are never reported.
"""
from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

import Levenshtein

from align.model import Term
from align.terms.matcher import TermMatch
from align.terms.text import language_facts, tokens
from align.terms.text import stems as text_stems

MAX_EXTRA_WORDS = 3
MIN_TITLE_RATIO = 0.7
MIN_CONTENT_WORDS = 3
TITLE_DOMAINS = ("instruments", "institutions")  # official names and titles
_SENTENCE_BREAK = re.compile(r"[.;:()\[\]]")


@dataclass(frozen=True)
class NearMiss:
    concept_id: str
    term: Term
    span: tuple[int, int]
    text: str
    reason: str
    title: bool
    content_changed: bool = True  # False: only small words (of, the) differ


@dataclass
class _Entry:
    concept_id: str
    term: Term
    folds: tuple[str, ...]
    stems: tuple[str, ...]
    function: tuple[bool, ...]
    domain: str = ""

    def __post_init__(self) -> None:
        # asked for every anchor hit (tens per segment), so computed once here
        self.content_count = sum(1 for f in self.function if not f)
        self.first_content = next((k for k, f in enumerate(self.function) if not f), -1)
        self.content_stems = frozenset(s for s, f in zip(self.stems, self.function) if not f)
        self.title = self.content_count >= MIN_CONTENT_WORDS and self.domain in TITLE_DOMAINS


class _LangIndex:
    def __init__(self, glossary, lang: str) -> None:
        funcs = set(language_facts(lang).get("function_words", ()))
        self.functions = funcs
        self.entries: list[_Entry] = []
        self.by_stem: dict[str, list[tuple[int, int]]] = {}
        self.vocab: set[str] = set()
        # the glossary's term index has every term's words and stems already
        for term_entry in glossary.matcher.entries(lang):
            concept, term, folds = term_entry.concept, term_entry.term, term_entry.folds
            self.vocab.update(folds)
            if not term.status.approved or len(folds) < 2 or not glossary.is_specific(concept.id):
                continue
            entry = _Entry(concept.id, term, folds, term_entry.stems, tuple(f in funcs for f in folds),
                           concept.domain)
            self.entries.append(entry)
            for pos, s in enumerate(entry.stems):
                if not entry.function[pos]:
                    self.by_stem.setdefault(s, []).append((len(self.entries) - 1, pos))


_INDEXES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _index(glossary, lang: str) -> _LangIndex:
    per = _INDEXES.setdefault(glossary, {})
    if lang not in per:
        per[lang] = _LangIndex(glossary, lang)
    return per[lang]


def _typo_limit(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) <= 8 else 2


def near_misses(glossary, text: str, lang: str, matches: Sequence[TermMatch]) -> list[NearMiss]:
    """Near-misses in ``text``; ``matches`` are the glossary's longest matches in it."""
    lang = (lang or "").lower().split("-")[0]
    idx = _index(glossary, lang)
    if not idx.entries or not text:
        return []
    toks = tokens(text)
    stems = text_stems([t.fold for t in toks], lang)
    stem_set = set(stems)
    # which match covers each token (tokens are in text order: find each match's run by bisection)
    starts = [t.start for t in toks]
    cover: list[list[TermMatch]] = [[] for _ in toks]
    for m in matches:
        for k in range(bisect_left(starts, m.span[0]), len(toks)):
            if toks[k].end > m.span[1]:
                break
            cover[k].append(m)
    # content words of each entry found in place, per window start: a typo window has all but one
    hits: dict[tuple[int, int], int] = {}
    for i, s in enumerate(stems):
        for entry_no, pos in idx.by_stem.get(s, ()):
            key = (entry_no, i - pos)
            hits[key] = hits.get(key, 0) + 1
    found: dict[tuple[int, int], NearMiss] = {}

    def explained(i: int, j: int, concept_id: str) -> bool:
        if any(m.concept_id == concept_id for k in range(i, j) for m in cover[k]):
            return True
        first, last = {id(m) for m in cover[i]}, {id(m) for m in cover[j - 1]}
        return bool(first & last)

    def crosses_break(i: int, j: int) -> bool:
        return bool(_SENTENCE_BREAK.search(text[toks[i].start:toks[j - 1].end]))

    for i, s in enumerate(stems):
        for entry_no, pos in idx.by_stem.get(s, ()):
            e = idx.entries[entry_no]
            n = len(e.folds)
            # (a) a typo in one word
            start = i - pos
            if 0 <= start and start + n <= len(toks) and hits[(entry_no, start)] == e.content_count - 1 \
                    and (start, start + n) not in found:
                odd = [q for q in range(n) if stems[start + q] != e.stems[q]]
                if len(odd) == 1:
                    q = odd[0]
                    word, model = toks[start + q].fold, e.folds[q]
                    limit = _typo_limit(model)
                    if limit and word.isalpha() and word not in idx.vocab and not e.function[q] \
                            and Levenshtein.distance(word, model) <= limit \
                            and not explained(start, start + n, e.concept_id) and not crosses_break(start, start + n):
                        found[(start, start + n)] = NearMiss(
                            e.concept_id, e.term, (toks[start].start, toks[start + n - 1].end),
                            text[toks[start].start:toks[start + n - 1].end],
                            f"'{toks[start + q].surface}' for '{model}'", title=False)
            # (b) a distorted title, anchored on its first content word
            if not e.title or pos != e.first_content or not e.content_stems <= stem_set:
                continue
            k, extras, missing, j = pos, 0, 0, i
            content_extras = 0
            end = None
            while j < len(toks) and j < i + n + MAX_EXTRA_WORDS + 1:
                if k < n and stems[j] == e.stems[k]:
                    k += 1
                else:
                    skip = k
                    while skip < n and e.function[skip] and stems[j] != e.stems[skip]:
                        skip += 1
                    if skip < n and skip > k and stems[j] == e.stems[skip]:
                        missing += skip - k
                        k = skip + 1
                    else:
                        extras += 1
                        content_extras += toks[j].fold not in idx.functions
                j += 1
                if k == n:
                    end = j
                    break
            if end is None or extras + missing == 0 or extras > MAX_EXTRA_WORDS or missing > MAX_EXTRA_WORDS:
                continue
            if explained(i, end, e.concept_id) or crosses_break(i, end):
                continue
            window = " ".join(t.fold for t in toks[i:end])
            if Levenshtein.ratio(window, " ".join(e.folds)) < MIN_TITLE_RATIO:
                continue
            found[(i, end)] = NearMiss(
                e.concept_id, e.term, (toks[i].start, toks[end - 1].end), text[toks[i].start:toks[end - 1].end],
                f"{extras} word(s) added, {missing} left out", title=True, content_changed=content_extras > 0)
    # keep the widest of overlapping windows
    out: list[NearMiss] = []
    for key in sorted(found, key=lambda k: (-(k[1] - k[0]), k[0])):
        if any(not (key[1] <= o[0] or key[0] >= o[1]) for o in [x for x in found if found[x] in out]):
            continue
        out.append(found[key])
    return sorted(out, key=lambda nm: nm.span)
