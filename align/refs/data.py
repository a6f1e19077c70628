"""Language facts for the reference parsers, read from ``align/lang/`` (data, not code).

Adding a language means adding ``refs_<lang>.json`` (and its column in ``refs_series.tsv``);
month names of all 24 EU languages are already in ``months.tsv``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from align.resources import lang_file

FALLBACK_LANG = "en"


@lru_cache(maxsize=None)
def month_names(lang: str) -> dict[str, int]:
    """Every written form of every month in ``lang`` (lower case) -> month number 1..12."""
    out: dict[str, int] = {}
    with open(lang_file("months.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            code, number, forms = line.rstrip("\n").split("\t")
            if code != lang or not number.isdigit():
                continue
            for form in forms.split("|"):
                if form:
                    out[form] = int(number)
    return out


@lru_cache(maxsize=None)
def available_languages() -> tuple[str, ...]:
    from align.resources import LANG_DIR

    return tuple(sorted(p.stem[len("refs_"):] for p in LANG_DIR.glob("refs_??.json")))


@lru_cache(maxsize=None)
def lang_data(lang: str) -> dict[str, Any]:
    """The parsed ``refs_<lang>.json``; unknown languages get the English citation data."""
    code = lang if lang in available_languages() else FALLBACK_LANG
    with open(lang_file(f"refs_{code}.json"), encoding="utf-8") as fh:
        return json.load(fh)


@dataclass(frozen=True)
class Series:
    canonical: str
    first_year: int
    last_year: int
    forms: tuple[tuple[str, str], ...]  # (lang, suffix)

    def form(self, lang: str) -> str:
        for code, suffix in self.forms:
            if code == lang:
                return suffix
        return dict(self.forms).get("en", self.canonical)

    def valid_in(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


@lru_cache(maxsize=None)
def series_table() -> tuple[Series, ...]:
    rows: list[Series] = []
    header: list[str] | None = None
    with open(lang_file("refs_series.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            langs = header[3:]
            rows.append(Series(cells[0], int(cells[1]), int(cells[2]),
                               tuple(zip(langs, cells[3:]))))
    return tuple(rows)


@lru_cache(maxsize=None)
def series_by_suffix() -> dict[str, tuple[str, frozenset[str]]]:
    """Upper-cased suffix -> (canonical domain, languages that write it so)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for series in series_table():
        for code, suffix in series.forms:
            canonical, langs = out.setdefault(suffix.upper(), (series.canonical, set()))
            langs.add(code)
    return {k: (v[0], frozenset(v[1])) for k, v in out.items()}


@lru_cache(maxsize=None)
def series_by_canonical() -> dict[str, Series]:
    return {s.canonical: s for s in series_table()}


@lru_cache(maxsize=None)
def all_act_type_words() -> dict[str, str]:
    """Act-type words of every known language (lower case) -> type code, for foreign forms."""
    out: dict[str, str] = {}
    for code in available_languages():
        for type_code, forms in lang_data(code)["act_types"].items():
            for form in forms:
                out.setdefault(form.lower(), type_code)
    return out


@lru_cache(maxsize=None)
def number_value_words(lang: str) -> dict[str, float]:
    return {k.lower(): v for k, v in lang_data(lang).get("number_words_values", {}).items()}
