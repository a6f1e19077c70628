"""Sentence segmentation of legal text with nltk's Punkt, offline.

Punkt's parameters are built from the abbreviation lists shipped in
``align/lang/abbrev_<lang>.txt`` (``blz.``, ``nr.``, ``o.a.``, ``p.``, ``e.g.``, ``cf.``...),
so nothing is downloaded (``nltk.sent_tokenize`` would need the punkt data package). Punkt
never breaks inside a token, which keeps ``20.10.2007``, ``4.2`` and ``2002/629/JBZ`` whole; a
listed abbreviation followed by a full stop does not end a sentence. A list marker that Punkt
leaves on its own (``1.``, ``(a)``, ``·``) is glued to the sentence it introduces.

``split_sentences(text, lang)`` returns character spans ``(start, end)`` into ``text``, with
surrounding whitespace excluded; an unknown language uses the union of every shipped list.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from align.resources import LANG_DIR

_MARKER_ONLY = re.compile(r"^(?:[·•▪◦‣∙●○■□➢►*–—-]|\(?[a-zA-Z]{1,2}\)|\(?[ivxIVX]{1,5}[.)]|\(?\d{1,3}[.)]"
                          r"|\d{1,3}(?:\.\d{1,3})+\.?)$")


@lru_cache(maxsize=None)
def abbreviations(lang: str) -> frozenset[str]:
    """Lower-case abbreviations without their final full stop, as Punkt compares them."""
    path = LANG_DIR / f"abbrev_{lang}.txt"
    if not path.is_file():
        out: set[str] = set()
        for other in sorted(LANG_DIR.glob("abbrev_*.txt")):
            out |= abbreviations(other.stem.split("_", 1)[1])
        return frozenset(out)
    words = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        word = raw.split("#", 1)[0].strip().lower().rstrip(".")
        if word:
            words.add(word)
    return frozenset(words)


@lru_cache(maxsize=None)
def tokenizer(lang: str) -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations(lang))
    return PunktSentenceTokenizer(params)


def ends_with_abbreviation(text: str, lang: str) -> bool:
    """Whether the last token of ``text`` is a listed abbreviation with its full stop (``blz.``)."""
    tokens = text.split()
    if not tokens or not tokens[-1].endswith("."):
        return False
    return tokens[-1].rstrip(".").lower().lstrip("(") in abbreviations(lang)


@lru_cache(maxsize=None)
def designator_words(lang: str) -> frozenset[str]:
    """Words after which a letter or roman numeral names something (``bijlage III``, ``Annex I``)."""
    codes = [lang] if (LANG_DIR / f"text_{lang}.json").is_file() else \
        [p.stem.split("_", 1)[1] for p in sorted(LANG_DIR.glob("text_*.json"))]
    out: set[str] = set()
    for code in codes:
        data = json.loads((LANG_DIR / f"text_{code}.json").read_text(encoding="utf-8"))
        out |= {w.lower() for w in data.get("designator_words", ())}
    return frozenset(out)


def _glue_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece without letters (``98).``, a closing ``”.``) belongs to the sentence before it."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not any(ch.isalpha() for ch in text[start:end]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


_DESIGNATOR_END = re.compile(r"(?<=\s)(?:[A-Z]|[IVXLC]{1,6})\.(?=\s+[„“\"‘(]?[A-Z])")


def _split_after_designators(text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Punkt takes ``Annex I. The`` for an initial; after a designator word it ends a sentence."""
    words = designator_words(lang)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for m in _DESIGNATOR_END.finditer(text, start, end):
            before = text[cut:m.start()].split()
            if before and before[-1].lower().strip(",;") in words:
                out.append((cut, m.end()))
                cut = m.end()
        out.append((cut, end))
    return out


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a paragraph) in language ``lang``."""
    if not text.strip():
        return []
    spans = [(s, e) for s, e in tokenizer(lang).span_tokenize(text)]
    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for start, end in spans:
        if carry is not None:
            start = carry
            carry = None
        if _MARKER_ONLY.match(text[start:end].strip()):
            carry = start
            continue
        merged.append((start, end))
    if carry is not None:
        if merged:
            merged[-1] = (merged[-1][0], len(text.rstrip()))
        else:
            merged.append((carry, len(text.rstrip())))
    merged = _glue_fragments(text, merged)
    merged = _split_after_designators(text, merged, lang)
    out = []
    for start, end in merged:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out
