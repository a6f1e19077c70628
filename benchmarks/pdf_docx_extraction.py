#!/usr/bin/env python3
"""Extraction figures of the PDF and DOCX readers on the seed laid out as Council documents.

Builds the test fixtures (needs the test extra: fpdf2) from corpora/council/st14186-07.nl.txt:
an 8-page PDF (running header, two-line footers, annex footer, superscript footnote mark,
small-print footnote under a rule, a hyphen over a page break) and a DOCX (metadata table,
header/footers, styles, footnote, tracked change, deleted paragraph mark, comment), optionally
repeated to N pages (--repeat) for speed. Prints: furniture found / laid out, body lines taken
for furniture, footnotes and marks, paragraphs equal to the plain-text reader's, seconds.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from align.io.docx import read_docx  # noqa: E402
from align.io.pdf import read_pdf  # noqa: E402
from align.io.plaintext import read_plaintext  # noqa: E402
from fixtures_pdfdocx.docx_builder import TrackedEdit, build_council_docx  # noqa: E402
from fixtures_pdfdocx.pdf_builder import build_council_pdf  # noqa: E402
from fixtures_pdfdocx.seed import SEED, SeedParts, seed_parts  # noqa: E402


def _timed(fn, *args, runs: int = 3, **kwargs):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="repeat the seed N times (speed)")
    args = parser.parse_args()
    seed_doc = read_plaintext(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        parts = seed_parts()
        if args.repeat > 1:
            parts = SeedParts(parts.body * args.repeat, parts.annex * args.repeat, parts.footnote,
                              parts.footnote_mark, parts.mark_line)
        fixture = build_council_pdf(Path(tmp) / "seed.pdf", parts)
        seconds, doc = _timed(read_pdf, fixture.path)
        furniture = [r for r in doc.removed if r.kind == "furniture" and r.detail != "separator line"]
        same = [(p.kind, p.text) for p in doc.paragraphs] == [(p.kind, p.text) for p in seed_doc.paragraphs]
        print(f"PDF  pages {fixture.pages}, text lines {fixture.body_lines}, "
              f"header/footer lines laid out {fixture.furniture_lines}, found {len(furniture)}")
        print(f"     footnotes {sum(p.kind == 'footnote' for p in doc.paragraphs)}, marks "
              f"{sum(r.kind == 'footnote-mark' for r in doc.removed)}, hyphens joined "
              f"{sum(r.kind == 'hyphen-joined' for r in doc.removed)}, kept "
              f"{sum(r.kind == 'hyphen-kept' for r in doc.removed)}")
        print(f"     paragraphs {len(doc.paragraphs)}, segments {len(doc.segments)}, identical to "
              f"plain-text reader: {same if args.repeat == 1 else 'n/a (repeated)'}")
        print(f"     {seconds:.2f} s ({seconds / fixture.pages:.3f} s/page, best of 3)")

        body = [(p.kind, p.text[2:] if p.text.startswith("· ") else p.text)
                for p in seed_doc.paragraphs if p.kind != "footnote"] * args.repeat
        note = next(p.text for p in seed_doc.paragraphs if p.kind == "footnote")
        path = Path(tmp) / "seed.docx"
        build_council_docx(path, body, footnote_anchor="Deskundigengroep mensenhandel",
                           footnote_text=note, table=[("Betreft:", "mensenhandel")],
                           edit=TrackedEdit("Het Coreper", "verzocht", "gevraagd"),
                           split_paragraph_start="Herhalend dat", comment_on="Porto, 9th")
        seconds, doc = _timed(read_docx, path)
        print(f"DOCX paragraphs {len(doc.paragraphs)} (footnotes "
              f"{sum(p.kind == 'footnote' for p in doc.paragraphs)}), segments {len(doc.segments)}, "
              f"furniture {sum(r.kind == 'furniture' for r in doc.removed)}, {seconds:.3f} s")


if __name__ == "__main__":
    main()
