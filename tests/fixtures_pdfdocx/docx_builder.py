"""Council-style DOCX files written with python-docx, plus the parts it cannot write itself
(footnotes, tracked changes), added as the OOXML that Word writes."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
STYLES = {"heading": "Heading 1", "title": "Title", "bullet": "List Bullet", "body": None,
          "list": "List Number"}


@dataclass(frozen=True)
class TrackedEdit:
    """In the paragraph starting with ``paragraph_start``: ``inserted`` (present in the seed
    text) is marked as an insertion and ``deleted`` is put back before it as a deletion."""

    paragraph_start: str
    inserted: str
    deleted: str


@dataclass(frozen=True)
class DocxFixture:
    path: Path
    paragraphs: int  # w:p written in the body (tables included)
    table_cells: int
    footnote_anchor: str


def _footnotes_part(document, notes: Sequence[str]) -> None:
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:footnotes xmlns:w="{W_NS}">'
           f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           f'<w:continuationSeparator/></w:r></w:p></w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footnote_reference(paragraph, after: str, note_id: int) -> None:
    """Split the paragraph's text after ``after`` and put a footnote reference there."""
    text = paragraph.text
    at = text.index(after) + len(after)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.add_run(text[:at])
    ref = paragraph.add_run()
    ref._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="{note_id}"/>'))
    ref.font.superscript = True
    paragraph.add_run(text[at:])


def _tracked(paragraph, edit: TrackedEdit) -> None:
    text = paragraph.text
    at = text.index(edit.inserted)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.add_run(text[:at])
    attrs = f'xmlns:w="{W_NS}" w:id="{{}}" w:author="GS" w:date="2007-11-09T10:00:00Z"'
    deletion = parse_xml(f'<w:del {attrs.format(901)}><w:r><w:delText xml:space="preserve">'
                         f'{_esc(edit.deleted)}</w:delText></w:r></w:del>')
    insertion = parse_xml(f'<w:ins {attrs.format(902)}><w:r><w:t xml:space="preserve">'
                          f'{_esc(edit.inserted)}</w:t></w:r></w:ins>')
    paragraph._p.append(deletion)
    paragraph._p.append(insertion)
    paragraph.add_run(text[at + len(edit.inserted):])


def _delete_mark(paragraph) -> None:
    """Mark the paragraph's own mark as deleted: in the accepted view it joins the next."""
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr xmlns:w="{W_NS}"><w:del w:id="903" w:author="GS" '
        f'w:date="2007-11-09T10:00:00Z"/></w:rPr>'))


def build_council_docx(path: Path, paragraphs: Sequence[tuple[str, str]], *,
                       footnote_anchor: str, footnote_text: str,
                       table: Sequence[tuple[str, str]] = (),
                       edit: TrackedEdit | None = None,
                       split_paragraph_start: str = "",
                       comment_on: str = "",
                       annex_title: str = "BIJLAGE I") -> DocxFixture:
    """``paragraphs``: (kind, text). The annex (from ``annex_title``) gets its own section
    with the annex footer, as in the Council's documents."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "14186/07 CRIMORG 156 MIGR 106"
    section.footer.paragraphs[0].text = "14186/07 GS/np\tDG H 2B\tNL"
    written = 0
    cells = 0
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for row, (left, right) in zip(grid.rows, table):
            row.cells[0].text, row.cells[1].text = left, right
            cells += 2
            written += 2
    for kind, text in paragraphs:
        if text == annex_title:
            new = document.add_section()
            new.footer.is_linked_to_previous = False
            new.footer.paragraphs[0].text = "14186/07 GS/np\tBIJLAGE I DG H 2B\tNL"
            written += 1  # python-docx ends the previous section with its own w:p
        pieces = [text]
        if split_paragraph_start and text.startswith(split_paragraph_start):
            words = text.split(" ")
            pieces = [" ".join(words[:6]) + " ", " ".join(words[6:])]
        for k, piece in enumerate(pieces):
            paragraph = document.add_paragraph(piece, style=STYLES.get(kind))
            written += 1
            if k < len(pieces) - 1:
                _delete_mark(paragraph)
            if footnote_anchor and footnote_anchor in piece:
                _footnote_reference(paragraph, footnote_anchor, 1)
            if edit and piece.startswith(edit.paragraph_start):
                _tracked(paragraph, edit)
            if comment_on and comment_on in piece:
                document.add_comment(paragraph.runs[0], text="Nagaan: vertaling?",
                                     author="GS", initials="GS")
    _footnotes_part(document, [footnote_text])
    document.save(str(path))
    return DocxFixture(path, written, cells, footnote_anchor)
