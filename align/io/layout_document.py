"""A Document from paragraphs that a layout reader (DOCX) found itself.

Same shape as the plain-text and PDF readers (``align.io.plaintext.document_from_normalized``),
so documents of every format align with each other: paragraph ids ``p1``, ``p2``... in
document order, each footnote right after the paragraph that first refers to it, sentence ids
``p12.s2``, each paragraph's language detected and smoothed over its neighbours unless forced.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from align.model import Document, Origin, Paragraph, Removed, Segment
from align.text import language as langid
from align.text.segment import split_sentences


@dataclass(frozen=True)
class Block:
    """One paragraph as the reader found it. ``key`` names footnotes so that body blocks can
    refer to them in ``footnotes`` before their ids are known."""

    key: str
    text: str
    kind: str
    origin: Origin
    footnotes: tuple[str, ...] = ()


def build_document(path: str, body: Sequence[Block], notes: Sequence[Block],
                   removed: Sequence[Removed], lang: str | None,
                   meta: Sequence[tuple[str, str]] = (), encoding: str = "utf-8") -> Document:
    """``body`` in reading order; ``notes`` are placed after the first body block citing
    them (notes nobody cites go at the end)."""
    by_key = {note.key: note for note in notes if note.text}
    ordered: list[Block] = []
    placed: set[str] = set()
    for block in body:
        if not block.text:
            continue
        ordered.append(block)
        for key in block.footnotes:
            if key in by_key and key not in placed:
                ordered.append(by_key[key])
                placed.add(key)
    ordered.extend(note for key, note in by_key.items() if key not in placed)

    ids = {block.key: f"p{index + 1}" for index, block in enumerate(ordered)}
    langs = [lang or langid.detect_language(block.text) for block in ordered]
    if not lang:
        langs = langid.smooth_languages(langs)
    paragraphs: list[Paragraph] = []
    segments: list[Segment] = []
    for index, (block, code) in enumerate(zip(ordered, langs)):
        pid = f"p{index + 1}"
        linked = tuple(dict.fromkeys(ids[key] for key in block.footnotes if key in ids))
        paragraphs.append(Paragraph(pid, block.text, code, block.origin, block.kind, linked))
        spans = split_sentences(block.text, code if code != langid.UNDETERMINED else "und")
        for k, (start, end) in enumerate(spans, start=1):
            segments.append(Segment(f"{pid}.s{k}", block.text[start:end], code, block.origin,
                                    index))
    doc_lang = lang or langid.dominant_language([(p.lang, len(p.text)) for p in paragraphs])
    return Document(path, doc_lang, tuple(segments), tuple(paragraphs), tuple(removed),
                    encoding, tuple(meta))
