"""CELEX numbers (``32002F0629``, spaced EEA form ``32019 R 0980``) and ECLI identifiers
(``ECLI:EU:C:2006:710``; the Court drops the ``ECLI:`` prefix: ``EU:C:2006:710``)."""
from __future__ import annotations

import re

from align.model import Reference
from align.refs.spans import SpanSet

_CELEX = re.compile(r"(?<![\w/])(?P<sector>[0-9CE])(?P<year>(?:19|20)\d\d)(?P<type>[A-Z]{1,2})(?P<num>\d{4})(?P<suffix>\(\d{2}\))?(?![\w])")
_CELEX_SPACED = re.compile(r"(?<![\w/])(?P<sector>[1-9])\s?(?P<year>(?:19|20)\d\d)\s(?P<type>[A-Z]{1,2})\s(?P<num>\d{4})(?![\w])")
_ECLI = re.compile(r"(?<![\w:])(?P<prefix>ECLI:)?(?P<body>(?:EU|[A-Z]{2}):[A-Z0-9]{1,7}:(?:19|20)\d\d:[A-Z0-9.]{1,25}[A-Z0-9])(?![\w])")


def find_identifiers(text: str, lang: str) -> list[Reference]:
    found: list[Reference] = []
    taken = SpanSet()
    for rx in (_CELEX, _CELEX_SPACED):
        for m in rx.finditer(text):
            if not taken.take(m.start(), m.end()):
                continue
            celex = f"{m.group('sector')}{m.group('year')}{m.group('type')}{m.group('num')}" + (m.groupdict().get("suffix") or "")
            found.append(Reference("celex", f"celex:{celex}", m.group(0), m.span(),
                                   (("celex", celex), ("year", int(m.group("year"))), ("type_letter", m.group("type")),
                                    ("number", int(m.group("num"))))))
    for m in _ECLI.finditer(text):
        if not m.group("prefix") and not m.group("body").startswith("EU:"):
            continue
        body = m.group("body")
        found.append(Reference("ecli", f"ecli:ECLI:{body}", m.group(0), m.span(),
                               (("ecli", f"ECLI:{body}"), ("prefixed", bool(m.group("prefix"))))))
    found.sort(key=lambda r: r.span)
    return found
