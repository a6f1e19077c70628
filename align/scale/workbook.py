"""The review workbook for huge runs: openpyxl write-only mode, rows streamed, sheets split at
Excel's 1,048,576-row limit.

Same Findings columns as the review workbook (``align.report.xlsx.FINDING_COLUMNS``) and the same
``_meta`` sheet, so ``align review import`` reads the first Findings sheet back. No Alignment,
Terms or References sheets: at a million units they would not open in Excel anyway.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from align.model import Finding
from align.report.xlsx import location_label, split_locations

ROW_LIMIT = 1_048_576  # Excel's rows per sheet, header included
CELL_LIMIT = 32_767
TEXTS_PER_CELL = 3
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _columns() -> tuple[tuple[str, float], ...]:
    try:
        from align.report.xlsx import FINDING_COLUMNS

        return tuple(FINDING_COLUMNS)
    except ImportError:  # the report package is optional here; keep its layout
        return (("ID", 17), ("Severity", 9), ("Category", 14), ("Check", 16), ("Message", 36),
                ("Source text", 48), ("Target text", 48), ("Expected", 16), ("Found", 16), ("Location", 20),
                ("Alignment", 11), ("Since last run", 10),
                ("Status", 14), ("MQM type", 20), ("Severity override", 10), ("Reviewer", 12), ("Comment", 30))


def _meta() -> tuple[str, str]:
    try:
        from align.report.xlsx import FORMAT_TAG, META_SHEET

        return FORMAT_TAG, META_SHEET
    except ImportError:
        return "align-review-workbook 1", "_meta"


def _safe(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > CELL_LIMIT:
        marker = f" … [cut: {len(text)} characters in all; full text in the JSONL]"
        text = text[: CELL_LIMIT - len(marker)] + marker
    return text


def _texts(locations: Sequence[Any]) -> str:
    shown = [l.text for l in locations[:TEXTS_PER_CELL]]
    if len(locations) > TEXTS_PER_CELL:
        shown.append(f"… and {len(locations) - TEXTS_PER_CELL} more (all in the Location column)")
    return "\n\n".join(shown)


def finding_row(f: Finding) -> list[str | None]:
    """One Findings row in FINDING_COLUMNS order (reviewer columns empty, status Open)."""
    left, right = split_locations(f)
    values = {
        "ID": f.id, "Severity": str(f.severity),
        "Category": f"{f.category} / {f.subcategory}" if f.subcategory else f.category,
        "Check": f.check, "Message": f.message, "Source text": _texts(left), "Target text": _texts(right),
        "Expected": f.expected, "Found": f.found, "Location": "\n".join(location_label(l) for l in f.locations),
        "Status": "Open",
    }
    return [values.get(name) or None for name, _w in _columns()]


class _SheetWriter:
    def __init__(self, wb, title: str, widths: Sequence[tuple[str, float]], header_style):
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        for i, (_name, width) in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "B2"
        self.header_style = header_style
        self.rows = 0

    def header(self, names: Sequence[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for name in names:
            cell = WriteOnlyCell(self.ws, value=name)
            cell.font, cell.fill = self.header_style
            cells.append(cell)
        self.ws.append(cells)
        self.rows += 1

    def append(self, values: Sequence[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        row: list[Any] = []
        values = list(values)
        while values and values[-1] is None:  # trailing empty cells cost time and nothing else
            values.pop()
        for v in values:
            v = _safe(v) if v else v
            if v and v.startswith(_FORMULA_STARTS):  # text stays text, never a formula
                cell = WriteOnlyCell(self.ws, value=None)
                cell.value, cell.data_type = v, "s"
                cell.quotePrefix = True
                row.append(cell)
            else:
                row.append(v)
        self.ws.append(row)
        self.rows += 1


def write_large_workbook(findings: Iterable[Finding], path: str, summary: Any = None,
                         inputs: Sequence[str] = (), protected: Sequence[str] = (),
                         row_limit: int = ROW_LIMIT) -> int:
    """Stream findings into a review workbook; a new Findings sheet starts at ``row_limit``.

    ``summary`` is an ``align.scale.summary.RunSummary`` (or None); ``inputs`` are recorded in
    ``_meta``; ``protected`` paths are never overwritten. Returns the number of findings written.
    The file appears atomically when complete.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from align.io.atomic import atomic_path, check_output_path

    check_output_path(path, protected)  # refuse before any row is written
    columns = _columns()
    header_style = (Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3864"))
    wb = Workbook(write_only=True)
    summary_ws = wb.create_sheet("Summary")
    summary_ws.column_dimensions["A"].width = 28
    summary_ws.column_dimensions["B"].width = 60
    if summary is not None:
        _write_summary(summary_ws, summary)
    sheets = 1
    sheet = _SheetWriter(wb, "Findings", columns, header_style)
    sheet.header([name for name, _w in columns])
    written = 0
    for f in findings:
        if sheet.rows >= row_limit:
            sheets += 1
            sheet = _SheetWriter(wb, f"Findings {sheets}", columns, header_style)
            sheet.header([name for name, _w in columns])
        sheet.append(finding_row(f))
        written += 1
    tag, meta_name = _meta()
    meta = wb.create_sheet(meta_name)
    meta.sheet_state = "hidden"
    for row in [("format", tag), ("mode", "bilingual"), ("layout", "large")] + \
               [("input", str(Path(p).resolve())) for p in inputs]:
        meta.append(list(row))
    with atomic_path(path, protected) as tmp:
        wb.save(tmp)
    return written


def _write_summary(ws, summary) -> None:
    data = summary.to_json() if hasattr(summary, "to_json") else dict(summary)
    ws.append(["align review workbook (large run)"])
    ws.append([])
    for key in ("units", "checked_units", "total"):
        if key in data:
            ws.append([key.replace("_", " "), data[key]])
    for section in ("by_severity", "by_check", "by_category"):
        if data.get(section):
            ws.append([])
            ws.append([section.replace("_", " ")])
            for k, v in data[section].items():
                ws.append([k, v])
    mqm = data.get("mqm")
    if mqm:
        ws.append([])
        ws.append(["MQM quality", mqm.get("quality")])
        ws.append(["MQM formula", mqm.get("formula", "")])
