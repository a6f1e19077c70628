"""Council-style PDFs from the seed text, written with fpdf2's core Helvetica font.

The core fonts need no font file: fpdf2 writes them with WinAnsiEncoding (windows-1252),
which has every character of the seed (ë ï ’ “ ” – · º ´), so the tests run on any machine.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from .seed import SeedParts, seed_parts

BODY_SIZE = 10.0
LEADING = 13.0
FOOTNOTE_SIZE = 8.0
MARK_SIZE = 6.5
MARK_RISE = 3.5
LEFT = 57.0
RIGHT = 538.0
BODY_TOP = 90.0
FOOTER_Y = 800.0
LINES_PER_PAGE = 30


@dataclass(frozen=True)
class PdfFixture:
    path: Path
    pages: int
    body_lines: int  # seed lines laid out (body and annex)
    furniture_lines: int  # header and footer lines written
    hyphen_page_break: int  # page whose last line ends in a hyphen (0 if none)
    mark_page: int  # where the superscript footnote mark is
    mark_line: int  # its line on the page (the running header, when there is one, is line 1)
    footnote_lines: int


def _new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, 40)
    return pdf


def _pages(lines: tuple[str, ...], break_on_hyphen: bool) -> list[list[int]]:
    """Line indexes per page; the first page ends on a hyphenated line when asked."""
    pages: list[list[int]] = []
    i = 0
    while i < len(lines):
        size = LINES_PER_PAGE
        if break_on_hyphen and not pages:
            ends = [k for k in range(LINES_PER_PAGE - 8, LINES_PER_PAGE) if lines[k].endswith("-")]
            size = ends[-1] + 1
        pages.append(list(range(i, min(i + size, len(lines)))))
        i += size
    return pages


def _footer(pdf: FPDF, page: int, annex: bool, doc_number: str) -> int:
    pdf.set_font("Helvetica", size=9)
    pdf.text(LEFT, FOOTER_Y, doc_number)
    pdf.text(290, FOOTER_Y, "GS/np")
    pdf.text(RIGHT - pdf.get_string_width(str(page)), FOOTER_Y, str(page))
    if annex:
        pdf.text(LEFT, FOOTER_Y + 12, "BIJLAGE I")
    pdf.text(290, FOOTER_Y + 12, "DG H 2B")
    pdf.text(RIGHT - pdf.get_string_width("NL"), FOOTER_Y + 12, "NL")
    lines = 2
    if page > 1:
        pdf.text(RIGHT - pdf.get_string_width(doc_number + " CRIMORG 156 MIGR 106"), 45,
                 doc_number + " CRIMORG 156 MIGR 106")
        lines += 1
    return lines


def _body_line(pdf: FPDF, y: float, text: str, mark: str, mark_after: str) -> None:
    pdf.set_font("Helvetica", size=BODY_SIZE)
    if not mark:
        pdf.text(LEFT, y, text)
        return
    at = text.index(mark_after) + len(mark_after)
    head, tail = text[:at], text[at:]
    tail = tail[len(f" {mark}"):]  # the seed's inline " 1" becomes a superscript
    pdf.text(LEFT, y, head)
    x = LEFT + pdf.get_string_width(head)
    pdf.set_font("Helvetica", size=MARK_SIZE)
    pdf.text(x, y - MARK_RISE, mark)
    x += pdf.get_string_width(mark)
    pdf.set_font("Helvetica", size=BODY_SIZE)
    pdf.text(x, y, tail)


def _footnote(pdf: FPDF, mark: str, lines: tuple[str, ...]) -> None:
    y = 720.0
    pdf.set_line_width(0.5)
    pdf.line(LEFT, y - 12, LEFT + 144, y - 12)
    for k, text in enumerate(lines):
        x = LEFT
        if k == 0:
            pdf.set_font("Helvetica", size=MARK_SIZE)
            pdf.text(x, y - 2.5, mark)
            x += pdf.get_string_width(mark) + 2
        pdf.set_font("Helvetica", size=FOOTNOTE_SIZE)
        pdf.text(x, y, text)
        y += 10


def build_council_pdf(path: Path, parts: SeedParts | None = None,
                      doc_number: str = "14186/07") -> PdfFixture:
    """The seed as an 8-page Council PDF (4 pages of conclusions, 4 of Annex I)."""
    parts = parts or seed_parts()
    pdf = _new_pdf()
    page_no = 0
    furniture = 0
    hyphen_break = 0
    mark_at = (0, 0)
    for section, annex in ((parts.body, False), (parts.annex, True)):
        for indexes in _pages(section, break_on_hyphen=not annex):
            pdf.add_page()
            page_no += 1
            furniture += _footer(pdf, page_no, annex, doc_number)
            for row, i in enumerate(indexes):
                has_mark = not annex and i == parts.mark_line
                _body_line(pdf, BODY_TOP + row * LEADING, section[i],
                           parts.footnote_mark if has_mark else "",
                           "Deskundigengroep mensenhandel")
                if has_mark:
                    _footnote(pdf, parts.footnote_mark, parts.footnote)
                    mark_at = (page_no, row + 1 + (1 if page_no > 1 else 0))
            if section[indexes[-1]].endswith("-") and not hyphen_break:
                hyphen_break = page_no
    pdf.output(str(path))
    return PdfFixture(path, page_no, len(parts.body) + len(parts.annex), furniture, hyphen_break,
                      mark_at[0], mark_at[1], len(parts.footnote))


def widest_line(parts: SeedParts | None = None) -> float:
    parts = parts or seed_parts()
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=BODY_SIZE)
    return max(pdf.get_string_width(line) for line in parts.body + parts.annex)


def build_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages that are only a picture, as a scanner makes them (no text layer)."""
    pdf = _new_pdf()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(_scan_image(), x=0, y=0, w=595.28, h=841.89)
    pdf.output(str(path))
    return path


