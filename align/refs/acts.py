"""EU act citations in every numbering era, with type, author and date of adoption.

Recognised forms (suffixes of all four languages are recognised in every language, so a Dutch
suffix in English text can be reported): ``2004/81/EG``, ``Verordening (EG) nr. 1234/2007``,
``Regulation (EC) No 2820/98``, ``(EU) 2016/679``, ``Besluit nr. 284/2010/EU``,
``Besluit (GBVB) 2015/236``, ``(EU, Euratom)``, ``Decision No 1/2019``, and acts cited without
a number but with a date (``Council Framework Decision of 19 July 2002``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from align.model import Reference
from align.refs.data import lang_data, series_by_suffix
from align.refs.dates import parse_date_at
from align.refs.patterns import act_type_regex, alternation, domain_regex, first_char_guard, number_word_regex
from align.refs.spans import SpanSet, overlap_test

NUM = r"(?P<a>\d{1,4})/(?P<b>\d{1,4})"


@dataclass(frozen=True)
class _Rx:
    cores: tuple[tuple[str, re.Pattern], ...]
    type_before: re.Pattern
    type_window: re.Pattern
    type_lookup: dict[str, str]
    author_before: dict[str, str]
    author_after: re.Pattern
    author_after_lookup: dict[str, str]
    not_after_author: re.Pattern | None
    connector: re.Pattern
    unnumbered: re.Pattern
    unnumbered_hint: re.Pattern  # the connector before a digit that every unnumbered citation holds
    list_gap: re.Pattern


@lru_cache(maxsize=None)
def _rx(lang: str) -> _Rx:
    data = lang_data(lang)
    dom = domain_regex()
    now = number_word_regex()
    doms = rf"(?P<doms>{dom}(?:\s*,\s*{dom})*)"
    sfx = rf"(?P<doms>{dom}(?:\s*[,/]\s*{dom})*)"
    cores = (
        ("domain-first", re.compile(rf"\(\s*{doms}\s*\)\s*(?:(?P<no>{now})\s*)?{NUM}(?![\d/])")),
        ("suffix", re.compile(rf"(?<![\w/.])(?:(?P<no>{now})\s*)?{NUM}/{sfx}(?![\w])")),
        ("no", re.compile(rf"(?<![\w/])(?P<no>{now})\s*{NUM}(?![\d/])")),
        ("bare", re.compile(rf"(?<![\w/.])(?P<a>(?:19|20)\d\d)/(?P<b>\d{{1,4}})(?![\d/])")),
    )
    types, lookup = act_type_regex(lang)
    author_before = {w: code for code, words in data.get("author_before", {}).items() for w in words}
    authb = alternation(author_before) if author_before else r"(?!x)x"
    # every match below starts with an author or a type word (authb never matches when empty)
    guard = first_char_guard(lookup, *([author_before] if author_before else []))
    type_before = re.compile(rf"{guard}(?:(?P<authb>{authb})\s+)?(?P<type>{types})\s*$", re.IGNORECASE)
    type_window = re.compile(rf"{guard}(?:(?P<authb>{authb})\s+)?(?P<type>{types})\b[^.;:()\d]{{0,60}}$",
                             re.IGNORECASE)
    author_after_lookup = {" ".join(w.lower().split()): code
                           for code, words in data.get("author_after", {}).items() for w in words}
    auth = alternation(author_after_lookup) + r"(?![^\W\d_])"
    author_after = re.compile(rf"\s*,?\s*(?P<auth>{auth})", re.IGNORECASE)
    not_after = data.get("author_after_not_followed_by", [])
    not_after_author = re.compile(rf"\s+{alternation(not_after)}\b", re.IGNORECASE) if not_after else None
    conn = alternation(data.get("date_connectors", ["of"]))
    connector = re.compile(rf"\s*,?\s*{conn}\s+", re.IGNORECASE)
    unnumbered = re.compile(rf"{guard}(?:(?P<authb>{authb})\s+)?(?P<type>{types})(?:\s+(?P<auth>{auth}))?\s*,?\s+{conn}\s+(?=\d)",
                            re.IGNORECASE)
    # scanning for the long type alternation at every position is the costliest search here;
    # texts without "of <digit>" / "van <digit>" cannot hold an unnumbered citation
    unnumbered_hint = re.compile(rf"{conn}\s+(?=\d)", re.IGNORECASE)
    gap = alternation(data.get("list_connectors", ["and"]))
    list_gap = re.compile(rf"^\s*(?:,\s*)?(?:{gap})?\s*$", re.IGNORECASE)
    return _Rx(cores, type_before, type_window, lookup, author_before, author_after, author_after_lookup,
               not_after_author, connector, unnumbered, unnumbered_hint, list_gap)


def _year(text: str) -> int | None:
    value = int(text)
    if len(text) == 2:
        return 1900 + value if value >= 50 else 2000 + value
    if len(text) == 4 and 1950 <= value <= 2100:
        return value
    return None


def _number_and_year(a: str, b: str, form: str, has_no: bool) -> tuple[int, int, str] | None:
    """(number, year, order) where order is ``yn`` (2004/81) or ``ny`` (No 1234/2007)."""
    ya, yb = _year(a), _year(b)
    if has_no:
        return (int(a), yb, "ny") if yb else None
    if form == "domain-first":
        if len(a) == 4 and ya and ya >= 2015:
            return int(b), ya, "yn"
        if yb and not (len(a) == 4 and ya):
            return int(a), yb, "ny"
        return (int(b), ya, "yn") if ya else None
    if ya and len(a) in (2, 4):
        return int(b), ya, "yn"
    if yb:
        return int(a), yb, "ny"
    return None


def _domains(raw: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not raw:
        return (), ()
    forms = tuple(p.strip() for p in re.split(r"[,/]", raw) if p.strip())
    table = series_by_suffix()
    canon = tuple(table[f.upper()][0] for f in forms if f.upper() in table)
    return forms, canon


def act_number_text(number: int, year: int, order: str) -> str:
    return f"{year}/{number}" if order == "yn" else f"{number}/{year}"


def act_key(type_code: str | None, number_text: str, domains: tuple[str, ...]) -> str:
    return f"act:{type_code or 'ACT'}:{number_text}:{'+'.join(sorted(domains))}"


def _capitalised_type(type_text: str, rx: _Rx, lang: str) -> tuple[str, int]:
    """Languages that capitalise act types in citations (``Implementing Regulation``) do not
    read ``implementing Regulation`` (a verb before the type) as the longer type: keep the
    longest capitalised tail that is still a type. Returns (type text, offset in the match)."""
    if not lang_data(lang).get("act_types_capitalised") or type_text[:1].isupper():
        return type_text, 0
    words = list(re.finditer(r"\S+", type_text))
    for w in words[1:]:
        tail = type_text[w.start():]
        if tail[:1].isupper() and " ".join(tail.lower().split()) in rx.type_lookup:
            return tail, w.start()
    return "", 0


def find_acts(text: str, lang: str) -> list[Reference]:
    rx = _rx(lang)
    cores: list[tuple[int, int, str, re.Match]] = []
    core_spans = SpanSet()  # an overlap test per match that stays fast on texts with many numbers

    for form, pattern in (rx.cores if "/" in text else ()):  # every numbered form has year/number
        for m in pattern.finditer(text):
            if core_spans.take(m.start(), m.end()):
                cores.append((m.start(), m.end(), form, m))
    cores.sort(key=lambda c: c[0])

    acts: list[Reference] = []
    previous: Reference | None = None
    previous_core_end = -1
    for start, end, form, m in cores:
        has_no = bool(m.groupdict().get("no"))
        parsed = _number_and_year(m.group("a"), m.group("b"), form, has_no)
        if parsed is None:
            continue
        number, year, order = parsed
        window = text[max(0, start - 90):start]
        tm = rx.type_before.search(window)
        if tm is None and form == "no":
            tm = rx.type_window.search(window)
        type_code = author = None
        type_text = author_text = ""
        span_start = start
        if tm is not None:
            type_text, offset = _capitalised_type(tm.group("type"), rx, lang)
            type_code = rx.type_lookup.get(" ".join(type_text.lower().split())) if type_text else None
            if type_code is None:
                tm = None
        if tm is not None:
            span_start = start - len(window) + tm.start("type") + offset
            if tm.group("authb") and offset == 0:
                span_start = start - len(window) + tm.start()
            if tm.group("authb") and tm.group("authb")[0].isupper() and offset == 0:
                author_text = tm.group("authb")
                author = rx.author_before.get(author_text)
        elif previous is not None and rx.list_gap.match(text[previous_core_end:start]) \
                and text[previous_core_end:start].strip():
            type_code = previous.part("type")
            author = previous.part("author") if previous.part("author_position") == "before" else None
        if form in ("no", "bare") and type_code is None:
            continue  # "No 29/2005" or "2019/1356" alone is not evidently an act
        forms, domains = _domains(m.groupdict().get("doms"))
        span_end = end
        author_position = "before" if author else ""
        am = rx.author_after.match(text, end)
        if am is not None and not (rx.not_after_author and rx.not_after_author.match(text, am.end())):
            author = rx.author_after_lookup.get(" ".join(am.group("auth").lower().split()))
            author_text = am.group("auth")
            author_position = "after"
            span_end = am.end()
        date = None
        cm = rx.connector.match(text, span_end)
        if cm is not None:
            date = parse_date_at(text, cm.end(), lang)
            if date is not None:
                span_end = date.span[1]
        number_text = act_number_text(number, year, order)
        parts: list[tuple[str, object]] = [
            ("type", type_code), ("type_text", type_text), ("number", number), ("year", year),
            ("order", order), ("number_text", number_text), ("domains", domains),
            ("suffixes", forms), ("form", form), ("number_word", m.groupdict().get("no") or ""),
            ("author", author), ("author_text", author_text), ("author_position", author_position),
            ("date", date.part("values")[0] if date else None), ("date_text", date.text if date else ""),
            ("date_span", date.span if date else None), ("date_style", date.part("style") if date else None),
            ("core_span", (start, end)),
            ("identity", number_text + ("" if domains else "#")), ("written", f"{m.group('a')}/{m.group('b')}"),
        ]
        ref = Reference("act", act_key(type_code, number_text, domains), text[span_start:span_end],
                        (span_start, span_end), tuple(parts))
        acts.append(ref)
        previous, previous_core_end = ref, end

    overlaps_act = overlap_test(a.span for a in acts)  # act spans may overlap each other
    unnumbered = rx.unnumbered.finditer(text) if rx.unnumbered_hint.search(text) else ()
    for m in unnumbered:
        if overlaps_act(m.start(), m.end()):
            continue
        date = parse_date_at(text, m.end(), lang)
        if date is None or not date.part("values")[0][:4].isdigit():
            continue
        type_text, offset = _capitalised_type(m.group("type"), rx, lang)
        type_code = rx.type_lookup.get(" ".join(type_text.lower().split())) if type_text else None
        if type_code is None:
            continue
        author = author_text = None
        position = ""
        if m.group("authb") and m.group("authb")[0].isupper():
            author_text, position = m.group("authb"), "before"
            author = rx.author_before.get(author_text)
        if m.group("auth"):
            author_text, position = m.group("auth"), "after"
            author = rx.author_after_lookup.get(" ".join(author_text.lower().split()))
        start = m.start() if m.group("authb") and author and offset == 0 else m.start("type") + offset
        iso = date.part("values")[0]
        key = f"act:{type_code}:{author or '-'}:{iso}"
        parts = [("type", type_code), ("type_text", type_text), ("number", None), ("year", int(iso[:4])),
                 ("order", ""), ("number_text", ""), ("domains", ()), ("suffixes", ()), ("form", "unnumbered"),
                 ("number_word", ""), ("author", author), ("author_text", author_text or ""),
                 ("author_position", position), ("date", iso), ("date_text", date.text),
                 ("date_span", date.span), ("date_style", date.part("style")),
                 ("core_span", (m.start("type"), m.end("type"))), ("identity", key),
                 ("written", "")]
        acts.append(Reference("act", key, text[start:date.span[1]], (start, date.span[1]), tuple(parts)))
    acts.sort(key=lambda r: r.span)
    return acts
