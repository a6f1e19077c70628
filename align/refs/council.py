"""Council document numbers and subject codes: identical in every language, character for
character (``14186/07 CRIMORG 156 MIGR 106``, ``15790/1/11 REV 1``, ``ADD 1``, ``COR 1``,
``ST 14186/07``, ``PE-CONS 69/10``, ``(OR. en)``); only the labels around them translate."""
from __future__ import annotations

import re

from align.model import Reference

_DOC = re.compile(
    r"(?<![\w/.-])(?:(?P<prefix>ST|PE-CONS)\s+)?(?P<num>\d{1,5})/(?:(?P<rev>\d{1,2})/)?(?P<yy>\d{2})(?![\d/])"
    r"(?P<marks>(?:\s+(?:REV|ADD|COR|AMD|EXT)\s+\d+)*)"
    r"(?P<codes>(?:\s+(?!REV\b|ADD\b|COR\b|AMD\b|EXT\b)[A-Z][A-Z-]{2,}\s+\d+(?![\d/]))*)"
    r"(?:\s*\(OR\.\s*(?P<orl>[a-z]{2}(?:/[a-z]{2})*)\))?")
_DOC_WORD = re.compile(r"(?:document|doc\.|dokument|documento|nr\. vorig doc\.|prev\. doc\.|doc\.?\s+n°|ADD \d+ bij document|ADD \d+ to document)\s*$",
                       re.IGNORECASE)


def find_council_docs(text: str, lang: str) -> list[Reference]:
    found: list[Reference] = []
    for m in _DOC.finditer(text):
        num = m.group("num")
        strong = bool(m.group("prefix") or m.group("rev") or m.group("marks") or m.group("codes") or m.group("orl"))
        if not strong and not (len(num) == 5 and num[0] != "0"):
            if not _DOC_WORD.search(text[max(0, m.start() - 40):m.start()]):
                continue
        if not m.group("prefix") and len(num) < 3:
            continue
        ident = f"{int(num)}/" + (f"{int(m.group('rev'))}/" if m.group("rev") else "") + m.group("yy")
        if m.group("prefix") == "PE-CONS":
            ident = "PE-CONS " + ident
        marks = tuple(" ".join(x.split()) for x in re.findall(r"(?:REV|ADD|COR|AMD|EXT)\s+\d+", m.group("marks") or ""))
        codes = tuple(" ".join(x.split()) for x in re.findall(r"[A-Z][A-Z-]{2,}\s+\d+", m.group("codes") or ""))
        parts = (("number", ident), ("marks", marks), ("codes", codes), ("original_language", m.group("orl") or ""),
                 ("prefix", m.group("prefix") or ""))
        key = "council-doc:" + " ".join((ident,) + marks)
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        found.append(Reference("council-doc", key, text[m.start():end], (m.start(), end), parts))
    return found
