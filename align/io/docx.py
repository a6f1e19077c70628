"""Word (.docx) input: ``read_docx(path, lang=None, view="accepted") -> Document``.

Body paragraphs and table cells in reading order, numbered as Word's paragraphs are
(``Origin(file, n, n, unit="paragraph")``, tables included, empty paragraphs counted), so a
reviser can find them; footnotes and endnotes as ``Paragraph(kind="footnote")`` linked from
the paragraph that references them (``Origin(file, n, n, unit="footnote")``); headers and
footers recorded as furniture, never in the text; comments ignored. Tracked changes: the
accepted view by default (insertions kept, deletions dropped), ``view="original"`` for the
text before the changes.
"""
from __future__ import annotations

import os

from align.errors import InputError
from align.io.langcodes import validate_lang
from align.io.docx_extract import VIEWS, DocxContent, extract_docx
from align.io.layout_document import Block, build_document
from align.model import Document, Origin, Removed

__all__ = ["read_docx", "VIEWS"]


def read_docx(path: str | os.PathLike, lang: str | None = None,
              view: str = "accepted") -> Document:
    name = str(path)
    forced = validate_lang(lang)
    content = extract_docx(path, view)
    if not any(para.text for para in content.paragraphs):
        raise InputError("no text: the document body has no paragraph with text", name)
    return document_from_docx(content, name, forced, view)


def document_from_docx(content: DocxContent, path: str, lang: str | None,
                       view: str = "accepted") -> Document:
    # Notes are numbered as Word shows them: in the order the body first refers to them.
    numbers: dict[tuple[str, str], int] = {}
    for para in content.paragraphs:
        for ref in para.notes:
            if ref in content.notes and ref not in numbers:
                numbers[ref] = 1 + sum(1 for (part, _id) in numbers if part == ref[0])
    body: list[Block] = []
    for para in content.paragraphs:
        origin = Origin(path, para.number, para.last_number, unit="paragraph")
        refs = tuple(f"{part}:{note_id}" for part, note_id in para.notes)
        body.append(Block(f"body:{para.number}", para.text, para.kind, origin, refs))
    notes: list[Block] = []
    removed: list[Removed] = []
    for (part, note_id), note in content.notes.items():
        number = numbers.get((part, note_id))
        if number is None:
            if note.text:
                removed.append(Removed("footnote", note.text, Origin(path, 0, 0, unit=part),
                                       f"{part} {note_id} is not referenced from the body"))
            continue
        notes.append(Block(f"{part}:{note_id}", note.text, "footnote",
                           Origin(path, number, number, unit=part)))
    for where, text in content.furniture:
        section = int(where.split()[1])
        removed.append(Removed("furniture", text, Origin(path, section, section, unit="section"),
                               where))
    meta = (("format", "docx"), ("view", view),
            ("tracked-insertions", str(content.tracked.get("insertions", 0))),
            ("tracked-deletions", str(content.tracked.get("deletions", 0))),
            ("table-paragraphs", str(sum(1 for p in content.paragraphs if p.in_table and p.text))))
    return build_document(path, body, notes, removed, lang, meta)
