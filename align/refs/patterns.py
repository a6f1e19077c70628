"""Regular expressions built from the language data files, compiled once per language."""
from __future__ import annotations

import re
from functools import lru_cache

from align.refs.data import available_languages, lang_data, month_names, series_by_suffix


def alternation(words, flags_ci: bool = False) -> str:
    """A regex alternation of literal words, longest first, with flexible inner whitespace."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts) + ")"


def first_char_guard(*word_lists) -> str:
    """A lookahead for the first letters of ``alternation(words)``: the regex engine then skips
    most positions with one character test instead of trying every alternative there (a
    search for a long alternation is otherwise tried branch by branch at every position).
    Put it where one of the alternations must start the match; empty (no guard) when a list
    is empty or a word blank, since ``alternation`` would then allow an empty match."""
    firsts: set[str] = set()
    for words in word_lists:
        if not any(words):
            return ""
        for w in words:
            if not w:
                continue
            pieces = w.split()
            if not pieces:
                return ""
            firsts.add(pieces[0][0])
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


@lru_cache(maxsize=None)
def month_forms(lang: str, full_only: bool = False) -> tuple[str, ...]:
    """The written month names of ``lang``; ``full_only``: the longest form of each month."""
    names = month_names(lang)
    if full_only:
        by_month: dict[int, str] = {}
        for form, number in names.items():
            if len(form) > len(by_month.get(number, "")):
                by_month[number] = form
        names = {f: n for n, f in by_month.items()}
    return tuple(names.keys())


@lru_cache(maxsize=None)
def month_regex(lang: str, full_only: bool = False) -> str:
    # longest first so "juli" never loses to "jul"; the ending guard keeps "mei" out of "meinen"
    return alternation(month_forms(lang, full_only)) + r"(?![^\W\d_])"


@lru_cache(maxsize=None)
def domain_regex() -> str:
    return alternation(list(series_by_suffix().keys()) + ["Euratom"]) + r"(?![^\W_])"


@lru_cache(maxsize=None)
def every_language_words(section: str, key: str) -> tuple[str, ...]:
    out: list[str] = []
    for code in available_languages():
        out += lang_data(code).get(section, {}).get(key, [])
    return tuple(out)


@lru_cache(maxsize=None)
def number_word_regex() -> str:
    """``No``, ``nr.``, ``n°``, ``Nr.`` and their non-standard variants, in every language."""
    words: list[str] = []
    for code in available_languages():
        data = lang_data(code)
        words += data["number_words"] + list(data.get("number_words_style", {}).keys())
    return alternation(words) + r"(?=\s|\d)"


@lru_cache(maxsize=None)
def act_type_regex(lang: str) -> tuple[str, dict[str, str]]:
    data = lang_data(lang)
    lookup: dict[str, str] = {}
    for type_code, forms in data["act_types"].items():
        for form in forms:
            lookup[" ".join(form.lower().split())] = type_code
    return alternation(lookup.keys()) + r"(?![^\W\d_])", lookup


def compile_ci(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)
