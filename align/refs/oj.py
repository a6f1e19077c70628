"""Official Journal citations, OJ notice numbers and the Dutch national ``PbEU`` style.

``PB L 277 van 20.10.2007, blz. 29`` = ``OJ L 277, 20.10.2007, p. 29`` =
``JO L 277 du 20.10.2007, p. 29`` = ``ABl. L 277 vom 20.10.2007, S. 29`` -> key
``oj:L:277:2007-10-20:29``. Since 1 October 2023: ``OJ L, 2023/2131, 11.10.2023`` ->
``oj:L:2023/2131:2023-10-11``. Notices: ``2005/C 311/01`` -> ``oj-notice:2005/C311/01``.
The abbreviation and page word of every language are recognised in every language, and the
language they belong to is kept (``abbrev_lang``, ``page_lang``) for the style check.
"""
from __future__ import annotations

import re
from functools import lru_cache

from align.model import Reference
from align.refs.data import available_languages, lang_data
from align.refs.patterns import alternation
from align.refs.spans import SpanSet

DATE = r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)"


@lru_cache(maxsize=None)
def _words() -> tuple[dict[str, str], dict[str, str], list[str], list[str]]:
    abbrevs: dict[str, str] = {}
    pages: dict[str, str] = {}
    connectors: list[str] = []
    national: list[str] = []
    for code in available_languages():
        oj = lang_data(code)["oj"]
        for a in oj["abbrev"]:
            abbrevs.setdefault(a, code)
        for p in oj["page"]:
            pages.setdefault(p, code)
        connectors += oj["connectors"]
        national += oj.get("national", [])
    return abbrevs, pages, connectors, national


@lru_cache(maxsize=None)
def _rx() -> dict[str, re.Pattern]:
    abbrevs, pages, connectors, national = _words()
    abbr = alternation(abbrevs)
    conn = alternation([c for c in connectors if c != ","])
    page = alternation(pages)
    series = r"(?P<series>[LC])"
    return {
        "new": re.compile(rf"(?<![\w])(?P<abbr>{abbr})\s+{series}\s*,\s*(?P<ny>(?:19|20)\d\d)/(?P<nn>\d+)\s*,\s*{DATE}(?!\d)"),
        "classic": re.compile(
            rf"(?<![\w])(?P<abbr>{abbr})\s+(?:{series}\s+)?(?P<issue>\d{{1,4}})(?:\s?(?P<sub>[A-Z])(?![\w]))?"
            rf"\s*(?:,|\s{conn})\s+{DATE}(?!\d)"
            rf"(?:\s*,\s*(?P<pword>{page})\s*(?P<page>\d+)(?:\s*[-–—]\s*(?P<page2>\d+))?)?"),
        "notice": re.compile(r"(?<![\w/])(?P<y>(?:19|20)\d\d)/(?P<series>[LC])\s?(?P<issue>\d{1,4})/(?P<no>\d{2,3})(?![\d])"),
        "national": re.compile(rf"(?<![\w])(?P<abbr>{alternation(national)})\s+(?P<y>(?:19|20)\d\d),?\s+{series}\s+(?P<issue>\d{{1,4}})(?!\d)(?:\s*,\s*(?:p\.|blz\.)\s*(?P<page>\d+))?")
        if national else re.compile(r"(?!x)x"),
    }


def _iso(m: re.Match) -> str | None:
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_oj(text: str, lang: str) -> list[Reference]:
    rx = _rx()
    abbrevs, pages, _, _ = _words()
    found: list[Reference] = []
    taken = SpanSet()  # the spans of ``found``: disjoint, so the overlap test is a bisection

    def free(a: int, b: int) -> bool:
        return taken.free(a, b)

    def keep(ref: Reference) -> None:
        found.append(ref)
        taken.add(*ref.span)

    for m in rx["new"].finditer(text):
        iso = _iso(m)
        if iso is None:
            continue
        number = f"{m.group('ny')}/{int(m.group('nn'))}"
        parts = (("series", m.group("series")), ("issue", None), ("number", number), ("date", iso),
                 ("page", None), ("abbrev", m.group("abbr")), ("abbrev_lang", abbrevs[m.group("abbr")]),
                 ("form", "act-by-act"))
        keep(Reference("oj", f"oj:{m.group('series')}:{number}:{iso}", m.group(0), m.span(), parts))
    for m in rx["classic"].finditer(text):
        iso = _iso(m)
        if iso is None or not free(m.start(), m.end()):
            continue
        series = m.group("series") or ""
        issue = f"{int(m.group('issue'))}{m.group('sub') or ''}"
        page = int(m.group("page")) if m.group("page") else None
        parts = [("series", series), ("issue", issue), ("number", None), ("date", iso),
                 ("page", page), ("abbrev", m.group("abbr")), ("abbrev_lang", abbrevs[m.group("abbr")]),
                 ("form", "classic")]
        if m.group("pword"):
            parts += [("page_word", m.group("pword")), ("page_lang", pages[m.group("pword")]),
                      ("page_span", m.span("pword"))]
        if m.group("page2"):
            parts.append(("page_range", True))
        key = f"oj:{series}:{issue}:{iso}" + (f":{page}" if page is not None else "")
        keep(Reference("oj", key, m.group(0), m.span(), tuple(parts)))
    for m in rx["national"].finditer(text):
        if not free(m.start(), m.end()):
            continue
        page = int(m.group("page")) if m.group("page") else None
        parts = (("series", m.group("series")), ("issue", str(int(m.group("issue")))), ("number", None),
                 ("date", m.group("y")), ("page", page), ("abbrev", m.group("abbr")), ("abbrev_lang", "nl"),
                 ("form", "national"))
        keep(Reference("oj", f"oj:{m.group('series')}:{int(m.group('issue'))}:{m.group('y')}",
                               m.group(0), m.span(), parts))
    for m in rx["notice"].finditer(text):
        if not free(m.start(), m.end()):
            continue
        key = f"oj-notice:{m.group('y')}/{m.group('series')}{int(m.group('issue'))}/{m.group('no')}"
        parts = (("series", m.group("series")), ("issue", str(int(m.group("issue")))), ("year", int(m.group("y"))),
                 ("notice", m.group("no")), ("form", "notice"))
        keep(Reference("oj", key, m.group(0), m.span(), parts))
    found.sort(key=lambda r: r.span)
    return found
