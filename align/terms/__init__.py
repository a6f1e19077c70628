"""Glossaries and terms: readers (CSV, TSV, XLSX, TBX), one in-memory model, a one-pass matcher.

Public API (used by the pipeline and the review workbook):

* ``load_glossaries(paths=(), include_shipped=True) -> Glossary``
* ``Glossary.concepts``, ``Glossary.files``, ``Glossary.find(text, lang) -> list[TermMatch]``
* ``concept_usage(ctx) -> list[ConceptUsage]``: per concept, source terms and target renderings

Start-up: a loaded glossary is kept in a per-user cache (``align.terms.cache``, in
``${XDG_CACHE_HOME:-~/.cache}/align/``; ``ALIGN_NO_CACHE=1`` switches it off) and the term index
of a language is built the first time that language is searched. A Glossary pickles small
(concepts plus term data; the index is rebuilt on first use in the receiving process).
"""
from __future__ import annotations

from align.terms.glossary import Glossary, load_glossaries, shipped_glossary
from align.terms.matcher import TermMatch

__all__ = ["Glossary", "TermMatch", "load_glossaries", "shipped_glossary", "concept_usage"]


def concept_usage(ctx):
    """Per concept: source terms found and every target rendering with counts and locations."""
    from align.terms.usage import concept_usage as _usage

    return _usage(ctx)
