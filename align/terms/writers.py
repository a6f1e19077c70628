"""Glossary writers for ``align glossary convert``: CSV, TSV, XLSX and TBX (TBX-Basic shape).

Every writer takes Concepts and returns bytes; the caller writes them atomically. What the
TBX standard has no slot for (case sensitivity, replacement, severity) goes in ``x-``
termNotes that the TBX reader reads back, so a round trip keeps everything.
"""
from __future__ import annotations

import csv
import io
from typing import Sequence

from align.model import Concept, Term, TermStatus
from align.terms.rows import COLUMNS

_ADMIN = {TermStatus.PREFERRED: "preferredTerm-admn-sts", TermStatus.ADMITTED: "admittedTerm-admn-sts",
          TermStatus.DEPRECATED: "deprecatedTerm-admn-sts", TermStatus.FORBIDDEN: "forbiddenTerm-admn-sts"}


def _row(concept: Concept, lang: str, term: Term, first: bool) -> list[str]:
    return [concept.id, lang, term.text, term.status.value, "yes" if term.case_sensitive else "",
            term.replacement, term.note, concept.domain if first else "", concept.source if first else "",
            term.severity]


def _rows(concepts: Sequence[Concept]):
    for concept in concepts:
        first = True
        for lang, terms in concept.terms.items():
            for term in terms:
                yield _row(concept, lang, term, first)
                first = False


def to_delimited(concepts: Sequence[Concept], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _rows(concepts):
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def to_xlsx(concepts: Sequence[Concept]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "glossary"
    sheet.append(list(COLUMNS))
    for row in _rows(concepts):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def to_tbx(concepts: Sequence[Concept]) -> bytes:
    from lxml import etree

    xml_ns = "http://www.w3.org/XML/1998/namespace"
    root = etree.Element("martif", type="TBX-Basic")
    root.set(f"{{{xml_ns}}}lang", "en")
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = "Written by align glossary convert"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in concepts:
        entry = etree.SubElement(body, "termEntry", id=concept.id)
        if concept.domain:
            etree.SubElement(entry, "descrip", type="subjectField").text = concept.domain
        if concept.source:
            etree.SubElement(entry, "admin", type="source").text = concept.source
        for lang, terms in concept.terms.items():
            lang_set = etree.SubElement(entry, "langSet")
            lang_set.set(f"{{{xml_ns}}}lang", lang)
            for term in terms:
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = term.text
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = _ADMIN[term.status]
                if term.case_sensitive:
                    etree.SubElement(tig, "termNote", type="x-caseSensitive").text = "yes"
                if term.replacement:
                    etree.SubElement(tig, "termNote", type="x-replacement").text = term.replacement
                if term.severity:
                    etree.SubElement(tig, "termNote", type="x-severity").text = term.severity
                if term.note:
                    etree.SubElement(tig, "note").text = term.note
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def serialise(concepts: Sequence[Concept], fmt: str) -> bytes:
    if fmt == "csv":
        return to_delimited(concepts, ",")
    if fmt == "tsv":
        return to_delimited(concepts, "\t")
    if fmt == "xlsx":
        return to_xlsx(concepts)
    if fmt == "tbx":
        return to_tbx(concepts)
    raise ValueError(f"unknown glossary format {fmt!r}")
