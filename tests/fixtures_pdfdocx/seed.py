"""The seed document split into what a publisher would lay out: body lines, the footnote,
and the annex, with the seed's own page furniture taken out (the builders add their own)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "corpora" / "council" / "st14186-07.nl.txt"

SEED_FURNITURE = re.compile(r"^(\d{5}/\d{2} [A-Z]{2}/[a-z]{2} \d+|BIJLAGE I DG H 2B NL)$")
FOOTNOTE_FIRST = "1 Opgericht bij Besluit van de Commissie"
MARK_CONTEXT = "Deskundigengroep mensenhandel 1 is opgericht"
ANNEX_TITLE = "BIJLAGE I"


@dataclass(frozen=True)
class SeedParts:
    body: tuple[str, ...]  # Dutch conclusions, one hard-wrapped line each
    annex: tuple[str, ...]  # Annex I (English), starting with its title line
    footnote: tuple[str, ...]  # the footnote's lines, without its number
    footnote_mark: str  # "1"
    mark_line: int  # index in ``body`` of the line holding the footnote mark


def seed_parts() -> SeedParts:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not SEED_FURNITURE.match(line)]
    first = next(i for i, line in enumerate(lines) if line.startswith(FOOTNOTE_FIRST))
    footnote = (lines[first][2:], lines[first + 1])
    del lines[first:first + 2]
    annex_at = lines.index(ANNEX_TITLE)
    body, annex = lines[:annex_at], lines[annex_at:]
    mark_line = next(i for i, line in enumerate(body) if MARK_CONTEXT in line)
    return SeedParts(tuple(body), tuple(annex), footnote, "1", mark_line)
