"""Opening input files: refuse what is not text, pick the encoding, say which one was used.

Order: BOM (UTF-8, UTF-16 LE/BE, UTF-32), then strict UTF-8, then UTF-16 without BOM when the
NUL pattern says so, then cp1252 for legacy Windows exports. Anything else is an error that
names the file and the first bad line.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError

MAX_INPUT_BYTES = 512 * 1024 * 1024  # documented limit for whole-file readers

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES = (
    (b"%PDF-", "a PDF file; give the PDF itself to align (it reads .pdf) or its extracted text"),
    (b"PK\x03\x04", "a ZIP container (DOCX, XLSX or ODT?); give it with its real extension"),
    (b"\xd0\xcf\x11\xe0", "an old binary Office file (.doc/.xls); save it as .docx/.xlsx or text"),
    (b"{\\rtf", "an RTF file; save it as .docx or plain text"),
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    path: str


def check_readable_file(path: str | os.PathLike, max_bytes: int | None = MAX_INPUT_BYTES) -> Path:
    """The checks every reader starts with: exists, is a regular file, is readable, not empty,
    not above ``max_bytes`` (None: no limit, for readers that stream)."""
    p = Path(path)
    try:
        info = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError("no such file", str(p)) from None
    except OSError as err:  # name too long, symlink loop, permission on a parent directory...
        raise InputError(f"cannot open file: {err.strerror or err}", str(p)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a file", str(p))
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a device, pipe or socket); give a file", str(p))
    if not os.access(p, os.R_OK):
        raise InputError("file is not readable (permission denied)", str(p))
    size = info.st_size
    if size == 0:
        raise InputError("file is empty", str(p))
    if max_bytes is not None and size > max_bytes:
        raise InputError(f"file is larger than {max_bytes // (1024 * 1024)} MB; "
                         "split it or use a streaming format (TMX/XLIFF)", str(p))
    return p


def _bad_line(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _looks_utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> DecodedText:
    """Decode ``data`` or raise InputError naming ``path`` and the line of the first bad byte."""
    if encoding:
        try:
            return DecodedText(data.decode(encoding), encoding, path)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path) from None
        except UnicodeDecodeError as err:
            raise InputError(f"bytes that are not valid {encoding} (byte 0x{data[err.start]:02x})",
                             path, _bad_line(data, err.start)) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom):].decode(name.replace("-sig", "")), name, path)
            except UnicodeDecodeError as err:
                raise InputError(f"file starts with a {name} byte-order mark but has invalid "
                                 f"bytes at offset {err.start + len(bom)}", path) from None
    for sig, what in _SIGNATURES:
        if data.startswith(sig):
            raise InputError(f"this is {what}", path)
    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        try:
            return DecodedText(data.decode(utf16), utf16, path)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes); expected text", path)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"not UTF-8 (byte 0x{data[utf8_error.start]:02x}) and not cp1252 either; "
                         "save the file as UTF-8", path, _bad_line(data, utf8_error.start)) from None
    # cp1252 decodes almost anything; refuse text that is mostly control characters.
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError("binary file; expected text", path)
    return DecodedText(text, "cp1252", path)


def read_text(path: str | os.PathLike, encoding: str | None = None) -> DecodedText:
    """Read a whole text file with the checks and encoding choice above."""
    p = check_readable_file(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror}", str(p)) from None
    return decode_bytes(data, str(p), encoding)


def file_sha256(path: str | os.PathLike) -> str:
    """Checksum of a file's bytes, read in blocks (inputs and glossaries are named by it)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()
