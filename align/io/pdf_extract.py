"""Text of a PDF as positioned lines per page, with clear errors for PDFs that have none.

pdfplumber (on pdfminer.six) is used because it gives every character with its font size
and position: the evidence for running headers/footers (position, repetition), footnotes
(small print at the foot of the page, under a rule) and superscript footnote marks.
"""
from __future__ import annotations

import logging
import os
import warnings
from contextlib import contextmanager
from pathlib import Path

from align.errors import InputError
from align.io.encoding import check_readable_file
from align.io.pdf_layout import PdfPage, PdfWord, group_lines

SCANNED = "no text layer: this looks like a scanned PDF; run OCR first"
MIN_IMAGE_SHARE = 0.3  # a page without text whose images cover this much of it is a scan


def _check_signature(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise InputError("not a PDF file (no %PDF- header)", str(path))
    if b"%%EOF" not in tail:
        raise InputError("truncated PDF (no %EOF end marker); download or export it again",
                         str(path))


def _open_error(err: BaseException, path: str) -> InputError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = err.args[0] if err.args and isinstance(err.args[0], BaseException) else err
    if isinstance(cause, PDFPasswordIncorrect):
        return InputError("encrypted PDF: it needs a password to open; "
                          "save an unprotected copy and give that", path)
    if isinstance(cause, PDFEncryptionError):
        return InputError(f"encrypted PDF that cannot be decrypted ({cause}); "
                          "save an unprotected copy and give that", path)
    detail = str(cause).strip().splitlines()[0][:120] if str(cause).strip() else type(cause).__name__
    return InputError(f"corrupt PDF: {detail}", path)


def _rules(page) -> tuple[tuple[float, float, float], ...]:
    """Horizontal strokes (footnote separators) as (y, x0, x1)."""
    found = []
    for edge in list(page.lines) + list(page.rects):
        height = abs(edge["bottom"] - edge["top"])
        width = abs(edge["x1"] - edge["x0"])
        if height <= 2 and width >= 20:
            found.append(((edge["top"] + edge["bottom"]) / 2, edge["x0"], edge["x1"]))
    return tuple(found)


def _image_share(page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for image in page.images:
        covered += abs(image["x1"] - image["x0"]) * abs(image["bottom"] - image["top"])
    return min(1.0, covered / area)


@contextmanager
def _quiet_pdfminer():
    """pdfminer logs repairs of damaged files as warnings; a library must not print them
    (only align/cli prints), and the reader reports what matters as InputError."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def extract_pages(path: str | os.PathLike) -> list[PdfPage]:
    """Every page's lines, top to bottom; InputError for anything that is not readable text."""
    p = check_readable_file(path)
    name = str(p)
    _check_signature(p)
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a broken install, not bad input
        raise InputError("reading PDF needs the pdfplumber package (pip install pdfplumber)",
                         name) from None
    pages: list[PdfPage] = []
    try:
        with _quiet_pdfminer():
            with pdfplumber.open(name) as pdf:
                for number, page in enumerate(pdf.pages, start=1):
                    pages.append(_read_page(page, number))
                    page.close()
    except InputError:
        raise
    except Exception as err:  # pdfminer raises many kinds for damaged files
        raise _open_error(err, name) from None
    if not pages:
        raise InputError("PDF has no pages", name)
    _check_text_layer(pages, name)
    return pages


def _unique_chars(chars: list[dict]) -> list[dict]:
    """Drop characters printed twice on (nearly) the same spot, as fake bold is made, which
    would read 'RRaadd'. Cheaper than pdfplumber's dedupe_chars, which compares every
    attribute of every pair."""
    placed: dict[tuple, list[float]] = {}
    out = []
    for char in chars:
        key = (char["text"], round(char["top"]), round(char["size"]))
        width = max(float(char["x1"]) - float(char["x0"]), 0.1)
        xs = placed.setdefault(key, [])
        if any(abs(char["x0"] - x) < 0.4 * width for x in xs):
            continue
        xs.append(char["x0"])
        out.append(char)
    return out


def _read_page(page, number: int) -> PdfPage:
    from pdfplumber.utils.text import extract_words

    words = extract_words(_unique_chars(page.chars), x_tolerance_ratio=0.2, y_tolerance=2,
                          keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    pdf_words = [PdfWord(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]),
                         float(w["bottom"]), float(w["size"]))
                 for w in words if w.get("upright", True) and w["text"].strip()]
    return PdfPage(number, float(page.width), float(page.height),
                   tuple(group_lines(pdf_words, number)), _rules(page), _image_share(page))


def _check_text_layer(pages: list[PdfPage], path: str) -> None:
    if all(not page.lines for page in pages):
        raise InputError(SCANNED, path)
    scanned = [page.number for page in pages
               if not page.lines and page.image_area >= MIN_IMAGE_SHARE]
    if scanned:
        listed = ", ".join(map(str, scanned[:10])) + (" ..." if len(scanned) > 10 else "")
        raise InputError(f"no text layer on page{'s' if len(scanned) > 1 else ''} {listed}: "
                         "scanned pages; run OCR first", path)
    words = [word for page in pages for line in page.lines for word in line.text.split()]
    undecodable = sum(1 for word in words if "(cid:" in word)
    if words and undecodable > 0.1 * len(words):
        raise InputError("the text layer cannot be decoded (fonts without a Unicode map); "
                         "export the PDF again or run OCR", path)
