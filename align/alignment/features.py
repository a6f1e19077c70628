"""What the aligner sees of a sentence: its length, its language-neutral anchors and its words.

Anchors are keys that stay the same across languages once normalised: numbers (``num:629``),
act references with their series suffix mapped to one family (``act:2002/629/JHA`` for
``2002/629/JBZ``), dates (``date:2002-07-19`` for ``19 juli 2002``), numbered structural units
(``unit:article:5`` for ``Artikel 5``), numbered points (``point:a`` for ``(a)`` / ``a)``) and
upper-case codes and names (``code:SADC``). Words are kept for the lexical projection.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from align.alignment.langdata import month_forms, series_suffixes, structure_words

# Anchor classes and how much one shared anchor weighs against one shared word.
ANCHOR_WEIGHTS = {"num": 1.5, "act": 3.0, "date": 3.0, "unit": 3.0, "point": 1.0, "code": 1.5, "month": 1.0}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBER = re.compile(r"\d+")
_ACT = re.compile(r"\b(\d{2,4})\s*/\s*(\d{1,4})\s*/\s*([A-Za-z]{2,7})\b")
_NUMBERED_ACT = re.compile(r"\b(\d{1,4})\s*/\s*(\d{2,4})\b")
_POINT = re.compile(r"^\s*\(?([a-z]{1,2}|[ivx]{1,5}|\d{1,3})[).]\s")
_UNIT = re.compile(r"\b([^\W\d_]+)\.?\s+(\d+[a-z]?|[IVXLC]{1,6})\b")
_CODE = re.compile(r"\b[A-Z][A-Z0-9]{1,}(?:[-/][A-Z0-9]+)*\b")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class SentenceFeatures:
    length: int  # characters without spaces: the Gale-Church length
    anchors: frozenset[str]
    words: tuple[str, ...]  # lower-cased word tokens, in order


def roman_to_int(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total or None


def _date_anchors(text: str, lang: str) -> set[str]:
    """``19 juli 2002`` / ``19 July 2002`` / ``19. Juli 2002`` -> ``date:2002-07-19``; a month
    name only counts next to a number, so the English modal 'may' is not May."""
    months = month_forms(lang)
    if not months:
        return set()
    out: set[str] = set()
    tokens = re.findall(r"\d+|[^\W\d_]+", text.lower())
    for k, token in enumerate(tokens):
        month = months.get(token)
        if month is None:
            continue
        day = tokens[k - 1] if k > 0 and tokens[k - 1].isdigit() and len(tokens[k - 1]) <= 2 else None
        year = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1].isdigit() and len(tokens[k + 1]) == 4 else None
        if day is None and year is None:
            continue
        out.add(f"month:{month}")
        if day is not None and year is not None:
            out.add(f"date:{year}-{month:02d}-{int(day):02d}")
    for d, m, y in re.findall(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", text):
        if 1 <= int(m) <= 12:
            out.add(f"date:{y}-{int(m):02d}-{int(d):02d}")
    return out


def _act_anchors(text: str) -> set[str]:
    suffixes = series_suffixes()
    out: set[str] = set()
    for first, second, suffix in _ACT.findall(text):
        family = suffixes.get(suffix.upper())
        if family is not None:
            out.add(f"act:{int(first)}/{int(second)}/{family}")
    for first, second in _NUMBERED_ACT.findall(text):
        out.add(f"act:{int(first)}/{int(second)}")
    return out


def _unit_anchors(text: str, lang: str) -> set[str]:
    words = structure_words(lang)
    out: set[str] = set()
    for word, number in _UNIT.findall(text):
        unit = words.get(word.lower())
        if unit is None:
            continue
        if number.isdigit() or number[:-1].isdigit():
            out.add(f"unit:{unit}:{number.lower()}")
        else:
            value = roman_to_int(number)
            if value is not None:
                out.add(f"unit:{unit}:{value}")
    stripped = text.strip().lower()
    if stripped in words:  # an unnumbered 'ANNEX' / 'BIJLAGE' heading
        out.add(f"unit:{words[stripped]}")
    return out


def extract_features(text: str, lang: str) -> SentenceFeatures:
    anchors: set[str] = set()
    for number in _NUMBER.findall(text):
        anchors.add(f"num:{int(number)}")
    anchors |= _act_anchors(text)
    anchors |= _date_anchors(text, lang)
    anchors |= _unit_anchors(text, lang)
    point = _POINT.match(text)
    if point:
        anchors.add(f"point:{point.group(1).lower()}")
    for code in _CODE.findall(text):
        if not code.isdigit():
            anchors.add(f"code:{code}")
    words = tuple(w.lower() for w in _WORD.findall(text))
    return SentenceFeatures(length=max(1, len(text) - text.count(" ")), anchors=frozenset(anchors), words=words)


def anchor_weight(key: str) -> float:
    return ANCHOR_WEIGHTS.get(key.split(":", 1)[0], 1.0)
