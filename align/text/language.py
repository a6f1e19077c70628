"""Language identification of a paragraph or line, offline, from the shipped language files.

Evidence is the one a reader uses on a short legal sentence: function words (``de``, ``het``,
``van`` against ``the``, ``of``, ``which``, from ``align/lang/text_<lang>.json``) and letter
sequences typical of a language (``ij``, ``th``, ``é``, ``ß``): character-trigram
log-probabilities in ``align/lang/langid_ngrams.json``, learned by
``scripts/build_lang_data.py`` from half of the DGT TMX files (the file names them; accuracy
is measured on the other documents only). Adding a language is adding its text file and
rerunning the script.

``language_scores(text)`` gives a probability per language; ``detect_language(text)`` the best
one, or ``"und"`` when the evidence is too thin (a heading such as ``ANNEX``); callers then
let such paragraphs inherit from their neighbours (``smooth_languages``).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from align.resources import LANG_DIR

UNDETERMINED = "und"
_WORD = re.compile(r"[^\W\d_]+(?:['’](?=\w))?", re.UNICODE)
MIN_TRIGRAMS = 8  # fewer letter trigrams than this (a heading like "ANNEX") is "und"
MIN_MARGIN = 0.35  # nats per trigram between best and second language, else "und"
WORD_BONUS = 1.0  # nats per function word (trigrams alone confuse names and titles)


def trigrams(text: str) -> list[str]:
    """Letter trigrams of the lower-cased words of ``text``, each word padded with spaces."""
    out: list[str] = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        padded = f" {word} "
        out.extend(padded[i:i + 3] for i in range(len(padded) - 2))
    return out


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def profiles() -> dict[str, LanguageProfile]:
    """Every language with a ``text_<lang>.json`` file, by code."""
    out: dict[str, LanguageProfile] = {}
    for path in sorted(LANG_DIR.glob("text_*.json")):
        code = path.stem.split("_", 1)[1]
        data = json.loads(path.read_text(encoding="utf-8"))
        words = frozenset(w.replace("’", "'").lower() for w in data.get("function_words", ()))
        out[code] = LanguageProfile(code, words)
    return out


def supported_languages() -> tuple[str, ...]:
    return tuple(profiles())


def _words(text: str) -> list[str]:
    return [w.replace("’", "'").lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=1)
def _ngram_tables() -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    path = LANG_DIR / "langid_ngrams.json"
    if not path.is_file():
        return {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    tables = {code: lang["logprob"] for code, lang in data["languages"].items()}
    floors = {code: lang["floor"] for code, lang in data["languages"].items()}
    return tables, floors


@lru_cache(maxsize=1)
def _word_languages() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code, prof in profiles().items():
        for word in prof.function_words:
            out.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in out.items()}


def _evidence(text: str) -> tuple[dict[str, float], int]:
    """Per language: mean trigram log-probability plus a bonus per function word; trigram count."""
    profs = profiles()
    tables, floors = _ngram_tables()
    grams = trigrams(text)
    count = len(grams)
    words = _words(text)
    hits = {code: 0.0 for code in profs}
    owners = _word_languages()
    for word in words:
        codes = owners.get(word)
        if codes:
            for code in codes:
                hits[code] += 1.0 / len(codes)  # a word two languages share is half evidence
    raw: dict[str, float] = {}
    for code in profs:
        table = tables.get(code)
        if table and count:
            floor = floors[code]
            get = table.get
            loglik = sum([get(g, floor) for g in grams]) / count
        else:
            loglik = -12.0
        raw[code] = loglik + WORD_BONUS * hits[code] / max(len(words), 1)
    return raw, count


def language_scores(text: str) -> dict[str, float]:
    """A probability per supported language (sums to 1); uniform when there is no text."""
    raw, count = _evidence(text)
    if not raw:
        return {}
    if count == 0:
        return {code: 1.0 / len(raw) for code in sorted(raw)}
    top = max(raw.values())
    scale = min(count, 40)  # trigrams are not independent; cap the sharpening
    exp = {code: math.exp(scale * (value - top)) for code, value in raw.items()}
    total = sum(exp.values())
    return {code: value / total for code, value in sorted(exp.items())}


def detect_language(text: str, min_trigrams: int = MIN_TRIGRAMS) -> str:
    """``"nl"``, ``"en"``, ``"fr"``, ``"de"`` (any shipped language) or ``"und"``."""
    raw, count = _evidence(text)
    if not raw or count < min_trigrams:
        return UNDETERMINED
    ranked = sorted(raw.items(), key=lambda kv: kv[1], reverse=True)
    best, best_value = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else -math.inf
    margin_needed = MIN_MARGIN * min(1.0, 24 / count)  # long texts need a smaller margin
    if best_value - second < margin_needed:
        return UNDETERMINED
    return best


def smooth_languages(langs: Sequence[str], weights: Sequence[int] | None = None) -> list[str]:
    """Give every ``"und"`` entry a language from its neighbours.

    A heading or short line belongs with what follows it (``BIJLAGE I`` before the English
    annex) unless what follows is itself undetermined, then with what precedes it.
    """
    out = list(langs)
    n = len(out)
    for i, lang in enumerate(out):
        if lang != UNDETERMINED:
            continue
        after = next((out[j] for j in range(i + 1, n) if langs[j] != UNDETERMINED), None)
        before = next((out[j] for j in range(i - 1, -1, -1) if out[j] != UNDETERMINED), None)
        out[i] = after or before or UNDETERMINED
    return out


def dominant_language(langs_with_sizes: Sequence[tuple[str, int]], mixed_share: float = 0.25) -> str:
    """The language of most text, or ``"mul"`` when a second language has at least ``mixed_share``."""
    totals: dict[str, int] = {}
    for lang, size in langs_with_sizes:
        if lang != UNDETERMINED:
            totals[lang] = totals.get(lang, 0) + max(size, 0)
    if not totals:
        return UNDETERMINED
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    whole = sum(totals.values())
    if len(ranked) > 1 and whole and ranked[1][1] / whole >= mixed_share:
        return "mul"
    return ranked[0][0]
