"""The text of a Word document as a reviser sees it: body paragraphs (tables cell by cell),
footnotes and endnotes apart and linked, headers and footers apart, tracked changes resolved.

python-docx opens and validates the package and gives styles, numbering and sections; the
paragraph walk is done on the XML itself because python-docx skips text inside ``w:ins`` and
has no footnotes. Footnote parts are parsed with lxml with entities, DTDs and network off.
"""
from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from align.errors import InputError, UsageError
from align.io.docx_numbering import Numbering
from align.io.encoding import check_readable_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VIEWS = ("accepted", "original")
MAX_PART_BYTES = 256 * 1024 * 1024  # an unpacked XML part larger than this is refused
MAX_RATIO = 200  # and so is one that unpacks to more than this many times its packed size

_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                               dtd_validation=False, huge_tree=False, remove_comments=True,
                               remove_pis=True)

# Elements whose content is never reading text: properties, field codes, comments, drawings
# (text boxes are a known gap), the footnote's own number, ruby annotations.
_SKIP = frozenset({
    "pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "instrText", "delInstrText",
    "commentReference", "commentRangeStart", "commentRangeEnd", "annotationRef",
    "drawing", "pict", "object", "AlternateContent", "footnoteRef", "endnoteRef",
    "separator", "continuationSeparator", "rt", "bookmarkStart", "bookmarkEnd", "proofErr",
    "lastRenderedPageBreak", "fldChar", "permStart", "permEnd",
})


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class DocxParagraph:
    number: int  # 1-based position among all w:p of the body (tables included)
    last_number: int
    text: str
    kind: str  # body | heading | title | list | bullet
    notes: list[tuple[str, str]] = field(default_factory=list)  # (part, note id) in order
    in_table: bool = False


@dataclass
class DocxNote:
    part: str  # "footnote" | "endnote"
    id: str
    text: str


@dataclass
class DocxContent:
    paragraphs: list[DocxParagraph]
    notes: dict[tuple[str, str], DocxNote]
    furniture: list[tuple[str, str]]  # (where, text): headers and footers
    tracked: dict[str, int]  # counts of insertions/deletions seen


# ---------------------------------------------------------------- opening

