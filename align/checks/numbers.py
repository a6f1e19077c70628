"""``number.mismatch``: numbers and dates present on one side of an aligned pair and absent on
the other, compared by value (``1.000,50`` = ``1,000.50``, ``19 juli 2002`` = ``19 July 2002``).

False alarms avoided: numbers written as words on the other side (``twee``/``two``, ordinals
``second``/``tweede``), list numbering at the start of a segment, numbers inside legal
references (compared by the ref.* checks), years and days that the other side gives inside a
date, and digit strings that the other side carries inside a reference."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from align.checks.registry import CheckContext, make_finding, register
from align.model import AlignedPair, Finding, Segment, location_for
from align.refs import find_references
from align.refs.data import lang_data, number_value_words
from align.refs.dates import mentions_month
from align.refs.patterns import alternation
from align.checks.references import min_confidence
from align.refs.render import date_text, number_text

_LIST_NUMBER = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\d{1,3}\s*$|\(\d{1,3}\)|\d{1,2}(?:\.\d{1,2})+\.?\s)")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Value:
    value: str  # canonical number or ISO date (partial: "2005-12", "--10-18", "2006")
    kind: str  # number | date
    segment: Segment
    span: tuple[int, int]
    text: str
    alternatives: tuple[str, ...] = ()

_ROMAN = re.compile(r"(?<![\w])(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})(?![\w])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text: str) -> int | None:
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > v else v
    return total or None


@lru_cache(maxsize=None)
def _compound_rx(lang: str) -> tuple[re.Pattern, dict[str, float]] | None:
    """``vijfentwintig`` (nl, unit first) / ``twenty-five`` (en, tens first) from the data."""
    data = lang_data(lang)
    rule = data.get("number_compounds")
    if not rule:
        return None
    words = number_value_words(lang)
    units = [w for w, v in words.items() if 1 <= v <= 9 and float(v).is_integer()]
    tens = [w for w, v in words.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)]
    u, t = alternation(units), alternation(tens)
    j = alternation(rule["joiners"])
    body = rf"(?P<u>{u}){j}(?P<t>{t})" if rule["order"] == "unit-first" else rf"(?P<t>{t}){j}(?P<u>{u})"
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE), words


def _ranges(lang: str) -> re.Pattern:
    words = lang_data(lang)["article"].get("range", [])
    return re.compile(rf"(?<![\w.,])(\d{{1,4}})\s*(?:-|–|{alternation(words)})\s*(\d{{1,4}})(?![\w])", re.IGNORECASE)


def _values(segments: Iterable[Segment]) -> list[_Value]:
    out: list[_Value] = []
    for seg in segments:
        listing = _LIST_NUMBER.match(seg.text)
        for ref in find_references(seg.text, seg.lang):
            if ref.kind == "number":
                if listing and ref.span[0] < listing.end():
                    continue
                out.append(_Value(ref.part("value"), "number", seg, ref.span, ref.text,
                                  tuple(ref.part("alternatives") or (ref.part("value"),))))
            elif ref.kind == "date":
                for v in ref.part("values"):
                    out.append(_Value(v, "date", seg, ref.span, ref.text))
    return out


def _context(segments: Iterable[Segment], also_lang: str = "") -> tuple[set[str], set[str], set[str], set[float]]:
    """What the other side offers: numbers (all readings, and those inside ranges such as
    ``16 to 18``), date values (free and inside citations, also in the first side's language:
    titles are often left untranslated), digit tokens of its whole text, and values of its
    number words and Roman numerals."""
    numbers: set[str] = set()
    dates: set[str] = set()
    digits: set[str] = set()
    words: set[float] = set()
    for seg in segments:
        digits.update(re.findall(r"\d+", seg.text))
        value_words = number_value_words(seg.lang)
        for w in _WORD.findall(seg.text.lower()):
            if w in value_words:
                words.add(float(value_words[w]))
        compound = _compound_rx(seg.lang)
        if compound is not None:
            pattern, table = compound
            for m in pattern.finditer(seg.text):
                words.add(float(table[m.group("u").lower()] + table[m.group("t").lower()]))
        for m in _ROMAN.finditer(seg.text):
            value = _roman(m.group(0))
            if value:
                words.add(float(value))
        for m in _ranges(seg.lang).finditer(seg.text):
            low, high = int(m.group(1)), int(m.group(2))
            if 0 < high - low <= 100:
                numbers.update(str(n) for n in range(low, high + 1))
        for lang in dict.fromkeys((seg.lang, also_lang or seg.lang)):
            if lang != seg.lang and not mentions_month(seg.text, lang):
                continue  # read in the first side's language only for its written dates
            for ref in find_references(seg.text, lang):
                if ref.kind == "number" and lang == seg.lang:
                    numbers.update(ref.part("alternatives") or (ref.part("value"),))
                elif ref.kind == "date":
                    dates.update(ref.part("values"))
                elif ref.part("date"):
                    dates.add(ref.part("date"))
    return numbers, dates, digits, words


def _date_parts(iso: str) -> tuple[str | None, str | None, str | None]:
    if iso.startswith("--"):
        m, d = iso[2:].split("-")
        return None, m, d
    bits = iso.split("-")
    return bits[0], bits[1] if len(bits) > 1 else None, bits[2] if len(bits) > 2 else None


def _dates_agree(a: str, b: str) -> bool:
    ya, ma, da = _date_parts(a)
    yb, mb, db = _date_parts(b)
    if (ma is None) != (mb is None) or (da is None) != (db is None):
        # "December 2005" vs "5 December 2005" is not the same statement; a missing year is
        return ya is not None and ma is None and ya == yb  # bare year vs a date in that year
    return ma == mb and da == db and (ya is None or yb is None or ya == yb)


def _matched(v: _Value, numbers: set[str], dates: set[str], digits: set[str], words: set[float]) -> bool:
    if v.kind == "number":
        if v.value in numbers or any(a in numbers for a in v.alternatives):
            return True
        if v.value.isdigit():
            n = int(v.value)
            for d in dates:
                y, m, day = _date_parts(d)
                if (y and int(y) == n) or (day and int(day) == n):
                    return True
            if v.value in digits:
                return True  # carried inside a reference on the other side (compared there)
        try:
            if float(v.value.lstrip("#")) in words:
                return True
        except ValueError:
            pass
        return False
    if any(_dates_agree(v.value, d) for d in dates):
        return True
    y, m, d = _date_parts(v.value)
    if m is None and y is not None and (y in numbers or y in digits):
        return True  # "2006" as a year range end vs a bare year
    return False


@lru_cache(maxsize=16384)
def pair_mismatches(pair: AlignedPair) -> tuple[tuple[str, _Value, str], ...]:
    """(side of the value, value, language of the other side) for every unmatched value."""
    out: list[tuple[str, _Value, str]] = []
    for side, mine, theirs in (("source", pair.source, pair.target), ("target", pair.target, pair.source)):
        values = _values(mine)
        if not values or not theirs:
            continue
        context = _context(theirs, mine[0].lang)
        other_lang = theirs[0].lang
        seen: set[str] = set()
        for v in values:
            if v.value in seen:
                continue
            seen.add(v.value)
            if not _matched(v, *context):
                out.append((side, v, other_lang))
    return tuple(out)


def _expected(v: _Value, lang: str) -> str:
    if v.kind == "date":
        return date_text(v.value, lang)
    return number_text(v.value, lang)


@register("number.mismatch", "Accuracy", "major",
          "A number or date on one side of an aligned pair is absent on the other (compared by value, locale-aware)",
          subcategory="Mistranslation", modes=("bilingual",))
def check_number_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    threshold = min_confidence(ctx)
    for pair in ctx.pairs:
        if pair.confidence < threshold or not pair.source or not pair.target:
            continue
        for side, v, other_lang in pair_mismatches(pair):
            other = "target" if side == "source" else "source"
            what = "date" if v.kind == "date" else "number"
            message = (f"{what} '{v.text}' ({v.value}) in the {side} has no counterpart in the {other}; "
                       f"expected '{_expected(v, other_lang)}' in the {other}")
            yield make_finding("number.mismatch", message, [location_for(v.segment, side, v.span)],
                               expected=_expected(v, other_lang), found="", salt=side)
