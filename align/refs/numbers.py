"""Numbers read with the conventions of their language, so that values compare:
``1.000,50`` (nl) = ``1,000.50`` (en) = ``1 000,50`` (fr) -> ``1000.5``. Percentages and euro
amounts keep their unit; ordinals (``87th``, ``87e``) are marked; dotted section numbers that
cannot be thousands (``4.2`` in Dutch) keep their written form."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from align.model import Reference
from align.refs.data import lang_data
from align.refs.patterns import alternation

_SPACES = " \u00a0\u2009\u202f"


@lru_cache(maxsize=None)
def _rx(lang: str) -> dict:
    data = lang_data(lang)
    fmt = data["numbers"]
    seps = "".join(re.escape(c) for c in {".", ","} | set(fmt["group"]))
    ordinal = alternation(data.get("ordinal_suffixes", []))
    percent = alternation(data.get("percent_words", ["%"]))
    currencies = {w: code for code, words in data.get("currencies", {}).items() for w in words}
    cur = alternation(currencies)
    number = re.compile(
        rf"(?<![\w/.,\-–])(?P<cur>(?:{cur})\s?)?(?P<num>\d+(?:[{seps}]\d+){{0,8}})"
        rf"(?P<ord>(?:{ordinal})(?![\w]))?(?P<pct>\s?(?:{percent})(?![\w]))?(?P<cur2>\s(?:{cur})(?![\w]))?(?![\w/]|[.,]\d)",
        re.IGNORECASE)
    return {"number": number, "decimal": fmt["decimal"], "group": set(fmt["group"]), "currencies": currencies}


def number_value(raw: str, lang: str) -> str | None:
    """The canonical decimal value of a written number, or the written form for identifiers.

    Returns None when the form is not a number in ``lang`` at all (``1.2.3`` is a section
    number: it is kept as written, returned with a leading ``#``)."""
    rx = _rx(lang)
    dec, groups = rx["decimal"], rx["group"]
    tokens = re.split(r"([.,\u00a0\u2009\u202f ])", raw)
    digits, seps = tokens[0::2], tokens[1::2]
    if not seps:
        return _canon(raw)
    integer = digits[0]
    fraction = ""
    valid = True
    for i, (sep, group) in enumerate(zip(seps, digits[1:])):
        last = i == len(seps) - 1
        if sep == dec and last:
            fraction = group
        elif sep in groups and len(group) == 3 and (i > 0 or len(digits[0]) <= 3):
            integer += group
        else:
            valid = False
            break
    if not valid:
        if re.fullmatch(r"\d+(?:\.\d+)+", raw):
            # 4.2 in Dutch cannot be a decimal: a section or point number; compare as written
            return _canon(raw) if raw.count(".") == 1 else "#" + raw
        return None
    return _canon(integer + ("." + fraction if fraction else ""))


def _canon(text: str) -> str | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    value = value.normalize()
    out = format(value, "f")
    return out


def number_alternatives(raw: str, lang: str) -> tuple[str, ...]:
    """Every value a reader might take ``raw`` for: ``165.120`` is 165120 in Dutch but also
    a point number 165.120 (English decimal notation, common in technical annexes)."""
    values: list[str] = []
    primary = number_value(raw, lang)
    if primary is not None:
        values.append(primary)
    m = re.fullmatch(r"(\d{1,3})([.,])(\d{3})", raw)
    if m:
        for alt in (m.group(1) + m.group(3), m.group(1) + "." + m.group(3)):
            value = _canon(alt)
            if value is not None and value not in values:
                values.append(value)
    return tuple(values)


def find_numbers(text: str, lang: str) -> list[Reference]:
    rx = _rx(lang)
    found: list[Reference] = []
    pos = 0
    while True:
        m = rx["number"].search(text, pos)
        if m is None:
            break
        pos = m.end()
        raw = m.group("num")
        # space-grouped thousands only when every group after a space has exactly 3 digits
        pieces = re.split(r"[\u00a0\u2009\u202f ]", raw)
        if len(pieces) > 1 and (len(pieces[0]) > 3 or any(len(re.split(r"[.,]", p)[0]) != 3 for p in pieces[1:])):
            # not a grouped number: emit the first run only and let the scanner continue after it
            raw = pieces[0]
            start, end = m.start("num"), m.start("num") + len(raw)
            pos = end
            value = number_value(raw, lang)
            if value is not None:
                found.append(Reference("number", f"number:{value}", raw, (start, end),
                                       (("value", value), ("alternatives", (value,)))))
            continue
        value = number_value(raw, lang)
        if value is None:
            continue
        parts: list[tuple[str, object]] = [("value", value), ("alternatives", number_alternatives(raw, lang))]
        if m.group("ord"):
            parts.append(("ordinal", True))
        unit = ""
        if m.group("pct"):
            unit = "%"
        elif m.group("cur") or m.group("cur2"):
            word = (m.group("cur") or m.group("cur2")).strip()
            unit = rx["currencies"].get(word, next((c for w, c in rx["currencies"].items() if w.lower() == word.lower()), "EUR"))
        if unit:
            parts.append(("unit", unit))
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in _SPACES:
            end -= 1
        found.append(Reference("number", f"number:{value}" + (unit and f":{unit}"), text[start:end], (start, end),
                               tuple(parts)))
    return found
