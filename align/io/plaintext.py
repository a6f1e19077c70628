"""Reading a plain-text document (typically the text of a Council PDF) into a ``Document``.

``read_plaintext(path)`` decodes the file (``align.io.encoding.read_text``: BOM, UTF-8,
UTF-16, cp1252; the choice is kept in ``Document.encoding``), rebuilds paragraphs with
``align.text.normalize`` (furniture, hyphens, footnotes; everything taken out is in
``Document.removed``), identifies the language of each paragraph and splits it into sentences.
Paragraph ids are ``p1``, ``p2``...; sentence ids ``p12.s2``; every paragraph and sentence has
the file and the 1-based line range it came from.

With ``one_per_line=True`` the file is taken as already segmented (one sentence per line, as in
a sentence-aligned corpus): each non-empty line is one paragraph and one segment, id
``l<line>``, nothing is joined or removed.
"""
from __future__ import annotations

import os
from typing import Sequence

from align.errors import InputError, UsageError
from align.io.encoding import read_text
from align.model import Document, Origin, Paragraph, Segment
from align.text import language as langid
from align.text.normalize import NormalizedText, SourceLine, lines_from_text, normalize_lines
from align.text.segment import split_sentences


def _check_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    code = lang.strip().lower()
    if code not in langid.supported_languages():
        raise UsageError(f"unknown language {lang!r} (supported: {', '.join(langid.supported_languages())})")
    return code


def document_from_normalized(norm: NormalizedText, encoding: str = "utf-8",
                             meta: Sequence[tuple[str, str]] = ()) -> Document:
    """Paragraphs, sentences and removal records as a ``Document`` (any reader can use this)."""
    paragraphs: list[Paragraph] = []
    segments: list[Segment] = []
    footnote_ids = {par.label: f"p{i + 1}" for i, par in enumerate(norm.paragraphs) if par.kind == "footnote"}
    for index, par in enumerate(norm.paragraphs):
        pid = f"p{index + 1}"
        seg_lang = par.lang
        paragraphs.append(Paragraph(pid, par.text, par.lang, par.origin(norm.path), par.kind,
                                    tuple(footnote_ids[label] for label in par.footnote_labels
                                          if label in footnote_ids)))
        spans = split_sentences(par.text, seg_lang if seg_lang != langid.UNDETERMINED else "und")
        for k, (start, end) in enumerate(spans, start=1):
            segments.append(Segment(f"{pid}.s{k}", par.text[start:end], seg_lang,
                                    par.origin(norm.path, start, end), index))
    lang = langid.dominant_language([(p.lang, len(p.text)) for p in paragraphs])
    return Document(norm.path, lang, tuple(segments), tuple(paragraphs), norm.removed, encoding,
                    (("layout", norm.layout),) + tuple(meta))


def _one_per_line(lines: Sequence[SourceLine], path: str, lang: str | None, encoding: str) -> Document:
    kept = [ln for ln in lines if ln.text.strip()]
    texts = [" ".join(ln.text.split()) for ln in kept]
    langs = [lang or langid.detect_language(t) for t in texts]
    if not lang:
        langs = langid.smooth_languages(langs)
    paragraphs = []
    segments = []
    for index, (ln, text, code) in enumerate(zip(kept, texts, langs)):
        origin = Origin(path, ln.line, ln.line, ln.page)
        paragraphs.append(Paragraph(f"l{ln.line}", text, code, origin))
        segments.append(Segment(f"l{ln.line}", text, code, origin, index))
    doc_lang = langid.dominant_language([(p.lang, len(p.text)) for p in paragraphs])
    return Document(path, doc_lang, tuple(segments), tuple(paragraphs), (), encoding,
                    (("layout", "one-per-line"),))


def read_plaintext(path: str | os.PathLike, lang: str | None = None, one_per_line: bool = False,
                   encoding: str | None = None) -> Document:
    """Read a plain-text document; ``lang`` forces the language of every paragraph."""
    forced = _check_lang(lang)
    decoded = read_text(path, encoding)
    lines = lines_from_text(decoded.text)
    if not any(ln.text.strip() for ln in lines):
        raise InputError("no text: the file holds only whitespace", decoded.path)
    if one_per_line:
        return _one_per_line(lines, decoded.path, forced, decoded.encoding)
    norm = normalize_lines(lines, decoded.path, forced)
    if not norm.paragraphs:
        raise InputError("no text left after removing page furniture", decoded.path)
    return document_from_normalized(norm, decoded.encoding)
