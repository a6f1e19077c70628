"""Parsing untrusted XML (TMX, XLIFF) without letting the file do anything but be read.

lxml runs with entity resolution, DTD loading and network access off and the default size
limits on. A DOCTYPE that only names an external DTD (DGT's ``<!DOCTYPE tmx SYSTEM
"tmx14.dtd">``) parses; one whose internal subset declares any entity (billion laughs,
``file:///etc/passwd``) is refused before its content is used. Nothing from an entity's
value ever reaches a message. Parse errors become one-line InputErrors with the line.
"""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Iterator

from lxml import etree

from align.errors import InputError
from align.io.encoding import check_readable_file

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENTITY_REFUSAL = ("the document type declaration defines entities; align never expands "
                  "XML entities (protection against entity bombs and external-entity reads)")

_WHITESPACE = re.compile(r"[ \t\r\n]+")
_POSITION_SUFFIX = re.compile(r",?\s*line \d+, column \d+\s*(\(.*\))?\s*$")


def local_name(tag: object) -> str:
    """``{urn:...}source`` -> ``source``; comments/PIs/entities (non-str tags) -> ``""``."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def collapse_whitespace(text: str) -> str:
    """XML layout whitespace (space, tab, CR, LF runs) -> one space; NBSP and thin spaces stay."""
    if "  " not in text and "\n" not in text and "\t" not in text and "\r" not in text:
        return text.strip()  # nothing to collapse (most segments): skip the regex
    return _WHITESPACE.sub(" ", text).strip()


def check_xml_file(path: str | os.PathLike) -> Path:
    """Exists, is a readable non-empty regular file. No size limit: XML readers stream."""
    return check_readable_file(path, max_bytes=None)


_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def declared_encoding(path: str | os.PathLike) -> str:
    """The file's encoding as the parser will see it: BOM first, then the XML declaration."""
    with open(path, "rb") as handle:
        head = handle.read(256)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
    match = _DECLARED.match(head)
    return match.group(1).decode("ascii").lower() if match else "utf-8"


def _refuse_entities(element: etree._Element, path: str) -> None:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(ENTITY_REFUSAL, path)


# libxml2's safety limits (huge_tree off), said in the user's terms rather than libxml2's.
MAX_XML_TEXT_CHARS = 10_000_000
MAX_XML_DEPTH = 256
_LIMIT_MESSAGES = (
    ("text node too long", f"a text longer than {MAX_XML_TEXT_CHARS:,} characters in one element "
                           "(align's limit for XML input; is the file damaged?)"),
    ("excessive depth", f"elements nested more than {MAX_XML_DEPTH} levels deep (align's limit for "
                        "XML input; is the file damaged?)"),
    ("huge input lookup", "a name or value beyond the XML parser's size limits (align's limit for "
                          "XML input; is the file damaged?)"),
)


def syntax_error(err: etree.XMLSyntaxError, path: str) -> InputError:
    """One line naming the first real parser error (iterparse's own message is often generic)."""
    message, line, column = str(err.msg or err), err.lineno or None, None
    if err.position and err.position[1]:
        column = err.position[1]
    errors = [entry for entry in err.error_log if entry.level >= etree.ErrorLevels.ERROR]
    # lxml's log can hold other parses' entries: prefer this file's, then any.
    ours = [entry for entry in errors if entry.filename == path] or errors
    if ours:
        message, line, column = ours[0].message, ours[0].line or line, ours[0].column or None
    lowered = message.lower()
    if "entity" in lowered and ("amplification" in lowered or "loop" in lowered
                                or "declared" in lowered or "external" in lowered):
        return InputError(ENTITY_REFUSAL, path, line)
    for needle, plain in _LIMIT_MESSAGES:
        if needle in lowered:
            return InputError(plain, path, line)
    message = _POSITION_SUFFIX.sub("", message).strip()
    detail = message[:200] + (f" (column {column})" if column else "")
    return InputError(f"malformed XML: {detail}", path, line)


def safe_iterparse(path: str | os.PathLike, events: tuple[str, ...] = ("start", "end"),
                   tag: str | None = None) -> Iterator[tuple[str, etree._Element]]:
    """``lxml.etree.iterparse`` with every dangerous feature off; yields (event, element).

    Reads the raw bytes, so the XML declaration / BOM decides the encoding (UTF-16 TMX works).
    Callers should ``clear()`` elements they are done with to keep memory flat. ``tag``
    (e.g. ``"{*}tu"``) lets the parser itself skip every other element's events: a TMX
    has ten elements per unit, and a Python loop over their events costs more than the parse.
    """
    p = check_xml_file(path)
    name = str(p)
    etree.clear_error_log()
    try:
        # Opened here (not by lxml) so the file is closed however the parse ends: refusal,
        # syntax error, or a consumer that stops early.
        with open(p, "rb") as handle:
            context = etree.iterparse(
                handle, events=events, resolve_entities=False, no_network=True, load_dtd=False,
                dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True,
                **({"tag": tag} if tag else {}),
            )
            first = True
            for event, element in context:
                if first:
                    first = False
                    _refuse_entities(element, name)
                yield event, element
    except etree.XMLSyntaxError as err:
        raise syntax_error(err, name) from None
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}", name) from None


def inline_text(element: etree._Element | None, drop: frozenset[str] = frozenset(),
                code_points: frozenset[str] = frozenset(), path: str | None = None) -> str:
    """The text of a segment element with inline markup removed, whitespace collapsed.

    ``drop``: inline elements whose content is native code (TMX/XLIFF ``bpt``, ``ph``...):
    their content is left out, the text after them kept. Other inline elements (``hi``,
    ``g``, ``mrk``, ``pc``) keep their text. ``code_points``: elements standing for one
    character by a ``hex`` attribute (XLIFF 2 ``cp``).
    """
    if element is None:
        return ""
    parts: list[str] = []
    try:
        _collect(element, drop, code_points, parts)
    except InputError as err:
        if err.path is None:  # name the file: a message without it is no help
            err.path = path
        raise
    return collapse_whitespace("".join(parts))


def _collect(element: etree._Element, drop: frozenset[str], code_points: frozenset[str],
             parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child, etree._Entity):
            # Only reachable if a declared entity slipped past the DOCTYPE check: never expand.
            raise InputError(f"an entity reference &{str(child.name)[:40]}; (declared in an external DTD "
                             "or not at all); align never expands XML entities: replace it with its text",
                             None, child.sourceline)
        name = local_name(child.tag)
        if name in code_points:
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                pass
        elif name and name not in drop:
            _collect(child, drop, code_points, parts)
        if child.tail:
            parts.append(child.tail)


def release(element: etree._Element) -> None:
    """Free a processed element and the already-processed siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