def _refuse_non_zip(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("a password-protected or old binary Word file (.doc); "
                         "save an unprotected .docx copy and give that", str(path))
    if head.startswith(b"%PDF-"):
        raise InputError("this is a PDF file with a .docx name; give it a .pdf extension",
                         str(path))
    raise InputError("not a DOCX file (not a ZIP container)", str(path))


def _check_zip(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        _refuse_non_zip(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for info in archive.infolist():
                if info.file_size > MAX_PART_BYTES or (
                        info.compress_size and info.file_size > 1024 * 1024
                        and info.file_size / info.compress_size > MAX_RATIO):
                    raise InputError(f"part {info.filename} unpacks to {info.file_size} bytes; "
                                     "refused (ZIP bomb protection)", str(path))
            bad = archive.testzip()
            for name in sorted(names):
                if name.endswith((".xml", ".rels")):
                    with archive.open(name) as member:
                        prolog = member.read(4096)
                    if b"<!DOCTYPE" in prolog or b"<\x00!\x00D\x00O\x00C" in prolog:
                        raise InputError(f"part {name} has a document type declaration, which "
                                         "Word never writes; refused (align never expands XML "
                                         "entities)", str(path))
    except zipfile.BadZipFile as err:
        raise InputError(f"corrupt or truncated DOCX (bad ZIP: {err})", str(path)) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as err:
        raise InputError(f"corrupt or truncated DOCX ({err})", str(path)) from None
    if bad:
        raise InputError(f"corrupt DOCX: part {bad} is damaged", str(path))
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        kind = ("an XLSX workbook" if any(n.startswith("xl/") for n in names) else
                "a PPTX presentation" if any(n.startswith("ppt/") for n in names) else
                "an OpenDocument file" if "mimetype" in names else "a ZIP archive")
        raise InputError(f"{kind}, not a Word document (no word/ part)", str(path))


def _find_malformed_part(path: Path) -> InputError | None:
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            try:
                etree.fromstring(archive.read(name), _SAFE_PARSER)
            except etree.XMLSyntaxError as err:
                message = str(err.msg or err).split(", line ")[0][:160]
                where = f"{name} line {err.lineno}" if err.lineno else name
                return InputError(f"malformed XML in {where}: {message}", str(path))
    return None


def open_docx(path: str | os.PathLike):
    """python-docx Document, or InputError with what is wrong with the file."""
    p = check_readable_file(path)
    _check_zip(p)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(p))
    except etree.XMLSyntaxError:
        raise (_find_malformed_part(p) or InputError("malformed XML in the DOCX", str(p))) from None
    except PackageNotFoundError:
        raise InputError("not a Word document (no main document part)", str(p)) from None
    except ValueError as err:
        if "not a Word file" in str(err):
            raise InputError("a ZIP package that is not a Word document "
                             f"({str(err).split('content type is ')[-1]})", str(p)) from None
        raise InputError(f"corrupt DOCX ({err})", str(p)) from None
    except (KeyError, zipfile.BadZipFile, EOFError, zlib.error) as err:
        raise InputError(f"corrupt DOCX: missing or damaged part ({err})", str(p)) from None
    except Exception as err:  # python-docx trips over packages it does not expect
        detail = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
        raise InputError(f"not a valid Word package ({detail})", str(p)) from None


# ---------------------------------------------------------------- inline text

class _Walker:
    """Text of paragraphs in one tracked-changes view, collecting note references."""

    def __init__(self, view: str) -> None:
        if view not in VIEWS:
            raise UsageError(f"unknown view {view!r}: use 'accepted' or 'original'")
        self.view = view
        self.tracked = {"insertions": 0, "deletions": 0}

    def paragraph(self, p: etree._Element) -> tuple[str, list[tuple[int, str, str]]]:
        parts: list[str] = []
        notes: list[tuple[int, str, str]] = []
        self._inline(p, parts, notes)
        return "".join(parts), notes

    def _inline(self, element: etree._Element, parts: list[str],
                notes: list[tuple[int, str, str]]) -> None:
        for child in element:
            name = _local(child.tag)
            if not name or name in _SKIP or name == "p":
                continue
            if name in ("ins", "moveTo"):
                self.tracked["insertions"] += 1
                if self.view == "original":
                    continue
            elif name in ("del", "moveFrom"):
                self.tracked["deletions"] += 1
                if self.view == "accepted":
                    continue
            if name == "r" and _hidden(child):
                continue
            if name in ("t", "delText"):
                parts.append(child.text or "")
            elif name in ("tab", "ptab"):
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "softHyphen":
                continue
            elif name == "sym":
                code = child.get(w("char"), "")
                try:
                    char = chr(int(code, 16))
                except ValueError:
                    continue
                if not 0xF000 <= ord(char) <= 0xF0FF:  # symbol-font private-use glyphs
                    parts.append(char)
            elif name in ("footnoteReference", "endnoteReference"):
                note_id = child.get(w("id"), "")
                notes.append((len("".join(parts)), name.replace("Reference", ""), note_id))
            else:
                self._inline(child, parts, notes)

    def mark_change(self, p: etree._Element) -> str:
        """'merge' when this paragraph's mark is gone in the view (joins the next one)."""
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        if mark is None:
            return ""
        if mark.find(w("del")) is not None:
            self.tracked["deletions"] += 1
            return "merge" if self.view == "accepted" else ""
        if mark.find(w("ins")) is not None:
            self.tracked["insertions"] += 1
            return "merge" if self.view == "original" else ""
        return ""

    def row_hidden(self, tr: etree._Element) -> bool:
        props = tr.find(w("trPr"))
        if props is None:
            return False
        if props.find(w("del")) is not None:
            return self.view == "accepted"
        if props.find(w("ins")) is not None:
            return self.view == "original"
        return False


def _hidden(run: etree._Element) -> bool:
    """Hidden text (w:vanish) is not printed, so it is not part of what is translated."""
    props = run.find(w("rPr"))
    if props is None:
        return False
    for name in ("vanish", "specVanish"):
        flag = props.find(w(name))
        if flag is not None and flag.get(w("val"), "true") not in ("false", "0", "off"):
            return True
    return False


def clean_text(text: str) -> str:
    """Tabs, line breaks and runs of spaces -> one space (NBSP stays: it is meaningful)."""
    return _LAYOUT_SPACE.sub(" ", text).strip(" ")


# ---------------------------------------------------------------- paragraph kinds

def _style_names(document) -> dict[str, str]:
    names = {}
    try:
        for style in document.styles:
            if style.style_id:
                names[style.style_id] = (style.name or style.style_id).casefold()
    except (KeyError, ValueError, AttributeError):
        pass
    return names


def _numbering(document) -> Numbering:
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    try:
        styles = document.part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        styles = None
    return Numbering(numbering, styles)


def _kind(p: etree._Element, styles: dict[str, str], list_kind: str) -> str:
    if list_kind:
        return list_kind
    props = p.find(w("pPr"))
    style = ""
    if props is not None:
        ref = props.find(w("pStyle"))
        if ref is not None:
            style = styles.get(ref.get(w("val"), ""), ref.get(w("val"), "").casefold())
    if style == "title":
        return "title"
    if style.startswith("heading"):
        return "heading"
    if "list bullet" in style:
        return "bullet"
    if "list number" in style:
        return "list"
    return "body"


# ---------------------------------------------------------------- the whole document

def _notes(document, walker: _Walker, path: str) -> dict[tuple[str, str], DocxNote]:
    found: dict[tuple[str, str], DocxNote] = {}
    for rel in document.part.rels.values():
        part = rel.reltype.rsplit("/", 1)[-1]
        if part not in ("footnotes", "endnotes") or rel.is_external:
            continue
        name = str(rel.target_part.partname).lstrip("/")
        try:
            root = etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
        except etree.XMLSyntaxError as err:
            message = str(err.msg or err).split(", line ")[0][:160]
            raise InputError(f"malformed XML in {name} line {err.lineno}: {message}", path) from None
        kind = part[:-1]
        for note in root.findall(w(kind)):
            if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = [clean_text(walker.paragraph(p)[0]) for p in note.iter(w("p"))]
            found[(kind, note.get(w("id"), ""))] = DocxNote(kind, note.get(w("id"), ""),
                                                          " ".join(t for t in texts if t))
    return found


def _furniture(document, walker: _Walker) -> list[tuple[str, str]]:
    found = []
    for number, section in enumerate(document.sections, start=1):
        for attr, label in (("header", "header"), ("first_page_header", "first-page header"),
                            ("even_page_header", "even-page header"), ("footer", "footer"),
                            ("first_page_footer", "first-page footer"),
                            ("even_page_footer", "even-page footer")):
            try:
                part = getattr(section, attr)
                if part.is_linked_to_previous:
                    continue
                element = part._element
            except (KeyError, ValueError, AttributeError, NotImplementedError):
                continue
            for p in element.iter(w("p")):
                text = clean_text(walker.paragraph(p)[0])
                if text:
                    found.append((f"section {number} {label}", text))
    return found


def _children(element: etree._Element, name: str):
    """Direct children called ``name``, looking through content-control wrappers."""
    for child in element:
        local = _local(child.tag)
        if local == name:
            yield child
        elif local in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, name)


def _paragraph_elements(container: etree._Element, walker: _Walker, hidden: bool = False):
    """(w:p, where) in reading order; where is 'body', 'table' or 'hidden' (a tracked row
    that does not exist in this view)."""
    for child in container:
        name = _local(child.tag)
        if name == "p":
            yield child, "hidden" if hidden else "body"
        elif name == "tbl":
            for tr in _children(child, "tr"):
                row_hidden = hidden or walker.row_hidden(tr)
                for tc in _children(tr, "tc"):
                    for p, where in _paragraph_elements(tc, walker, row_hidden):
                        yield p, "hidden" if where == "hidden" else "table"
        elif name in ("sdt", "sdtContent", "customXml", "ins", "del", "moveTo", "moveFrom"):
            yield from _paragraph_elements(child, walker, hidden)


def extract_docx(path: str | os.PathLike, view: str = "accepted") -> DocxContent:
    walker = _Walker(view)
    document = open_docx(path)
    name = str(path)
    styles = _style_names(document)
    body = document.element.find(w("body"))
    if body is None:
        root = document.element.tag if isinstance(document.element.tag, str) else ""
        if "purl.oclc.org/ooxml" in root:
            raise InputError("a Strict Open XML document, which align does not read; save it "
                             "as a regular Word document (.docx)", name)
        raise InputError("word/document.xml has no body (w:body)", name)
    numbering = _numbering(document)
    paragraphs: list[DocxParagraph] = []
    pending: DocxParagraph | None = None  # a paragraph whose mark is gone in this view
    number = 0
    for p, where in _paragraph_elements(body, walker):
        number += 1
        raw, refs = walker.paragraph(p)
        if where == "hidden":
            continue
        notes = [(part, note_id) for _offset, part, note_id in refs]
        if pending is not None:
            para = DocxParagraph(pending.number, number, pending.text + raw, pending.kind,
                                 pending.notes + notes, pending.in_table)
        else:
            list_kind, label = numbering.advance(p)
            if label:  # Word's automatic number, as the reader sees it ("1.", "(a)")
                raw = f"{label} {raw}"
            para = DocxParagraph(number, number, raw, _kind(p, styles, list_kind), notes,
                                 where == "table")
        if walker.mark_change(p) == "merge" and where == "body":
            pending = para
            continue
        pending = None
        para.text = clean_text(para.text)
        paragraphs.append(para)
    if pending is not None:
        pending.text = clean_text(pending.text)
        paragraphs.append(pending)
    notes = _notes(document, walker, name)
    furniture = _furniture(document, walker)
    return DocxContent(paragraphs, notes, furniture, dict(walker.tracked))
