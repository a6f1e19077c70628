"""Tokens for term matching: where words are, their folded form and their stem.

Terms and running text go through the same functions, so a term matches text exactly when
their token keys agree. Hyphens and line breaks are separators ("third-country national" =
"third country national"), except a hyphen at a line end before a lower-case letter, which
joins the word again ("mensen-\\nhandel" = "mensenhandel").
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

_DATA = Path(__file__).resolve().parent / "data" / "languages.json"

# A word: letters/digits, with inner apostrophes kept out (Porto's -> Porto, s).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A word broken at a line end: "mensen-" newline/space "handel" (lower-case continuation).
# Only a line break joins: "anti- trafficking" (hyphen, space) keeps its two words.
_BROKEN = re.compile(r"-[ \t]*\r?\n\s*")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})


class Token(NamedTuple):
    """A word (a named tuple: millions are made in a corpus run, and tuples are cheapest)."""

    start: int
    end: int
    surface: str  # as written (joined across a broken hyphen)
    fold: str  # case- and diacritic-folded surface


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def expected_domains() -> tuple[str, ...]:
    """Domains whose one-word terms are legal terms of art or names, expected in translation."""
    return tuple(_data().get("expected_domains", ()))


@lru_cache(maxsize=None)
def language_facts(lang: str) -> dict[str, Any]:
    """Facts for one language from the data file; unknown languages get neutral defaults."""
    data = _data()
    facts = data.get(lang.lower().split("-")[0])
    if facts is None:
        return {"stemmer": None, "endings": ["s"], "undouble_vowels": False,
                "compounds": False, "linking": [], "function_words": []}
    return facts


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Case-fold and strip diacritics: 'Comité' -> 'comite', 'politiële' -> 'politiele'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each word: what :func:`tokenize` returns, without Token objects.

    The glossary index calls this for ~35,000 terms, where building Tokens is most of the cost.
    """
    spans: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        start, end, word = m.start(), m.end(), m.group()
        if spans:
            p_start, p_end, p_word = spans[-1]
            gap = text[p_end:start]
            if gap[:1] == "-" and _BROKEN.fullmatch(gap) and word[:1].islower() and p_word[-1:].islower():
                spans[-1] = (p_start, end, p_word + word)
                continue
        spans.append((start, end, word))
    return spans


def tokenize(text: str) -> list[Token]:
    """Word tokens with character spans into ``text``."""
    return list(tokens(text))


_new_token = tuple.__new__  # Token(...) runs a Python-level __new__; this is the same tuple, faster


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Token, ...]:
    """:func:`tokenize`, remembered: the matcher, the near-miss search and the checks all read the
    same segment's words, and a translation memory repeats its terms and segments."""
    if "\n" not in text:  # no line break, so no word broken across lines: the regex alone
        return tuple([_new_token(Token, (m.start(), m.end(), w, fold(w)))
                      for m in _WORD.finditer(text) for w in (m.group(),)])
    return tuple(_new_token(Token, (start, end, word, fold(word))) for start, end, word in word_spans(text))


_STEMS: dict[str, dict[str, str]] = {}


def stems(folds: Iterable[str], lang: str) -> list[str]:
    """:func:`stem` of many tokens through a plain per-language dictionary (the hot loop of
    term matching: an ``lru_cache`` call with two arguments costs more than the lookup)."""
    cache = _STEMS.get(lang)
    if cache is None or len(cache) > 500_000:
        cache = _STEMS[lang] = {}
    out = []
    for f in folds:
        s = cache.get(f)
        if s is None:
            s = cache[f] = stem(f, lang)
        out.append(s)
    return out


@lru_cache(maxsize=65536)
def word_count(text: str) -> int:
    """Words of a term (asked for every match, of a few thousand distinct terms)."""
    return len(word_spans(text))


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    name = language_facts(lang).get("stemmer")
    if not name:
        return None
    from nltk.stem.snowball import SnowballStemmer  # code only, no nltk data needed

    return SnowballStemmer(name)


@lru_cache(maxsize=200_000)
def stem(folded: str, lang: str) -> str:
    """Snowball stem of a folded token; the token itself for languages without a stemmer."""
    stemmer = _stemmer(lang)
    if stemmer is None or folded.isdigit():
        return folded
    for ending, base in language_facts(lang).get("stem_rewrites", ()):
        if folded.endswith(ending) and len(folded) > len(ending) + 2:
            folded = folded[:-len(ending)] + base
            break
    return stemmer.stem(folded)


def is_inflection(term_token: str, surface: str, lang: str) -> bool:
    """True if ``surface`` is ``term_token`` plus a regular ending (both folded).

    Strict on purpose: it is used where a match would *raise* a finding, so "organ" never
    matches "organisations" although their English stems agree.
    """
    if term_token == surface:
        return True
    facts = language_facts(lang)
    bases = {term_token}
    if term_token.endswith("y"):
        bases.add(term_token[:-1] + "i")  # country -> countries
    if facts.get("undouble_vowels") and len(term_token) >= 3:
        last3 = term_token[-3:]
        if last3[0] == last3[1] and last3[0] in "aeou" and last3[2] not in "aeiouy":
            bases.add(term_token[:-3] + last3[0] + last3[2])  # staat -> stat(en)
        if term_token.endswith("s") and len(term_token) > 3 and term_token[-3:-1] in ("ee", "oo", "aa"):
            bases.add(term_token[:-3] + term_token[-3] + "z")  # (rare) -> z(en)
        if term_token.endswith("heid"):
            bases.add(term_token[:-4])  # vrijheid -> vrijheden
    for base in bases:
        if surface.startswith(base):
            rest = surface[len(base):]
            if rest == "" or rest in facts.get("endings", ()):
                return True
    return False


@lru_cache(maxsize=16)
def month_names(lang: str) -> frozenset[str]:
    """Full month names of a language (folded), from the shared ``align/lang/months.tsv``."""
    from align.resources import lang_file

    path = lang_file("months.tsv")
    names: set[str] = set()
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0] == lang and parts[1].isdigit():
                names.add(fold(parts[2].split("|")[0]))
    return frozenset(names)


_DAY = re.compile(r"^(\d{1,2})(st|nd|rd|th|e|er)?$")


def date_runs(toks: list[Token], lang: str) -> dict[int, int]:
    """Where a date phrase starts and how many tokens it has: 'van 16 mei 2005', 'of 8 June 2017'.

    Titles are often interrupted by the date of the instrument; the matcher may step over one.
    """
    months = month_names(lang)
    if not months or months.isdisjoint([t.fold for t in toks]):
        return {}
    intro = set(language_facts(lang).get("date_words", ()))
    runs: dict[int, int] = {}
    n = len(toks)
    for start in range(n):
        k = start + 1 if toks[start].fold in intro else start
        if k >= n or not _DAY.match(toks[k].fold):
            continue
        m = k + 1
        if m < n and toks[m].fold in intro:  # "16th of May 2005"
            m += 1
        if m + 1 < n and toks[m].fold in months and len(toks[m + 1].fold) == 4 and toks[m + 1].fold.isdigit():
            runs[start] = m + 2 - start
    return runs


def sentence_initial(text: str, start: int) -> bool:
    """True if ``start`` begins the text, a line, a sentence or a bulleted item."""
    before = text[:start].rstrip(" \t\"'“‘(«")
    return before == "" or before[-1] in ".!?·•\n"


def all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
