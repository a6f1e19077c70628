"""One entry point for every input: look at the bytes, then the extension, then read.

Content wins over the extension (a TMX saved as .txt is still a TMX); the extension decides
only what the content cannot (CSV vs TSV vs text, or which reader reports a damaged file).
"""
from __future__ import annotations

import codecs
import importlib
import os
import re
import zipfile
from pathlib import Path

from align.errors import InputError
from align.io.encoding import check_readable_file
from align.io.langcodes import validate_lang
from align.model import Bitext, Document

FORMATS = ("tmx", "xliff", "xlsx", "csv", "tsv", "pdf", "docx", "text")
_EXTENSIONS = {
    ".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".mxliff": "xliff",
    ".xlsx": "xlsx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".pdf": "pdf", ".docx": "docx",
}
_NAME = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_HEAD_BYTES = 64 * 1024


def _head_text(head: bytes) -> str:
    """Enough of the file's start, decoded, to find a root element name."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="ignore")
    if head[:4] == b"<\x00?\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:4] == b"\x00<\x00?":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("latin-1")


def root_element_name(text: str) -> str | None:
    """Local name of the first element after the XML declaration, comments, PIs and DOCTYPE."""
    pos = 0
    while True:
        pos = text.find("<", pos)
        if pos < 0:
            return None
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            pos = end + 2 if end >= 0 else len(text)
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            pos = end + 3 if end >= 0 else len(text)
        elif text.startswith("<!", pos):
            bracket, close = text.find("[", pos), text.find(">", pos)
            if 0 <= bracket < close:
                end = text.find("]", bracket)
                close = text.find(">", end) if end >= 0 else -1
            pos = close + 1 if close >= 0 else len(text)
        else:
            match = _NAME.match(text, pos)
            return match.group(1) if match else None


def _zip_format(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise InputError("a ZIP archive that is neither an XLSX workbook nor a DOCX document",
                     str(path))


def detect_format(path: str | os.PathLike) -> str:
    """One of FORMATS: by content first (``%PDF-``, ZIP members, ``<tmx``/``<xliff``), then
    by extension, else ``text``."""
    p = check_readable_file(path)
    with open(p, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        found = _zip_format(p)
        if found:
            return found
    text = _head_text(head).lstrip()
    if text.startswith("<"):
        root = root_element_name(text)
        if root in ("tmx", "xliff"):
            return root
        if text.startswith("<?xml") and p.suffix.lower() not in _EXTENSIONS:
            raise InputError(f"an XML document with root <{root or '?'}>, neither TMX nor XLIFF "
                             "(align reads TMX 1.4 and XLIFF 1.2/2.x)", str(p))
    return _EXTENSIONS.get(p.suffix.lower(), "text")


def _lazy(module: str, function: str, what: str, path: str):
    try:
        return getattr(importlib.import_module(module), function)
    except ModuleNotFoundError as err:
        if err.name != module:
            raise
    except AttributeError:
        pass
    raise InputError(f"{what} input is not supported yet", path)


def read_input(path: str | os.PathLike, source_lang: str | None = None,
               target_lang: str | None = None, one_per_line: bool = False,
               encoding: str | None = None) -> Document | Bitext:
    """A Bitext for bilingual files (TMX, XLIFF, CSV/TSV, XLSX); a Document otherwise.

    For single documents ``source_lang`` is the document's language (None: detect).
    Raises UsageError for unknown language codes, InputError for unreadable input.
    """
    source_lang = validate_lang(source_lang, "source language")
    target_lang = validate_lang(target_lang, "target language")
    name = str(path)
    kind = detect_format(path)
    if kind == "tmx":
        from align.io.tmx import read_tmx
        return read_tmx(path, source_lang, target_lang)
    if kind == "xliff":
        from align.io.xliff import read_xliff
        return read_xliff(path, source_lang, target_lang)
    if kind == "xlsx":
        from align.io.tabular import read_xlsx
        return read_xlsx(path, source_lang, target_lang)
    if kind in ("csv", "tsv"):
        from align.io.tabular import read_csv
        return read_csv(path, source_lang, target_lang, encoding=encoding)
    if kind == "pdf":
        return _lazy("align.io.pdf", "read_pdf", "PDF", name)(path, lang=source_lang)
    if kind == "docx":
        return _lazy("align.io.docx", "read_docx", "DOCX", name)(path, lang=source_lang)
    read_plaintext = _lazy("align.io.plaintext", "read_plaintext", "plain-text", name)
    return read_plaintext(path, lang=source_lang, one_per_line=one_per_line, encoding=encoding)
