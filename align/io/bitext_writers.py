"""Write an aligned Bitext as TMX 1.4, a bilingual XLSX sheet, TSV or JSON (``align pair -o``).

The format follows the output file's extension. Every writer goes through align.io.atomic, so a
failed run never leaves half a file and never overwrites an input.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Sequence

from align import __version__
from align.errors import UsageError
from align.io.atomic import atomic_path, write_text_atomic
from align.model import Bitext, Segment

LOW_CONFIDENCE = 0.5  # rows below this are highlighted for the reviser
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def origin_lines(segments: Sequence[Segment]) -> str:
    """'12' or '12-14' (with 'p. 3, ' for PDF pages): where a bead's side sits in its input."""
    if not segments:
        return ""
    first = segments[0].origin
    start, end = first.line_start, max(s.origin.line_end for s in segments)
    where = f"{start}" if start == end else f"{start}-{end}"
    page = f"p. {first.page}, " if first.page is not None else ""
    unit = "" if first.unit == "line" else f"{first.unit} "
    return f"{page}{unit}{where}"


def _clean(text: str) -> str:
    return _XML_INVALID.sub(" ", text)


def _tmx_date(now: _dt.datetime | None = None) -> str:
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ")


def render_tmx(bitext: Bitext, src_lang: str, tgt_lang: str, now: _dt.datetime | None = None) -> bytes:
    """TMX 1.4: one TU per bead; confidence, bead type and origin lines as <prop>s."""
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "align", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": src_lang, "o-tmf": "align",
        "creationdate": _tmx_date(now)})
    body = etree.SubElement(root, "body")
    for pair in bitext.pairs():
        tu = etree.SubElement(body, "tu", tuid=str(pair.index + 1))
        props = (("x-align-confidence", f"{pair.confidence:.4f}"),
                 ("x-align-bead", f"{len(pair.source)}-{len(pair.target)}"),
                 ("x-source-lines", origin_lines(pair.source)),
                 ("x-target-lines", origin_lines(pair.target)))
        for kind, value in props:
            if value:
                prop = etree.SubElement(tu, "prop", type=kind)
                prop.text = value
        for lang, text, present in ((src_lang, pair.source_text, pair.source),
                                    (tgt_lang, pair.target_text, pair.target)):
            if not present:  # an omission or addition: only the side that exists
                continue
            tuv = etree.SubElement(tu, "tuv", {xml_lang: lang})
            seg = etree.SubElement(tuv, "seg")
            seg.text = _clean(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def json_payload(bitext: Bitext, line_numbers: bool = False) -> dict:
    """``{"links": [{"source": [0], "target": [0, 1], "confidence": 0.93}]}``: 0-based segment
    indexes, or with ``line_numbers`` the 0-based input line of each segment."""
    def index(segments: Sequence[Segment], k: int) -> int:
        return segments[k].origin.line_start - 1 if line_numbers else k

    src, tgt = bitext.source.segments, bitext.target.segments
    return {
        "tool": "align", "version": __version__,
        "source": {"file": bitext.source.path, "lang": bitext.source.lang},
        "target": {"file": bitext.target.path, "lang": bitext.target.lang},
        "indexes": "line" if line_numbers else "segment",
        "links": [{"source": [index(src, k) for k in link.source],
                   "target": [index(tgt, k) for k in link.target],
                   "confidence": round(link.confidence, 4)} for link in bitext.links],
    }


def render_json(bitext: Bitext, line_numbers: bool = False) -> str:
    """The JSON payload with one link per line: readable and diff-friendly."""
    payload = json_payload(bitext, line_numbers)
    links = payload.pop("links")
    head = json.dumps(payload, ensure_ascii=False, indent=1)[:-2]  # drop the closing brace
    body = ",\n  ".join(json.dumps(link, ensure_ascii=False) for link in links)
    return f"{head},\n \"links\": [\n  {body}\n ]\n}}\n" if links else f"{head},\n \"links\": []\n}}\n"


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def render_tsv(bitext: Bitext) -> str:
    lines = ["source\ttarget\tbead\tconfidence\tsource_lines\ttarget_lines"]
    for pair in bitext.pairs():
        lines.append("\t".join((_one_line(pair.source_text), _one_line(pair.target_text),
                                f"{len(pair.source)}-{len(pair.target)}", f"{pair.confidence:.4f}",
                                origin_lines(pair.source), origin_lines(pair.target))))
    return "\n".join(lines) + "\n"


def _xlsx_safe(text: str) -> str:
    """Cell text: no XML-invalid characters, and no leading '=' turning it into a formula."""
    text = _clean(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and len(text) > 1 and text[1:2] != " " else text


def write_xlsx(bitext: Bitext, path: str | os.PathLike, src_lang: str, tgt_lang: str,
               inputs: Iterable[str | os.PathLike] = ()) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Alignment"
    header = ["#", f"Source ({src_lang})", f"Target ({tgt_lang})", "Bead", "Confidence", "Source lines",
              "Target lines"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    omission = PatternFill("solid", fgColor="F8CBAD")  # 1-0 / 0-1: left out or added
    doubtful = PatternFill("solid", fgColor="FFF2CC")  # low confidence
    wrap = Alignment(wrap_text=True, vertical="top")
    for pair in bitext.pairs():
        bead = f"{len(pair.source)}-{len(pair.target)}"
        ws.append([pair.index + 1, _xlsx_safe(pair.source_text), _xlsx_safe(pair.target_text), bead,
                   round(pair.confidence, 4), origin_lines(pair.source), origin_lines(pair.target)])
        row = ws.max_row
        fill = omission if not pair.source or not pair.target else doubtful if pair.confidence < LOW_CONFIDENCE else None
        for cell in ws[row]:
            cell.alignment = wrap
            if fill is not None:
                cell.fill = fill
        ws.cell(row=row, column=5).number_format = "0.00"
    for column, width in zip("ABCDEFG", (6, 60, 60, 7, 11, 13, 13)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{ws.max_row}"
    with atomic_path(path, inputs) as tmp:
        wb.save(tmp)


def write_bitext(bitext: Bitext, path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                 line_numbers: bool = False) -> str:
    """Write ``bitext`` in the format named by the extension of ``path``; returns that format."""
    inputs = list(inputs)
    suffix = Path(path).suffix.lower()
    src_lang, tgt_lang = bitext.source.lang, bitext.target.lang
    writers: dict[str, Callable[[], None]] = {
        ".tmx": lambda: _write_bytes(path, render_tmx(bitext, src_lang, tgt_lang), inputs),
        ".xlsx": lambda: write_xlsx(bitext, path, src_lang, tgt_lang, inputs),
        ".tsv": lambda: write_text_atomic(path, render_tsv(bitext), inputs),
        ".json": lambda: write_text_atomic(path, render_json(bitext, line_numbers), inputs),
    }
    writer = writers.get(suffix)
    if writer is None:
        raise UsageError(f"unknown output format {suffix or '(no extension)'!r} for {path}; "
                         "use .tmx, .xlsx, .tsv or .json")
    writer()
    return suffix[1:]


def _write_bytes(path: str | os.PathLike, data: bytes, inputs: Sequence[str | os.PathLike]) -> None:
    with atomic_path(path, inputs) as tmp:
        tmp.write_bytes(data)
