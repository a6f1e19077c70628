"""Glossary readers: CSV, TSV, XLSX (same columns) and TBX (TBX-Basic, IATE exports).

Each returns the file's rows as :class:`RawRow`; nothing here validates beyond what is needed
to read (that is :func:`align.terms.rows.build_concepts`). XML is parsed with entities,
DTD loading and network access switched off.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from align.errors import GlossaryError, InputError
from align.io.encoding import check_readable_file, read_text
from align.io.tabular import check_xlsx_zip
from align.terms.rows import COLUMNS, REQUIRED, RawRow

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".xlsx": "xlsx", ".tbx": "tbx",
           ".xml": "tbx"}
_HEADER_ALIASES = {"id": "concept_id", "concept": "concept_id", "language": "lang", "language_code": "lang",
                   "text": "term", "case": "case_sensitive", "context": "note", "reason": "note",
                   "preferred": "replacement", "use_instead": "replacement"}


def glossary_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise GlossaryError(f"unknown glossary format {suffix or '(no extension)'!r} "
                            "(use .csv, .tsv, .xlsx or .tbx)", str(path))
    return fmt


def read_rows(path: str | Path) -> list[RawRow]:
    fmt = glossary_format(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    if fmt == "tbx":
        return _read_tbx(path)
    return _read_delimited(path, "\t" if fmt == "tsv" else None)


def _columns(header: list[str], path: str, line: int, unit: str) -> dict[str, int]:
    names = [(_HEADER_ALIASES.get(h.strip().lower(), h.strip().lower())) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise GlossaryError(f"header lacks column(s) {', '.join(missing)}; expected columns: "
                            f"{', '.join(COLUMNS)}", path, line, unit)
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in index and name:
            raise GlossaryError(f"column {name!r} appears twice in the header", path, line, unit)
        if name:
            index[name] = i
    return index


def _row_from(values: list[str], index: dict[str, int], line: int, unit: str) -> RawRow:
    def get(name: str) -> str:
        i = index.get(name)
        if i is None or i >= len(values) or values[i] is None:
            return ""
        return str(values[i]).strip()

    extra = {k: get(k) for k in index if k not in COLUMNS}
    return RawRow(**{c: get(c) for c in COLUMNS}, line=line, unit=unit, extra=extra)


def _read_delimited(path: str | Path, delimiter: str | None) -> list[RawRow]:
    decoded = read_text(path)
    text = decoded.text
    lines = text.splitlines(keepends=True)
    body_start = 0
    while body_start < len(lines) and (not lines[body_start].strip() or lines[body_start].lstrip().startswith("#")):
        body_start += 1
    if body_start == len(lines):
        raise GlossaryError("no header row (expected columns: " + ", ".join(COLUMNS) + ")", str(path))
    if delimiter is None:
        header_line = lines[body_start]
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO("".join(lines[body_start:])), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    index: dict[str, int] | None = None
    try:
        start_line = reader.line_num + 1
        for values in reader:
            line = body_start + start_line
            start_line = reader.line_num + 1
            if index is None:
                index = _columns(values, str(path), line, "line")
                continue
            if not any(v.strip() for v in values) or values[0].lstrip().startswith("#"):
                continue
            rows.append(_row_from(values, index, line, "line"))
    except csv.Error as exc:  # name the line the bad record starts on (an unterminated quote's line)
        what = "unterminated quoted field" if "unexpected end of data" in str(exc) else str(exc)
        raise GlossaryError(f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {what}", str(path),
                            body_start + start_line) from None
    return rows


def _sheet_rows(sheet, path: str):
    """Rows of values; a damaged sheet part (bad XML, bad cell) is an InputError, not a crash."""
    try:
        yield from sheet.iter_rows(values_only=True)
    except Exception as exc:  # ParseError, KeyError, ValueError... from openpyxl's reader
        raise InputError(f"cannot read XLSX sheet '{sheet.title}': {type(exc).__name__}: "
                         f"{str(exc)[:150]}", path) from None


def _read_xlsx(path: str | Path) -> list[RawRow]:
    check_readable_file(path)
    check_xlsx_zip(path)  # not a ZIP, not a workbook, zip bomb: refused before openpyxl inflates anything
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(f"cannot read XLSX: {type(exc).__name__}: {exc}", str(path)) from None
    try:
        if not book.worksheets:
            raise GlossaryError("the workbook has no worksheet", str(path))
        sheet = book.worksheets[0]
        rows: list[RawRow] = []
        index: dict[str, int] | None = None
        for n, values in enumerate(_sheet_rows(sheet, str(path)), start=1):
            cells = ["" if v is None else str(v) for v in values]
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if index is None:
                index = _columns(cells, str(path), n, "row")
                continue
            rows.append(_row_from(cells, index, n, "row"))
        if index is None:
            raise GlossaryError("the first sheet has no header row", str(path))
        return rows
    finally:
        book.close()


# -- TBX --------------------------------------------------------------------------------------
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _typed(el, kinds: tuple[str, ...], types: tuple[str, ...]) -> list:
    """Descendants such as <termNote type="administrativeStatus"> (also inside *Grp wrappers)."""
    return [d for d in el.iter() if _local(d.tag) in kinds and (d.get("type") or "") in types]


# IATE reliability (1 not verified .. 4 very reliable) is not a usage status: every code stays approved.
_IATE_STATUS = {"1": "admitted", "2": "admitted", "3": "preferred", "4": "preferred"}


def _read_tbx(path: str | Path) -> list[RawRow]:
    check_readable_file(path)
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        raise GlossaryError(f"malformed TBX: {exc.msg if hasattr(exc, 'msg') else exc}", str(path), line) from None
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    if not entries:
        raise GlossaryError("no termEntry/conceptEntry elements: not a TBX glossary", str(path),
                            root.sourceline)
    rows: list[RawRow] = []
    for n, entry in enumerate(entries, start=1):
        cid = entry.get("id") or ""
        domain = next((_text(d) for d in _typed(entry, ("descrip",), ("subjectField",))
                       if d.getparent() is entry or _local(d.getparent().tag) == "descripGrp"), "")
        entry_note = next((_text(d) for d in _children(entry, "note")), "")
        entry_source = next((_text(d) for d in entry.iter() if _local(d.tag) == "admin"
                             and d.get("type") == "source"), "") or Path(path).name
        lang_sets = [c for c in entry if _local(c.tag) == "langSet"]
        if not lang_sets:
            rows.append(RawRow(cid, "", "", line=entry.sourceline, unit="line", extra={"entry": n}))
            continue
        for lang_set in lang_sets:
            lang = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            groups = [c for c in lang_set if _local(c.tag) in ("tig", "ntig", "termSec")]
            if not groups:
                rows.append(RawRow(cid, lang, "", line=lang_set.sourceline, extra={"entry": n}))
                continue
            for group in groups:
                term_el = next((d for d in group.iter() if _local(d.tag) == "term"), None)
                term = _text(term_el) if term_el is not None else ""
                status = ""
                admin = _typed(group, ("termNote",), ("administrativeStatus",))
                norm = _typed(group, ("termNote", "descrip"), ("normativeAuthorization",))
                if admin:
                    status = _text(admin[0])
                elif norm:
                    status = _text(norm[0])
                else:
                    rel = _typed(group, ("descrip", "termNote"), ("reliabilityCode",))
                    status = _IATE_STATUS.get(_text(rel[0]), "") if rel else ""
                cs = _typed(group, ("termNote",), ("x-caseSensitive", "caseSensitive"))
                repl = _typed(group, ("termNote", "descrip"), ("x-replacement", "replacement"))
                notes = [_text(d) for d in group.iter() if _local(d.tag) == "note"]
                notes += [_text(d) for d in _typed(group, ("descrip",), ("context", "usageNote"))
                          if _local(d.tag) == "descrip" and d.get("type") == "usageNote"]
                sev = _typed(group, ("termNote",), ("x-severity",))
                rows.append(RawRow(
                    concept_id=cid, lang=lang, term=term, status=status or "preferred",
                    case_sensitive=_text(cs[0]) if cs else "", replacement=_text(repl[0]) if repl else "",
                    note=" ".join(x for x in notes if x) or entry_note, domain=domain,
                    source=entry_source, severity=_text(sev[0]) if sev else "",
                    line=(term_el if term_el is not None else group).sourceline, unit="line",
                    extra={"entry": n}))
    return rows