def _scan_image() -> io.BytesIO:
    """A grey page with dark bars where the lines of text would be."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(image)
    for row in range(60, 780, 14):
        draw.rectangle((57, row, 530, row + 6), fill=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def build_small_pdf(path: Path, lines: list[str], owner_password: str | None = None,
                    user_password: str | None = None, scanned_pages: int = 0) -> Path:
    """A one-page PDF with the given lines (optionally encrypted, optionally followed by
    pages that are only a scanned picture)."""
    pdf = _new_pdf()
    if owner_password:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=BODY_SIZE)
    for row, text in enumerate(lines):
        pdf.text(LEFT, BODY_TOP + row * LEADING, text)
    for _ in range(scanned_pages):
        pdf.add_page()
        pdf.image(_scan_image(), x=0, y=0, w=595.28, h=841.89)
    pdf.output(str(path))
    return path


def build_spaced_pdf(path: Path, paragraphs: list[str], width: float = 300.0,
                     gap: float = 9.0) -> Path:
    """Paragraphs word-wrapped (no hyphens) with extra space between them, as most
    publishers set them: the space, not the punctuation, tells where a paragraph ends."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=BODY_SIZE)
    y = BODY_TOP
    for text in paragraphs:
        line = ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if line and pdf.get_string_width(candidate) > width:
                pdf.text(LEFT, y, line)
                y += LEADING
                line = word
            else:
                line = candidate
        pdf.text(LEFT, y, line)
        y += LEADING + gap
    pdf.output(str(path))
    return path


def build_two_footnote_pdf(path: Path, body: list[list[str]],
                           marks: list[tuple[int, int, str, str]],
                           notes: list[list[tuple[str, str]]]) -> Path:
    """Pages of ``body`` lines; ``marks``: (page, row, word the mark follows, mark);
    ``notes`` per page: (mark or "" for a line that runs on, text) at the foot of the page."""
    pdf = _new_pdf()
    for page_index, lines in enumerate(body):
        pdf.add_page()
        _footer(pdf, page_index + 1, False, "14186/07")
        for row, text in enumerate(lines):
            mark = next(((after, m) for p, r, after, m in marks
                         if p == page_index + 1 and r == row), None)
            if mark:
                after, label = mark
                marked = text.replace(after, f"{after} {label}", 1)
                _body_line(pdf, BODY_TOP + row * LEADING, marked, label, after)
            else:
                _body_line(pdf, BODY_TOP + row * LEADING, text, "", "")
        y = 700.0
        if notes[page_index]:
            pdf.set_line_width(0.5)
            pdf.line(LEFT, y - 12, LEFT + 144, y - 12)
        for label, text in notes[page_index]:
            x = LEFT
            if label:
                pdf.set_font("Helvetica", size=MARK_SIZE)
                pdf.text(x, y - 2.5, label)
                x += pdf.get_string_width(label) + 2
            pdf.set_font("Helvetica", size=FOOTNOTE_SIZE)
            pdf.text(x, y, text)
            y += 10
    pdf.output(str(path))
    return path


def build_positioned_words_pdf(path: Path, lines: list[str], gap: float) -> Path:
    """Each word drawn on its own at its position, with no space characters between them,
    as many PDF producers (and justified text) do; ``gap`` is the space between words."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=BODY_SIZE)
    for row, text in enumerate(lines):
        x = LEFT
        for word in text.split():
            pdf.text(x, BODY_TOP + row * LEADING, word)
            x += pdf.get_string_width(word) + gap
    pdf.output(str(path))
    return path
