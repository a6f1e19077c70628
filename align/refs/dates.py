"""Dates in the forms Council texts use, reduced to ISO values so languages compare equal.

``19 juli 2002`` = ``19 July 2002`` = ``19. Juli 2002`` = ``2002-07-19``; day lists and ranges
(``4-5 december 2006``, ``8 en 9 oktober 2007``, ``on the 8th and 9th October 2007``) give one
value per day; ``december 2005`` gives ``2005-12``; ``2006 - 2010`` gives ``2006/2010``.
Non-ISG forms (ordinals, ``16th of May``, ``October of 1999``) are recognised and marked with
a ``style`` part so the style check can point at them.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from align.model import Reference
from align.refs.data import lang_data, month_names
from align.refs.patterns import alternation, first_char_guard, month_forms, month_regex
from align.refs.spans import SpanSet

YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"


def _month_lang(lang: str) -> str:
    """Languages without month names in months.tsv ("und", "mul") read English months."""
    return lang if month_names(lang) else "en"


@lru_cache(maxsize=None)
def _regexes(lang: str) -> dict[str, re.Pattern]:
    data = lang_data(lang)
    lang = _month_lang(lang)
    ordinal = alternation(data.get("ordinal_suffixes", []))
    day = rf"(?:the\s+)?(?:[0-3]?\d)(?:{ordinal})?"
    joiner = alternation(data.get("date_list_connectors", ["-"]) + [","])
    months_any = month_regex(lang)
    months_full = month_regex(lang, full_only=True)
    days = rf"(?P<days>{day}(?:\s*{joiner}\s*{day}){{0,4}})"  # bounded: no quadratic scans on long lists
    of = r"(?:\s+of)?" if lang == "en" else ""
    flags = re.IGNORECASE
    # a lookahead for the first letter of a month name lets the engine skip most positions
    # without trying the month alternation there (about a quarter off these two searches)
    month_first = first_char_guard(month_forms(lang, True))
    return {
        "dmy": re.compile(rf"(?<![\w.,/])(?:on\s+)?{days}{of}\.?\s+(?P<month>{months_any})\.?,?\s+(?:of\s+)?{YEAR}", flags),
        "mdy": re.compile(rf"{month_first}(?<![\w])(?P<month>{months_full})\s+(?P<days>[0-3]?\d)(?:{ordinal})?,\s*{YEAR}", flags),
        "dm": re.compile(rf"(?<![\w.,/])(?:on\s+)?{days}{of}\.?\s+(?P<month>{months_full})(?![\w])(?!\s*,?\s*(?:of\s+)?\d)", flags),
        "my": re.compile(rf"{month_first}(?<![\w])(?P<month>{months_full})\s+(?P<of>of\s+)?{YEAR}", flags),
        # every form above has a month name as a whole word: without one they are not tried
        "month_word": re.compile(rf"(?<![^\W\d_])(?:{months_any})(?![^\W\d_])", flags),
        "numeric": re.compile(r"(?<![\w.,/])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:1[89]|20)\d\d)(?![\d])"),
        "iso": re.compile(r"(?<![\w/])(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])"),
        "years": re.compile(r"(?<![\w/.,])(?P<y1>(?:1[89]|20)\d\d)\s*[-–]\s*(?P<y2>(?:1[89]|20)?\d\d)(?![\w/]|[.,]\d)"),
    }


def mentions_month(text: str, lang: str) -> bool:
    """Does ``text`` name a month of ``lang`` as a whole word? Without one, no written date
    (``19 juli 2002``, ``July 19, 2002``, ``July 2002``) can be read from it in that language;
    numeric dates read the same in every language."""
    return _regexes(lang)["month_word"].search(text) is not None


def _month_number(lang: str, word: str) -> int | None:
    return month_names(_month_lang(lang)).get(word.lower().rstrip("."))


def _days(text: str) -> tuple[list[int], bool, bool]:
    """The day numbers in ``4-5``, ``8 en 9``, ``8th and 9th``; (days, is_range, has_ordinal)."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    is_range = bool(re.search(r"[-–]|\b(?:to|tot|au|bis)\b", text))
    ordinal = bool(re.search(r"\d(?:st|nd|rd|th)\b", text, re.IGNORECASE)) or "the" in text.lower().split()
    if is_range and len(numbers) == 2 and numbers[0] < numbers[1] <= 31:
        numbers = list(range(numbers[0], numbers[1] + 1))
    return numbers, is_range, ordinal


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    return True


def _iso(y: int | None, m: int | None, d: int | None) -> str:
    if y is None:
        return f"--{m:02d}-{d:02d}"
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _make(text: str, match: re.Match, start: int, end: int, values: list[str], style: str = "",
          is_range: bool = False) -> Reference:
    joiner = "/" if is_range and len(values) == 2 else ","
    key = "date:" + (f"{values[0]}/{values[-1]}" if is_range else joiner.join(values))
    parts: list[tuple[str, object]] = [("values", tuple(values))]
    if style:
        parts.append(("style", style))
    if is_range:
        parts.append(("range", True))
    return Reference("date", key, text[start:end], (start, end), tuple(parts))


