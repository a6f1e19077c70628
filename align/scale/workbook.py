"""The review workbook for huge runs: openpyxl write-only mode, rows streamed, sheets split at
Excel's 1,048,576-row limit.

Same Findings columns and drop-downs as the review workbook (``align.report.xlsx.FINDING_COLUMNS``)
and the same hidden ``_meta``, ``_findings`` (split like the Findings sheets) and ``_decisions``
sheets, so ``align review import`` and ``--previous`` read every Findings sheet back. No Alignment,
Terms or References sheets: at a million units they would not open in Excel anyway.
"""
from __future__ import annotations

import re
from itertools import zip_longest
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl.utils import get_column_letter

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


def finding_row(f: Finding, review: Any = None) -> list[str | None]:
    """One Findings row in FINDING_COLUMNS order; ``review`` (a StreamedReview) fills the reviewer
    columns, the effective severity and 'Since last run' as the review workbook does."""
    left, right = split_locations(f)
    values = {
        "ID": f.id, "Severity": str(f.severity),
        "Category": f"{f.category} / {f.subcategory}" if f.subcategory else f.category,
        "Check": f.check, "Message": f.message, "Source text": _texts(left), "Target text": _texts(right),
        "Expected": f.expected, "Found": f.found, "Location": "\n".join(location_label(l) for l in f.locations),
        "Status": "Open",
    }
    if review is not None:
        values["Severity"] = str(review.severity_of(f))
        values["Since last run"] = review.mark_label(f)
        d = review.state.decisions.get(f.id)
        if d is not None:
            values.update({"Status": d.status, "MQM type": d.mqm_type, "Severity override": d.severity,
                           "Reviewer": d.reviewer, "Comment": d.comment})
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
        self.number = int(title.rsplit(" ", 1)[1]) if title.rsplit(" ", 1)[-1].isdigit() else 1

    def header(self, names: Sequence[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for name in names:
            cell = WriteOnlyCell(self.ws, value=name)
            cell.font, cell.fill = self.header_style
            cells.append(cell)
        self.ws.append(cells)
        self.rows += 1

    def append(self, values: Sequence[Any]) -> None:
        self.ws.append(_cells(self.ws, values))
        self.rows += 1


def _cells(ws, values: Sequence[Any]) -> list[Any]:
    """A row for a write-only sheet: text fits a cell and stays text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    values = list(values)
    while values and values[-1] is None:  # trailing empty cells cost time and nothing else
        values.pop()
    for v in values:
        if isinstance(v, str):
            v = _safe(v) if v else None
        if isinstance(v, str) and v.startswith(_FORMULA_STARTS):
            cell = WriteOnlyCell(ws, value=None)
            cell.value, cell.data_type = v, "s"
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(v)
    return row


def write_large_workbook(findings: Iterable[Finding], path: str, summary: Any = None,
                         inputs: Sequence[str] = (), protected: Sequence[str] = (),
                         row_limit: int = ROW_LIMIT, review: Any = None) -> int:
    """Stream findings into a review workbook; a new Findings sheet starts at ``row_limit``.

    ``summary`` is an ``align.scale.summary.RunSummary`` (or None); ``review`` an
    ``align.scale.review.StreamedReview`` learnt from the same findings (decisions carried over,
    New/Still open, hidden false positives, --max-findings) or None; ``inputs`` are recorded in
    ``_meta``; ``protected`` paths are never overwritten. Every finding is listed in the hidden
    ``_findings`` sheet(s) and decisions not shown as rows in ``_decisions``, so ``align review
    import`` and ``--previous`` read this workbook back as they read the normal one. Returns the
    number of findings on the Findings sheets. The file appears atomically when complete.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from align.io.atomic import atomic_path, check_output_path
    from align.report.review import DECISION_COLUMNS, snippet_of

    check_output_path(path, protected)  # refuse before any row is written
    columns = _columns()
    names = [name for name, _w in columns]
    header_style = (Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3864"))
    wb = Workbook(write_only=True)
    summary_ws = wb.create_sheet("Summary")
    summary_ws.column_dimensions["A"].width = 28
    summary_ws.column_dimensions["B"].width = 60
    if summary is not None or review is not None:
        _write_summary(summary_ws, summary, review)
    tag, meta_name = _meta()
    ids_name, carried_name, lists_name = _hidden_names()
    meta = wb.create_sheet(meta_name)
    for row in [("format", tag), ("mode", "bilingual"), ("layout", "large")] + \
               [("input", str(Path(p).resolve())) for p in inputs]:
        meta.append(list(row))
    lists = wb.create_sheet(lists_name)
    choices = _choices()
    for row in zip_longest(*choices):
        lists.append(list(row))
    hidden = [meta, lists]

    def findings_sheet(number: int) -> _SheetWriter:
        sheet = _SheetWriter(wb, "Findings" if number == 1 else f"Findings {number}", columns, header_style)
        if review is None or not review.state.compared:  # before the first row: columns are written with it
            sheet.ws.column_dimensions[get_column_letter(names.index("Since last run") + 1)].hidden = True
        sheet.header(names)
        _add_drop_downs(sheet.ws, names, choices, lists_name, row_limit)
        return sheet

    def ids_sheet(number: int) -> _SheetWriter:
        sheet = _SheetWriter(wb, ids_name if number == 1 else f"{ids_name} {number}", (), header_style)
        sheet.ws.append(["id", "check", "shown", "snippet", "prefilled"])
        sheet.rows += 1
        hidden.append(sheet.ws)
        return sheet

    sheet, ids = findings_sheet(1), ids_sheet(1)
    keep = review.selection() if review is not None else (lambda _f: True)
    decided = review.state.decisions if review is not None else {}
    shown_decided: set[str] = set()
    written = 0
    for f in findings:
        shown = keep(f)
        if ids.rows >= row_limit:
            ids = ids_sheet(ids.number + 1)
        ids.append([f.id, f.check, "yes" if shown else "no", snippet_of(f),
                    "yes" if shown and f.id in decided else None])  # an empty cell reads as "no"
        if not shown:
            continue
        if sheet.rows >= row_limit:
            sheet = findings_sheet(sheet.number + 1)
        sheet.append(finding_row(f, review))
        if f.id in decided:
            shown_decided.add(f.id)
        written += 1
    carried = _SheetWriter(wb, carried_name, (), header_style)
    carried.ws.append(list(DECISION_COLUMNS))
    if review is not None:
        for fid, d in sorted(review.state.all_decisions().items()):
            if fid not in shown_decided:  # the Findings row carries it, and the reviewer may change it there
                carried.append([d.finding_id, d.check, d.status, d.severity, d.mqm_type, d.reviewer, d.date,
                                d.comment, d.snippet])
    hidden.append(carried.ws)
    for ws in hidden:
        ws.sheet_state = "hidden"
    order = [ws.title for ws in wb.worksheets if ws not in hidden] + [ws.title for ws in hidden]
    for position, title in enumerate(order):  # visible sheets first, as in the review workbook
        wb.move_sheet(title, offset=position - wb.sheetnames.index(title))
    with atomic_path(path, protected) as tmp:
        wb.save(tmp)
    return written


def _hidden_names() -> tuple[str, str, str]:
    try:
        from align.report.xlsx import CARRIED_SHEET, IDS_SHEET, LISTS_SHEET

        return IDS_SHEET, CARRIED_SHEET, LISTS_SHEET
    except ImportError:
        return "_findings", "_decisions", "_lists"


def _choices() -> tuple[tuple[str, ...], ...]:
    from align.report.review import MQM_TYPES, SEVERITY_NAMES, STATUSES

    return STATUSES, MQM_TYPES, SEVERITY_NAMES


def _add_drop_downs(ws, names: Sequence[str], choices, lists_name: str, row_limit: int) -> None:
    """The reviewer columns' drop-downs and status colours, made by the review workbook's own helpers."""
    from align.report.xlsx import _status_formatting, _validation

    last = min(row_limit, ROW_LIMIT)
    col = {name: i for i, name in enumerate(names, start=1)}
    for column, letter, values, prompt in (
            ("Status", "A", choices[0], ", ".join(choices[0])), ("MQM type", "B", choices[1], "an MQM error type"),
            ("Severity override", "C", choices[2], ", ".join(choices[2]))):
        dv = _validation(f"'{lists_name}'!${letter}$1:${letter}${len(values)}", column, prompt)
        target = get_column_letter(col[column])
        dv.add(f"{target}2:{target}{last}")
        ws.data_validations.append(dv)
    _status_formatting(ws, col, last)


def _write_summary(ws, summary, review=None) -> None:
    data = summary.to_json() if hasattr(summary, "to_json") else dict(summary or {})
    if review is not None:  # what still stands after the reviewers' decisions, as the review workbook counts
        data.update({"total": review.total, "by_severity": review.by_severity(),
                     "by_check": dict(sorted(review.by_check.items())), "by_category": review.by_category(),
                     "mqm": review.score.to_json()})
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
        if review is not None:
            ws.append(["MQM basis", "confirmed errors only (Confirmed error, Won't fix)"
                       if mqm.get("basis") == "confirmed" else "all findings except False positive and Fixed"])
        ws.append(["MQM quality", mqm.get("quality")])
        ws.append(["MQM formula", mqm.get("formula", "")])
    if review is not None:
        _write_review_notes(ws, review)


def _write_review_notes(ws, review) -> None:
    """The review workbook's Notes: rows shown, left out, hidden false positives, New/Gone."""
    from align.report.review import snippet_of

    state = review.state
    ws.append([])
    ws.append(["Notes"])
    ws.append(["Findings in this workbook", f"{review.shown_total} of {review.total}"])
    if review.left_out:
        ws.append(["Left out (--max-findings)",
                   f"{review.left_out} lower-severity findings are not in this workbook (limit "
                   f"{review.max_findings}); findings.json and the JSONL have them all"])
    if state.compared:
        ws.append(_cells(ws, ["Previous review", ", ".join(state.sources)]))
    if state.hidden:
        ws.append(["Accepted false positives hidden", len(state.hidden)])
        for f in state.hidden:
            d = state.decisions.get(f.id)
            ws.append(_cells(ws, [f.id, f"{f.check}: {snippet_of(f)}" + (f" — {d.comment}" if d and d.comment else "")]))
    if state.compared:
        ws.append(["Since the previous review",
                   f"{review.new} new, {review.still_open} still open, {len(state.gone)} gone"])
        if state.gone:
            ws.append([])
            ws.append([f"Gone since the previous review ({len(state.gone)})"])
            successor = {old: new for new, old in state.resembles.items()}
            for d in state.gone:
                text = f"{d.check}: {d.snippet}" if d.check else d.snippet
                if not d.is_empty:
                    text += f" — {d.status}" + (f", {d.reviewer}" if d.reviewer else "") + \
                            (f": {d.comment}" if d.comment else "")
                if d.finding_id in successor:
                    text += f" — probably now {successor[d.finding_id]} (the text was edited)"
                ws.append(_cells(ws, [d.finding_id, text]))
