"""Segment-level checks: a target left untranslated, or written in the source language.

Segments made only of numbers, codes, references and proper names (``Europol``,
``2004/81/EC``, ``ECRIS``, ``14186/07 CRIMORG 156``) are the same in every language and are
never reported.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from align.checks.registry import make_finding, register
from align.model import Finding, location_for
from align.terms.text import language_facts, tokenize

MIN_WORDS_FOR_LANGUAGE = 6  # shorter targets carry too little evidence for language id
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _function_words() -> set[str]:
    return {w for lang in ("nl", "en", "fr", "de") for w in language_facts(lang).get("function_words", ())}


def translatable(text: str) -> bool:
    """Does the text contain a common word a translator would translate?

    Codes, numbers, names and Title Case titles of documents kept in their language
    ("Guidelines for Approval of SOLAS Pyrotechnic Signals") have no lower-case content word.
    """
    funcs = _function_words()
    return any(len(w) >= 3 and w[0].islower() and w.casefold() not in funcs for w in _LETTERS.findall(text))


_BRACKETS = re.compile(r"\([^()]*\)")
_GLOSS = re.compile(r"^(?P<name>[^()]+)\((?P<gloss>[^()]+)\)\W*$")


def _detector():
    """The project's language identifier, or a small function-word vote if it is absent."""
    try:
        from align.text.language import detect_language  # written by another part of align
        return detect_language
    except ImportError:  # pragma: no cover - exercised only while that module is missing
        return _function_word_language


def _function_word_language(text: str) -> str:
    words = [t.fold for t in tokenize(text)]
    best, best_n = "und", 0
    for lang in ("nl", "en", "fr", "de"):
        funcs = set(language_facts(lang).get("function_words", ()))
        n = sum(1 for w in words if w in funcs)
        if n > best_n:
            best, best_n = lang, n
    return best if best_n >= 2 else "und"


@register("segment.untranslated", "Accuracy", "major",
          "The target is identical to the source although the source has translatable words",
          subcategory="Untranslated", modes=("bilingual",))
def check_untranslated(ctx) -> Iterable[Finding]:
    for pair in ctx.pairs:
        src, tgt = pair.source_text, pair.target_text
        if not src.strip() or not tgt.strip():
            continue
        if _normal(src) == _normal(tgt) and translatable(src):
            locs = [location_for(s, "source") for s in pair.source] + [location_for(s, "target") for s in pair.target]
            yield make_finding("segment.untranslated",
                               "the target repeats the source word for word: translate it", locs,
                               expected=f"a {ctx.target_lang} translation", found=tgt[:200])


@register("segment.wrong-language", "Accuracy", "major",
          "The target is written in the source language (or another language than the target language)",
          subcategory="Untranslated", modes=("bilingual",))
def check_wrong_language(ctx) -> Iterable[Finding]:
    if not ctx.source_lang or not ctx.target_lang or ctx.source_lang == ctx.target_lang:
        return
    detect = _detector()
    tgt_lang = ctx.target_lang.lower().split("-")[0]
    for pair in ctx.pairs:
        tgt = pair.target_text
        if not tgt.strip() or _normal(tgt) == _normal(pair.source_text) or not translatable(tgt):
            continue
        body = _BRACKETS.sub(" ", tgt)  # glosses in brackets are often in another language on purpose
        if len(_LETTERS.findall(body)) < MIN_WORDS_FOR_LANGUAGE:
            continue
        found = detect(body)
        if found in ("und", tgt_lang):
            continue
        gloss = _GLOSS.match(tgt.strip())
        if gloss and detect(gloss.group("gloss")) in (tgt_lang, "und"):
            continue  # a name kept in its language with a translation in brackets
        locs = [location_for(s, "target") for s in pair.target]
        yield make_finding("segment.wrong-language",
                           f"the target reads as {found}, not {tgt_lang}", locs,
                           expected=tgt_lang, found=found)
