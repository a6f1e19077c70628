"""Legal references understood, not regex'd: EU acts in every numbering era, Official Journal
citations, Council document numbers, article citations, CELEX/ECLI identifiers, dates and
numbers, each with a language-neutral key so Dutch and English citations compare equal.

Public API:
    find_references(text, lang) -> list[Reference]   (sorted by span, never overlapping)
    align.refs.index.build_index(documents) -> list[IndexEntry]
"""
from __future__ import annotations

import re
from functools import lru_cache

from align.model import Reference
from align.refs.spans import SpanSet

KINDS = ("celex", "ecli", "oj", "act", "council-doc", "article", "date", "number")

# Every stage's patterns need at least one digit (act and OJ numbers, dates, article numbers,
# amounts), so once the unmasked text holds none the remaining stages cannot find anything:
# about half of all segments stop here. A stage that reads digit-free text (number words)
# must be placed before this test in ``_find``.
_DIGIT = re.compile(r"\d")


def _mask(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


@lru_cache(maxsize=None)
def _stages() -> tuple:
    """The parsers in priority order (imported late: they import this package)."""
    from align.refs.acts import find_acts
    from align.refs.articles import find_articles
    from align.refs.council import find_council_docs
    from align.refs.dates import find_dates
    from align.refs.identifiers import find_identifiers
    from align.refs.numbers import find_numbers
    from align.refs.oj import find_oj

    return (find_identifiers, find_oj, find_acts, find_council_docs, find_articles, find_dates, find_numbers)


@lru_cache(maxsize=65536)
def _find(text: str, lang: str) -> tuple[Reference, ...]:
    stages = _stages()
    accepted: list[Reference] = []
    taken = SpanSet()
    work = text
    for stage in stages:
        if not _DIGIT.search(work):
            break
        new = [r for r in stage(work, lang) if taken.free(*r.span)]
        for r in new:
            taken.add(*r.span)
        # parsers saw the masked text: take the citation text from the original
        new = [Reference(r.kind, r.key, text[r.span[0]:r.span[1]], r.span, r.parts) for r in new]
        accepted += new
        if new:
            work = _mask(work, [r.span for r in new])
    accepted.sort(key=lambda r: (r.span, r.kind))
    return tuple(accepted)


def find_references(text: str, lang: str) -> list[Reference]:
    """Every legal reference, date and number in ``text`` written in language ``lang``.

    Spans are character offsets into ``text``; a date inside an act citation is part of the
    act (``parts['date']``), not a separate reference.
    """
    if not text:
        return []
    return list(_find(text, (lang or "en").lower()[:2]))


def find_citations(text: str, lang: str) -> list[Reference]:
    """Only the legal references (acts, OJ, Council documents, articles, CELEX, ECLI)."""
    return [r for r in find_references(text, lang) if r.kind not in ("date", "number")]
