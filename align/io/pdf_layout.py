"""Page layout of an extracted PDF: which lines are body, page furniture or footnotes.

Pure functions over plain records, so the evidence rules can be tested without a PDF. The
evidence is the one a reader uses: running headers and footers repeat from page to page in
the top and bottom bands of the page (numbers change, words do not); footnotes sit at the
bottom of the body in a smaller font, often under a short rule, and start with their number.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

BAND = 0.12  # top and bottom share of the page where running headers and footers live
SMALL = 0.88  # a font this much smaller than the body font is footnote-sized
SUPERSCRIPT = 0.85  # a word this much smaller than its line, and raised, is a superscript

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(\d{1,4})(?:\s*[-–—])?$|^(\d{1,4})\s*(?:/|of|van|de|von|sur)\s*\d{1,4}$",
                          re.I)
_SEPARATOR = re.compile(r"^[_\-–—=*.·\s]{5,}$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3}|[*†‡§]{1,3})(?=\s|\)|\.\s|[A-ZÀ-Ý(“\"'])")


@dataclass(frozen=True)
class PdfWord:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class PdfLine:
    """One visual line: words left to right; superscript marks taken out of ``text``.

    ``marks`` are ``(offset, mark)`` pairs: the superscript (footnote mark) that stood at that
    character offset of ``text``.
    """

    page: int
    number: int  # line on the page, 1-based, counting every line (furniture too)
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the dominant font size of the line
    marks: tuple[tuple[int, str], ...] = ()
    lead_mark: str = ""  # a superscript number that starts the line (how footnotes begin)


@dataclass(frozen=True)
class PdfPage:
    number: int
    width: float
    height: float
    lines: tuple[PdfLine, ...]
    rules: tuple[tuple[float, float, float], ...] = ()  # horizontal rules: (y, x0, x1)
    image_area: float = 0.0  # share of the page covered by images (scans)


@dataclass(frozen=True)
class Footnote:
    mark: str
    lines: tuple[PdfLine, ...]
    continued_from_previous_page: bool = False


@dataclass
class PageLayout:
    page: PdfPage
    body: list[PdfLine] = field(default_factory=list)
    furniture: list[tuple[PdfLine, str]] = field(default_factory=list)  # (line, why)
    footnotes: list[Footnote] = field(default_factory=list)


# ---------------------------------------------------------------- lines from words

def group_lines(words: list[PdfWord], page: int) -> list[PdfLine]:
    """Words -> lines, top to bottom. A word joins a line when its vertical middle lies within
    half a font size of the line's middle, which keeps raised superscripts on their line."""
    rows: list[list[PdfWord]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (word.top + word.bottom) / 2
        if rows:
            row = rows[-1]
            row_size = max(w.size for w in row)
            row_mid = sum((w.top + w.bottom) / 2 * w.size for w in row) / sum(w.size for w in row)
            if abs(mid - row_mid) <= 0.5 * max(row_size, word.size):
                row.append(word)
                continue
        rows.append([word])
    lines = []
    for number, row in enumerate(rows, start=1):
        lines.append(_line_from_row(sorted(row, key=lambda w: w.x0), page, number))
    return lines


def _line_from_row(row: list[PdfWord], page: int, number: int) -> PdfLine:
    weights: Counter[float] = Counter()
    for w in row:
        weights[round(w.size, 1)] += len(w.text)
    size = weights.most_common(1)[0][0]
    baseline = max(w.bottom for w in row if round(w.size, 1) == size)
    parts: list[str] = []
    marks: list[tuple[int, str]] = []
    lead_mark = ""
    for i, w in enumerate(row):
        raised = w.bottom < baseline - 0.1 * size
        if w.size < SUPERSCRIPT * size and raised and _is_mark(w.text):
            if not parts:
                lead_mark = w.text
            else:
                marks.append((len(" ".join(parts)), w.text))
            continue
        parts.append(w.text)
    text = " ".join(parts)
    if not parts:  # a line made only of small raised text: keep it as text
        text, marks, lead_mark = " ".join(w.text for w in row), [], ""
    return PdfLine(page, number, text, min(w.x0 for w in row), max(w.x1 for w in row),
                   min(w.top for w in row), max(w.bottom for w in row), size, tuple(marks),
                   lead_mark)


def _is_mark(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}|[*†‡§]{1,3}", text))  # raised letters are text (1er)


# ---------------------------------------------------------------- furniture

def furniture_key(text: str) -> str:
    """What stays the same in a running header or footer from page to page."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip().casefold()


def _band(line: PdfLine, page: PdfPage) -> str | None:
    if line.top < BAND * page.height:
        return "top"
    if line.bottom > (1 - BAND) * page.height:
        return "bottom"
    return None


def body_font_size(pages: list[PdfPage]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


SAME_HEIGHT = 2.5  # points: a running header or footer is printed at a fixed height


def _pages_at_one_height(own: list[tuple[int, float]],
                         related: list[tuple[int, float]] = ()) -> set[int]:
    """The largest set of pages on which the text (or a longer footer ending or starting
    with it, ``related``) stands at the height of one of its own occurrences: a body line
    that happens to recur in the band (a manual repeats its parameter lines) moves about."""
    best: set[int] = set()
    spots = list(own) + list(related)
    for _page, top in own:
        pages = {p for p, t in spots if abs(t - top) <= SAME_HEIGHT}
        if len(pages) > len(best):
            best = pages
    return best


LONG_LINE = 60  # running headers and footers are short; a longer line needs more repeats


def _needed_repeats(key: str, pages: int) -> int:
    """Two pages are evidence enough for a short line; a long one (a sentence that happens
    to recur in the band, as parameter descriptions in a manual do) needs half the pages."""
    return 2 if len(key) <= LONG_LINE else max(3, (pages + 1) // 2)


def _page_number(text: str, pages: int) -> bool:
    m = _PAGE_NUMBER.match(text.strip())
    return bool(m) and int(m.group(1) or m.group(2)) <= max(3 * pages, 20)  # not a year


def find_furniture(pages: list[PdfPage]) -> dict[tuple[int, int], str]:
    """(page, line) -> why, for running headers/footers and page numbers.

    Repetition at one height in a band is the evidence, and every such line stands at the
    edge of the page: only furniture between it and the edge (so a sentence that recurs
    above other text, '(1999);' or a year is not furniture)."""
    placed: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            band = _band(line, page)
            if band:
                placed[(band, furniture_key(line.text))].append((page.number, line.top))
    # A footer that grows on some pages ('BIJLAGE I DG H 2B NL' under 'DG H 2B NL') shares
    # its start or end with the others: those pages count for the shorter text too.
    extended: dict[tuple[str, str], list[str]] = defaultdict(list)
    for band, key in placed:
        words = key.split()
        for cut in range(1, min(len(words), 12)):
            for part in (" ".join(words[cut:]), " ".join(words[:-cut])):
                if len(part) >= 4:
                    extended[(band, part)].append(key)
    seen = {}
    for (band, key), spots in placed.items():
        longer = [spot for other in extended.get((band, key), ())
                  for spot in placed[(band, other)]]
        seen[(band, key)] = _pages_at_one_height(spots, longer)
    repeated = {key for key, on_pages in seen.items()
                if len(on_pages) >= _needed_repeats(key[1], len(pages))}
    repeated_keys = {key for _band_name, key in repeated if len(key) >= 4}
    found: dict[tuple[int, int], str] = {}
    for page in pages:
        for edge in ("top", "bottom"):
            in_band = sorted((line for line in page.lines if _band(line, page) == edge),
                             key=lambda line: line.top)
            if edge == "bottom":
                in_band.reverse()
            for line in in_band:  # from the edge inwards, up to the first line of text
                key = furniture_key(line.text)
                name = "header" if edge == "top" else "footer"
                if (edge, key) in repeated:
                    why = f"running {name} repeated on {len(seen[(edge, key)])} pages"
                elif len(key) <= LONG_LINE and any(_extends(key, other) for other in repeated_keys):
                    why = f"{edge} band line extending a running {name}"
                elif _page_number(line.text, len(pages)):
                    why = "page number"
                else:
                    break
                found[(page.number, line.number)] = why
    _headers_above_page_one(pages, found)
    return found


def _headers_above_page_one(pages: list[PdfPage], found: dict[tuple[int, int], str]) -> None:
    """A header that only later pages carry (Council documents have none on page 1) cannot
    repeat in a two-page document: position is the evidence. A top-band line wholly above
    the first line of page 1 is in the margin that page 1 leaves empty. A page-1 letterhead
    moves that line up, so the rule then finds nothing rather than too much."""
    if len(pages) < 2 or not pages[0].lines:
        return
    text_top = min(line.top for line in pages[0].lines)
    if text_top > BAND * pages[0].height:  # a title page: its text starts low
        return
    for page in pages[1:]:
        for line in page.lines[:2]:
            if (_band(line, page) == "top" and line.bottom < text_top - 2
                    and len(line.text) <= LONG_LINE):
                found.setdefault((page.number, line.number),
                                 "top margin line: above where the text starts on page 1")


def _extends(text: str, part: str) -> bool:
    """'bijlage i dg h #b nl' extends 'dg h #b nl': it starts or ends with it, word-wise."""
    return text.endswith(f" {part}") or text.startswith(f"{part} ")


def is_separator(text: str) -> bool:
    return bool(_SEPARATOR.match(text)) and any(ch in text for ch in "_-–—=*")


# ---------------------------------------------------------------- footnotes

def footnote_start(line: PdfLine) -> str:
    """The footnote number a line starts with ('' if none)."""
    if line.lead_mark:
        return line.lead_mark
    m = _FOOTNOTE_START.match(line.text)
    return m.group(1) if m else ""


def strip_footnote_start(line: PdfLine) -> str:
    if line.lead_mark:
        return line.text
    m = _FOOTNOTE_START.match(line.text)
    return line.text[m.end():].lstrip(" .)") if m else line.text


def _footnote_zone(lines: list[PdfLine], page: PdfPage, body_size: float,
                   continuing: bool) -> int:
    """Index in ``lines`` where the footnote zone starts (len(lines) when there is none)."""
    start = len(lines)
    while start > 0 and lines[start - 1].size <= SMALL * body_size:
        start -= 1
    if start < len(lines):  # a block of small print at the foot of the page
        first = lines[start]
        under_rule = any(first.top - 14 <= y <= first.top + 1 and (x1 - x0) < 0.6 * page.width
                         for y, x0, x1 in page.rules)
        if footnote_start(first) or under_rule or continuing:
            return start
        numbered = [i for i in range(start, len(lines)) if footnote_start(lines[i])]
        return numbered[0] if numbered else len(lines)
    # Footnotes in the body size: only under a short rule in the lower half, with a number.
    for y, x0, x1 in sorted(page.rules, reverse=True):
        if y < 0.5 * page.height or (x1 - x0) >= 0.6 * page.width:
            continue
        below = [i for i, line in enumerate(lines) if line.top >= y - 1]
        if below and footnote_start(lines[below[0]]):
            return below[0]
    return len(lines)


def _starts_new_footnote(line: PdfLine, previous_mark: str, first_in_zone: bool) -> str:
    """The mark if ``line`` begins a footnote: a superscript number always does; a plain
    number only as the zone's first line or as the next number (so '2007, blz. 29' does not)."""
    if line.lead_mark:
        return line.lead_mark
    mark = footnote_start(line)
    if not mark:
        return ""
    if first_in_zone or not previous_mark.isdigit() or not mark.isdigit():
        return mark
    return mark if int(mark) == int(previous_mark) + 1 else ""


def lay_out(pages: list[PdfPage]) -> list[PageLayout]:
    """Sort every line of every page into body, furniture and footnotes."""
    furniture = find_furniture(pages)
    body_size = body_font_size(pages)
    layouts: list[PageLayout] = []
    open_footnote = False
    for page in pages:
        layout = PageLayout(page)
        kept: list[PdfLine] = []
        for line in page.lines:
            why = furniture.get((page.number, line.number))
            if why:
                layout.furniture.append((line, why))
            else:
                kept.append(line)
        zone = _footnote_zone(kept, page, body_size, open_footnote)
        layout.body = kept[:zone]
        current: list[PdfLine] = []
        mark = ""
        continued = False
        for i, line in enumerate(kept[zone:]):
            new = _starts_new_footnote(line, mark, i == 0)
            if new:
                if current:
                    layout.footnotes.append(Footnote(mark, tuple(current), continued))
                mark, current, continued = new, [line], False
            elif not current:
                current, continued = [line], True  # runs on from the previous page
            else:
                current.append(line)
        if current:
            layout.footnotes.append(Footnote(mark, tuple(current), continued))
        open_footnote = bool(layout.footnotes)
        layouts.append(layout)
    return layouts
