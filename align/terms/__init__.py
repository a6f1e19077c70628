"""Glossaries and terms: readers (CSV, TSV, XLSX, TBX), one in-memory model, a one-pass matcher.

Public API (used by the pipeline and the review workbook):

* ``load_glossaries(paths=(), include_shipped=True) -> Glossary``
* ``Glossary.concepts``, ``Glossary.files``, ``Glossary.find(text, lang) -> list[TermMatch]``
* ``concept_usage(ctx) -> list[ConceptUsage]``: per concept, source terms and target renderings
"""
from __future__ import annotations

from align.terms.glossary import Glossary, load_glossaries, shipped_glossary
from align.terms.matcher import TermMatch

__all__ = ["Glossary", "TermMatch", "load_glossaries", "shipped_glossary", "concept_usage"]


def concept_usage(ctx):
    """Per concept: source terms found and every target rendering with counts and locations."""
    from align.terms.usage import concept_usage as _usage

    return _usage(ctx)
