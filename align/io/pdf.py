"""PDF input: ``read_pdf(path, lang=None) -> Document``.

Lines come out of the PDF with their page, position and font size (``pdf_extract``); the
layout rules (``pdf_layout``) use that evidence to set running headers/footers apart as
furniture and footnotes apart as footnotes, and take superscript footnote marks out of the
text. The body lines then go through the same normaliser as plain text
(``align.text.normalize``: paragraphs, line-end hyphens with evidence), so a PDF and its
extracted text give the same paragraphs. Every paragraph and sentence has an
``Origin(file, first line, last line, page=N)``: lines are counted on the page, top to bottom,
furniture included, as a reviser counts them on paper.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from statistics import median
from typing import Sequence

from align.errors import InputError
from align.io.langcodes import validate_lang
from align.io.pdf_extract import extract_pages
from align.io.pdf_layout import PageLayout, PdfLine, is_separator, lay_out, strip_footnote_start
from align.model import Document, Origin, Removed
from align.text import language as langid
from align.text.normalize import NormalizedText, SourceLine, TextParagraph, normalize_lines

__all__ = ["read_pdf", "assemble", "body_source_lines"]

PARAGRAPH_GAP = 1.6  # a gap this many times the usual line spacing starts a paragraph


def _usual_spacing(layouts: Sequence[PageLayout]) -> float:
    steps = []
    for layout in layouts:
        for above, below in zip(layout.body, layout.body[1:]):
            if abs(above.size - below.size) < 0.5:
                steps.append(below.top - above.top)
    return median(steps) if steps else 0.0


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def confirmed_marks(layouts: Sequence[PageLayout]) -> set[tuple[int, str]]:
    """(page, mark) of superscripts that a footnote on the same page answers."""
    return {(layout.page.number, note.mark) for layout in layouts for note in layout.footnotes
            if note.mark and not note.continued_from_previous_page}


def line_text(line: PdfLine, confirmed: set[tuple[int, str]]) -> str:
    """The line as the body reads it: footnote marks out, other superscripts (10⁶, m²) back in."""
    text = line.text
    for offset, mark in sorted(line.marks, reverse=True):
        if (line.page, mark) not in confirmed:
            text = text[:offset] + mark.translate(_SUPERSCRIPT) + text[offset:]
    return text


def body_source_lines(layouts: Sequence[PageLayout]) -> list[SourceLine]:
    """Body and furniture lines in page order, with the reader's evidence as roles."""
    spacing = _usual_spacing(layouts)
    confirmed = confirmed_marks(layouts)
    out: list[SourceLine] = []
    for layout in layouts:
        furniture = {line.number: why for line, why in layout.furniture}
        body = {line.number for line in layout.body}
        previous: PdfLine | None = None
        for line in layout.page.lines:
            if line.number in furniture:
                out.append(SourceLine(line.text, line.number, line.page, "furniture",
                                      furniture[line.number]))
                continue
            if line.number not in body:
                continue
            role = None
            if is_separator(line.text):
                role, note = "furniture", "separator line"
                out.append(SourceLine(line.text, line.number, line.page, role, note))
                continue
            if previous is not None and spacing and line.top - previous.top > PARAGRAPH_GAP * spacing:
                role = "break"
            out.append(SourceLine(line_text(line, confirmed), line.number, line.page, role))
            previous = line
    return out


@dataclass
class _NoteLines:
    mark: str
    page: int
    lines: list[PdfLine]


def _footnote_groups(layouts: Sequence[PageLayout]) -> list[_NoteLines]:
    groups: list[_NoteLines] = []
    for layout in layouts:
        for note in layout.footnotes:
            if note.continued_from_previous_page and groups:
                groups[-1].lines.extend(note.lines)
            else:
                groups.append(_NoteLines(note.mark, layout.page.number, list(note.lines)))
    return groups


def _normalize_note(group: _NoteLines, path: str, lang: str | None,
                    removed: list[Removed]) -> TextParagraph:
    """One footnote's lines joined like any paragraph (hyphens decided, with records)."""
    lines = [SourceLine(strip_footnote_start(line) if k == 0 else line.text, line.number,
                        line.page, "body") for k, line in enumerate(group.lines)]
    norm = normalize_lines(lines, path, lang)
    removed.extend(r for r in norm.removed if r.kind != "furniture")
    text, line_map = "", []
    for par in norm.paragraphs:
        if text:
            text += " "
        line_map.extend((offset + len(text), line, page) for offset, line, page in par.line_map)
        text += par.text
    first, last = group.lines[0], group.lines[-1]
    note_lang = lang or langid.detect_language(text)
    return TextParagraph(text, "footnote", note_lang, first.number,
                         last.number if last.page == first.page else first.number,
                         first.page, tuple(line_map), label=group.mark)


def _owner(paragraphs: Sequence[TextParagraph], page: int, line: int) -> int | None:
    for index, par in enumerate(paragraphs):
        if any(run_line == line and run_page == page for _o, run_line, run_page in par.line_map):
            return index
    return None


def _last_on_page(paragraphs: Sequence[TextParagraph], page: int) -> int | None:
    found = None
    for index, par in enumerate(paragraphs):
        if any(run_page is not None and run_page <= page for _o, _l, run_page in par.line_map):
            found = index
    return found


