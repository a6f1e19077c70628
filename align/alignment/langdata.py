"""Language facts the aligner needs (month names, series suffixes, structural unit words), read
from data files (align/lang/months.tsv, shared with the other parts; the rest beside this
module), so that adding a language is adding rows, not code."""
from __future__ import annotations

import functools
from pathlib import Path

from align.resources import LANG_DIR

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str, directory: Path = DATA_DIR) -> list[list[str]]:
    """Tab-separated rows of a data file, without '#' comments and the header row."""
    rows = []
    lines = (directory / name).read_text(encoding="utf-8").splitlines()
    header_seen = False
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append(line.split("\t"))
    return rows


@functools.lru_cache(maxsize=None)
def month_forms(lang: str) -> dict[str, int]:
    """Every form of a month name in ``lang`` (lower case) -> month number 1..12, from the
    project's shared ``align/lang/months.tsv``."""
    forms: dict[str, int] = {}
    for row_lang, number, joined in _rows("months.tsv", LANG_DIR):
        if row_lang == lang:
            for form in joined.split("|"):
                forms.setdefault(form, int(number))
    return forms


@functools.lru_cache(maxsize=None)
def series_suffixes() -> dict[str, str]:
    """Series suffix in any language (upper case) -> canonical family (EG -> EC, JBZ -> JHA),
    from the shared ``align/lang/refs_series.tsv`` (canonical, first_year, last_year, one column
    per language)."""
    mapping: dict[str, str] = {}
    for row in _rows("refs_series.tsv", LANG_DIR):
        canonical = row[0].strip()
        mapping[canonical.upper()] = canonical.upper()
        for form in row[3:]:
            if form.strip():
                mapping.setdefault(form.strip().upper(), canonical.upper())
    return mapping


@functools.lru_cache(maxsize=None)
def structure_words(lang: str) -> dict[str, str]:
    """Words opening a numbered unit in ``lang`` (lower case) -> unit kind (artikel -> article)."""
    words: dict[str, str] = {}
    for unit, row_lang, joined in _rows("structure_words.tsv"):
        if row_lang == lang:
            for form in joined.split("|"):
                words.setdefault(form, unit)
    return words
