"""One translation unit of a bilingual file, and the Bitext built from a stream of them.

TMX, XLIFF and table readers all yield ``Unit``s, so a consumer that cannot hold a whole
translation memory in memory can stream units, and the whole-file readers share one builder.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from align.model import Bitext, Document, Link, Origin, Segment


@dataclass(frozen=True)
class Unit:
    """Both sides of one TU / trans-unit / table row; a missing side is ``None``."""

    id: str
    source_text: str | None
    target_text: str | None
    source_line: int | None
    target_line: int | None
    meta: tuple[tuple[str, str], ...] = ()  # TMX <prop>/<note>, XLIFF <note>


def bitext_from_units(units: Iterable[Unit], path: str, source_lang: str, target_lang: str,
                      *, unit: str = "line", encoding: str = "utf-8",
                      source_meta: tuple[tuple[str, str], ...] = (),
                      target_meta: tuple[tuple[str, str], ...] = ()) -> Bitext:
    """Each unit becomes one link (1-1, 1-0 or 0-1) with confidence 1.0: the file's own alignment."""
    source: list[Segment] = []
    target: list[Segment] = []
    links: list[Link] = []
    for item in units:
        src_idx: tuple[int, ...] = ()
        tgt_idx: tuple[int, ...] = ()
        if item.source_text is not None:
            line = item.source_line or 0
            source.append(Segment(item.id, item.source_text, source_lang,
                                  Origin(path, line, line, unit=unit)))
            src_idx = (len(source) - 1,)
        if item.target_text is not None:
            line = item.target_line or 0
            target.append(Segment(item.id, item.target_text, target_lang,
                                  Origin(path, line, line, unit=unit)))
            tgt_idx = (len(target) - 1,)
        if src_idx or tgt_idx:
            links.append(Link(src_idx, tgt_idx, 1.0))
    return Bitext(
        Document(path, source_lang, tuple(source), encoding=encoding, meta=source_meta),
        Document(path, target_lang, tuple(target), encoding=encoding, meta=target_meta),
        tuple(links),
    )