def assemble(layouts: Sequence[PageLayout], path: str, lang: str | None) -> NormalizedText:
    """Body paragraphs from the normaliser, footnotes placed after the paragraph holding
    their mark (as the plain-text reader does), all records in page order."""
    body = normalize_lines(body_source_lines(layouts), path, lang)
    paragraphs = list(body.paragraphs)
    removed = list(body.removed)
    marks: dict[tuple[int, str], tuple[int, int]] = {}  # (page, mark) -> (page, line)
    confirmed = confirmed_marks(layouts)
    for layout in layouts:
        for line in layout.body:
            for offset, mark in line.marks:
                if (line.page, mark) not in confirmed:
                    continue
                before = line.text[:offset].split()
                marks.setdefault((line.page, mark), (line.page, line.number))
                removed.append(Removed(
                    "footnote-mark", mark, Origin(path, line.number, line.number, line.page),
                    f"superscript mark of footnote {mark}" + (f", after '{before[-1]}'" if before else "")))
    placed: dict[int, list[TextParagraph]] = {}
    labels: dict[int, list[str]] = {}
    for group in _footnote_groups(layouts):
        note = _normalize_note(group, path, lang, removed)
        at = marks.get((group.page, group.mark))
        owner = _owner(paragraphs, *at) if at else None
        where = f"its mark is on page {at[0]}, line {at[1]}" if at else "no mark found in the body"
        if owner is None:
            owner = _last_on_page(paragraphs, group.page)
        else:
            labels.setdefault(owner, []).append(group.mark)
        first, last = group.lines[0], group.lines[-1]
        removed.append(Removed("footnote", group.mark or note.text[:40],
                               Origin(path, first.number, last.number if last.page == first.page
                                      else first.number, first.page),
                               f"footnote {group.mark or '(unnumbered)'} moved out of the body; {where}"))
        placed.setdefault(-1 if owner is None else owner, []).append(note)
    ordered: list[TextParagraph] = list(placed.get(-1, []))
    for index, par in enumerate(paragraphs):
        if index in labels:
            par = replace(par, footnote_labels=par.footnote_labels + tuple(labels[index]))
        ordered.append(par)
        ordered.extend(placed.get(index, []))
    removed.sort(key=lambda r: (r.origin.page or 0, r.origin.line_start, r.origin.line_end))
    return NormalizedText(path, body.layout, tuple(ordered), tuple(removed))


def read_pdf(path: str | os.PathLike, lang: str | None = None) -> Document:
    """Read a PDF with a text layer; ``lang`` forces the language of every paragraph."""
    from align.io.plaintext import document_from_normalized

    forced = validate_lang(lang)
    name = str(path)
    pages = extract_pages(path)
    layouts = lay_out(pages)
    norm = assemble(layouts, name, forced)
    if not any(par.kind != "footnote" for par in norm.paragraphs):
        raise InputError("no text left after removing page furniture", name)
    doc = document_from_normalized(norm, meta=(("format", "pdf"), ("pages", str(len(pages))),
                                               ("pdf-library", _library())))
    return page_aware_origins(doc, norm)


def _page_origin(path: str, par: TextParagraph, start: int, end: int) -> Origin:
    """Where text[start:end] starts, to its last line on that same page: an Origin has one
    page, and a line number of the next page would read as a line of this one."""
    runs = par.line_map
    first = max((run for run in runs if run[0] <= start), key=lambda run: run[0], default=runs[0])
    last_line = first[1]
    for offset, line, page in runs:
        if first[0] <= offset < end and page == first[2]:
            last_line = max(last_line, line)
    return Origin(path, first[1], last_line, first[2])


def page_aware_origins(doc: Document, norm: NormalizedText) -> Document:
    """Origins of paragraphs, sentences and records that run onto the next page, kept on
    the page where they start (the shared builder takes the last line from the next page)."""
    from align.text.segment import split_sentences

    by_paragraph: dict[int, list[int]] = {}
    for k, seg in enumerate(doc.segments):
        by_paragraph.setdefault(seg.paragraph, []).append(k)
    segments = list(doc.segments)
    paragraphs = list(doc.paragraphs)
    for index, par in enumerate(norm.paragraphs):
        paragraphs[index] = replace(paragraphs[index],
                                    origin=_page_origin(doc.path, par, 0, len(par.text)))
        members = by_paragraph.get(index, [])
        lang = par.lang if par.lang != langid.UNDETERMINED else "und"
        spans = split_sentences(par.text, lang)
        if len(spans) != len(members):
            continue
        for k, (start, end) in zip(members, spans):
            if segments[k].text == par.text[start:end]:
                segments[k] = replace(segments[k], origin=_page_origin(doc.path, par, start, end))
    removed = []
    for record in doc.removed:
        origin = record.origin
        if origin.line_end < origin.line_start:  # a hyphen split over a page break
            record = replace(record, origin=replace(origin, line_end=origin.line_start),
                             detail=record.detail + "; the word continues on the next page")
        removed.append(record)
    return replace(doc, segments=tuple(segments), paragraphs=tuple(paragraphs),
                   removed=tuple(removed))


def _library() -> str:
    try:
        import pdfplumber

        return f"pdfplumber {pdfplumber.__version__}"
    except (ImportError, AttributeError):  # pragma: no cover
        return "pdfplumber"