def find_dates(text: str, lang: str) -> Iterator[Reference]:
    """Every date in ``text``, longest forms first, never two overlapping."""
    rx = _regexes(lang)
    spans = SpanSet()
    free = spans.free

    found: list[Reference] = []
    named = mentions_month(text, lang)
    for name in ("dmy", "mdy") if named else ():
        for m in rx[name].finditer(text):
            month = _month_number(lang, m.group("month"))
            if month is None:
                continue
            days, is_range, ordinal = _days(m.group("days"))
            year = int(m.group("year"))
            if not days or not all(_valid(year, month, d) for d in days):
                continue
            start = m.start() if name == "mdy" else m.start("days")
            if not free(start, m.end()):
                continue
            style = ""
            if ordinal or re.search(r"\bof\b", m.group(0)[len(m.group("days")):], re.IGNORECASE):
                style = "ordinal"
            if name == "mdy":
                style = "month-day-year"
            values = [_iso(year, month, d) for d in days]
            spans.add(start, m.end())
            found.append(_make(text, m, start, m.end(), values, style, is_range and len(days) > 1))
    for m in rx["dm"].finditer(text) if named else ():
        month = _month_number(lang, m.group("month"))
        days, is_range, ordinal = _days(m.group("days"))
        if month is None or not days or not all(_valid(None, month, d) for d in days):
            continue
        if not free(m.start("days"), m.end()):
            continue
        # a bare "3 mei" could be a count ("3 May-related items" never occurs; "in 3 mei" neither)
        values = [_iso(None, month, d) for d in days]
        spans.add(m.start("days"), m.end())
        found.append(_make(text, m, m.start("days"), m.end(), values, "ordinal" if ordinal else "",
                           is_range and len(days) > 1))
    for m in rx["my"].finditer(text) if named else ():
        if not free(m.start(), m.end()):
            continue
        month = _month_number(lang, m.group("month"))
        if month is None:
            continue
        if lang == "en" and not m.group("month")[0].isupper():
            continue  # "may 2005" in running English text is a verb, not a month
        spans.add(m.start(), m.end())
        found.append(_make(text, m, m.start(), m.end(), [_iso(int(m.group("year")), month, None)],
                           "month-of-year" if m.group("of") else ""))
    for name in ("numeric", "iso"):
        for m in rx[name].finditer(text):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if not _valid(y, mo, d) or not free(m.start(), m.end()):
                continue
            spans.add(m.start(), m.end())
            found.append(_make(text, m, m.start(), m.end(), [_iso(y, mo, d)]))
    for m in rx["years"].finditer(text):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if len(m.group("y2")) == 2:
            y2 += y1 - y1 % 100
        if y1 >= y2 or y2 - y1 > 50 or not free(m.start(), m.end()):
            continue
        spans.add(m.start(), m.end())
        found.append(_make(text, m, m.start(), m.end(), [f"{y1:04d}", f"{y2:04d}"], "", True))
    found.sort(key=lambda r: r.span)
    return iter(_inherit_years(text, found, lang))


@lru_cache(maxsize=None)
def _list_gap(lang: str) -> re.Pattern:
    joiners = lang_data(lang).get("date_list_connectors", []) + [","]
    return re.compile(rf"^\s*{alternation(joiners)}?\s*$", re.IGNORECASE)


def _inherit_years(text: str, found: list[Reference], lang: str) -> list[Reference]:
    """``28 oktober en 5 november 2007``: the first date shares the year of the second."""
    gap = _list_gap(lang)
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        ref, nxt = out[i], out[i + 1]
        values = ref.part("values")
        year = nxt.part("values")[0][:4]
        if not all(v.startswith("--") for v in values) or not year.isdigit():
            continue
        if not gap.match(text[ref.span[1]:nxt.span[0]]):
            continue
        new_values = [f"{year}-{v[2:]}" for v in values]
        style = ref.part("style") or ""
        out[i] = _make(text, None, ref.span[0], ref.span[1], new_values, style, bool(ref.part("range")))
    return out


def parse_date_at(text: str, pos: int, lang: str) -> Reference | None:
    """A full date (day, month, year) starting exactly at ``pos``, or None."""
    m = _regexes(lang)["dmy"].match(text, pos)
    if m is None:
        m2 = _regexes(lang)["numeric"].match(text, pos)
        if m2 is None:
            return None
        return _numeric(text, m2)
    window = text[pos:m.end()]  # parse only the date itself: callers scan long texts
    for ref in find_dates(window, lang):
        if ref.span[0] == 0:
            return replace(ref, span=(pos, pos + ref.span[1]))
    return None


def _numeric(text: str, m: re.Match) -> Reference | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not _valid(y, mo, d):
        return None
    return _make(text, m, m.start(), m.end(), [_iso(y, mo, d)])
