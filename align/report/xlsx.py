"""The review workbook: what revisers work through in Excel or LibreOffice and hand back.

Sheets: Summary, Findings (one row per finding, reviewer columns with drop-downs), Alignment,
Terms, References, and hidden sheets that let ``align review import`` and ``--previous`` read
the workbook back (inputs, every finding id of the run, decisions not shown as rows).

Text from documents is never a formula, illegal XML characters become a visible U+FFFD, and a
text longer than Excel's cell limit is cut with a visible marker (the JSON keeps it whole);
every such change is counted on the Summary.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from align import __version__
from align.errors import InputError
from align.model import Finding, Location, Severity
from align.report.review import (DECISION_COLUMNS, MQM_TYPES, OPEN, SEVERITY_NAMES, STATUSES, Decision,
                                 snippet_of, validate_decision)

CELL_LIMIT = 32767
MAX_ROWS = 1_048_576  # Excel's sheet limit, header included
MAX_HYPERLINKS = 65_000  # Excel refuses more than 65,530 links in a sheet
ILLEGAL_MARK = "\ufffd"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

FORMAT_TAG = "align-review-workbook 1"
META_SHEET, IDS_SHEET, CARRIED_SHEET, LISTS_SHEET = "_meta", "_findings", "_decisions", "_lists"

SEVERITY_FILL = {
    Severity.CRITICAL: "E06666",
    Severity.MAJOR: "F6B26B",
    Severity.MINOR: "FFE599",
    Severity.NEUTRAL: "D9D9D9",
}
HEADER_FILL = "1F3864"
LOW_CONFIDENCE_FILL = "FCE4D6"
HIGHLIGHT_COLOR = "C00000"
FONT = "Calibri"  # the workbook default; named everywhere so LibreOffice does not fall back to a serif

# Findings sheet: (header, width). Reviewer columns come last; import finds them by header.
FINDING_COLUMNS = (
    ("ID", 19), ("Severity", 9), ("Category", 14), ("Check", 16), ("Message", 36),
    ("Source text", 48), ("Target text", 48), ("Expected", 16), ("Found", 16), ("Location", 20),
    ("Alignment", 11), ("Since last run", 14),
    ("Status", 14), ("MQM type", 20), ("Severity override", 10), ("Reviewer", 12), ("Comment", 30),
)
REVIEW_HEADERS = ("Status", "MQM type", "Severity override", "Reviewer", "Comment")


@dataclass
class WriteNotes:
    """What had to be changed to fit a cell, so the Summary can say so."""

    illegal: int = 0
    truncated: list[str] = field(default_factory=list)  # "Sheet!A1 (N characters)"
    formula_like: int = 0
    rows_cut: int = 0  # Alignment rows beyond Excel's sheet limit
    styles: dict = field(default_factory=dict, repr=False)  # style combination -> (StyleArray, objects)


def _apply_style(cell, style: dict, notes: WriteNotes) -> None:
    """Set fonts/fills/alignment; each combination is resolved once (openpyxl hashes styles slowly)."""
    if not style:
        return
    key = tuple((k, id(v)) for k, v in sorted(style.items()))
    cached = notes.styles.get(key)
    if cached is None:
        for k, v in style.items():
            setattr(cell, k, v)
        notes.styles[key] = (copy.copy(cell._style), tuple(style.values()))  # keep objects alive: ids stay unique
    else:
        cell._style = copy.copy(cached[0])


# ---------------------------------------------------------------- safe cells

def _clean(text: str, notes: WriteNotes) -> str:
    if _ILLEGAL.search(text):
        notes.illegal += 1
        text = _ILLEGAL.sub(ILLEGAL_MARK, text)
    return text


def _cut_marker(dropped: int) -> str:
    return f" … [cut: {dropped} more characters; full text in findings.json]"


def _fit(text: str, where: str, notes: WriteNotes) -> tuple[str, int]:
    """(text that fits a cell, where the cut is or -1)."""
    if len(text) <= CELL_LIMIT:
        return text, -1
    keep = CELL_LIMIT - len(_cut_marker(len(text)))
    notes.truncated.append(f"{where} ({len(text)} characters)")
    return text[:keep] + _cut_marker(len(text) - keep), keep


def put(ws, row: int, col: int, value: Any, notes: WriteNotes, **style):
    """Write a value; text always stays text (never a formula) and always fits."""
    cell = ws.cell(row=row, column=col)
    formula_like = False
    if isinstance(value, str):
        text, _ = _fit(_clean(value, notes), f"{ws.title}!{cell.coordinate}", notes)
        cell.value = text
        cell.data_type = "s"
        formula_like = text.startswith(FORMULA_STARTS)
    else:
        cell.value = value
    _apply_style(cell, style, notes)
    if formula_like:
        notes.formula_like += 1
        cell.quotePrefix = True  # Excel shows it as typed and keeps it text when edited
    return cell


LOCATION_SEPARATOR = "\n\n"
TEXTS_PER_CELL = 3  # more would not fit a row (Excel's maximum row height is 409 points)


def put_highlighted(ws, row: int, col: int, pieces: Sequence[tuple[str, tuple[int, int] | None]],
                    notes: WriteNotes, **style):
    """Texts (one per location, blank line between) with each flagged span in bold red."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    text, marks, offset = [], [], 0
    for i, (piece, span) in enumerate(pieces):
        if i:
            text.append(LOCATION_SEPARATOR)
            offset += len(LOCATION_SEPARATOR)
        text.append(piece)
        if span and 0 <= span[0] < span[1] and span[0] < len(piece):
            marks.append((offset + span[0], offset + min(span[1], len(piece))))
        offset += len(piece)
    full = "".join(text)
    if not marks:
        return put(ws, row, col, full, notes, **style)
    full = _clean(full, notes)  # same length: spans stay valid
    fitted, cut = _fit(full, f"{ws.title}!{ws.cell(row=row, column=col).coordinate}", notes)
    limit = cut if cut >= 0 else len(fitted)
    parts: list = []
    pos = 0
    font = InlineFont(rFont=FONT, sz=11, b=True, color=HIGHLIGHT_COLOR)
    for start, end in sorted(marks):
        start, end = max(start, pos), min(end, limit)
        if start >= end:
            continue
        if start > pos:
            parts.append(fitted[pos:start])
        parts.append(TextBlock(font, fitted[start:end]))
        pos = end
    if pos < len(fitted):
        parts.append(fitted[pos:])
    cell = ws.cell(row=row, column=col)
    cell.value = CellRichText(parts)
    _apply_style(cell, style, notes)
    if fitted.startswith(FORMULA_STARTS):
        notes.formula_like += 1
        cell.quotePrefix = True
    return cell


def _lines_needed(text: str, width: float) -> int:
    chars = max(1, int(width * 1.0))  # column width is in characters of the default font, roughly
    return sum(max(1, -(-len(part) // chars)) for part in text.split("\n"))


def fit_row_heights(ws, columns: Sequence[int], first_row: int = 2, line_height: float = 15.0,
                    max_lines: int = 27) -> None:
    """Set row heights for wrapped text: LibreOffice does not grow rows on load, Excel only sometimes."""
    from openpyxl.utils import get_column_letter

    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in columns}
    cells = ws._cells  # direct look-up: iterating every cell of a large sheet is slow
    for r in range(first_row, ws.max_row + 1):
        lines = 1
        for c in columns:
            cell = cells.get((r, c))
            if cell is not None and cell.value is not None:
                lines = max(lines, _lines_needed(str(cell.value), widths[c]))
        if lines > 1:
            ws.row_dimensions[r].height = min(lines, max_lines) * line_height


# ---------------------------------------------------------------- styles

def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "header_font": Font(name=FONT, bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "top": Alignment(vertical="top"),
        "bold": Font(name=FONT, bold=True),
        "title": Font(name=FONT, bold=True, size=14),
        "section": Font(name=FONT, bold=True, size=12, color=HEADER_FILL),
        "link": Font(name=FONT, color="0563C1", underline="single"),
        "low_fill": PatternFill("solid", fgColor=LOW_CONFIDENCE_FILL),
        "sev_fill": {s: PatternFill("solid", fgColor=c) for s, c in SEVERITY_FILL.items()},
    }


def _header(ws, headers: Sequence[tuple[str, float]], st, notes: WriteNotes, row: int = 1) -> None:
    from openpyxl.utils import get_column_letter

    for col, (name, width) in enumerate(headers, start=1):
        put(ws, row, col, name, notes, font=st["header_font"], fill=st["header_fill"], alignment=st["wrap"])
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 15.0 * max(_lines_needed(name, width) for name, width in headers)


def _print_setup(ws, title_rows: str | None = "1:1") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _table_sheet(ws, headers: Sequence[tuple[str, float]], rows: Iterable[Sequence[Any]], st,
                 notes: WriteNotes) -> int:
    from openpyxl.utils import get_column_letter

    _header(ws, headers, st, notes)
    n = 1
    for n, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, n, col, value, notes, alignment=st["wrap"])
    ws.freeze_panes = "A2"
    fit_row_heights(ws, range(1, len(headers) + 1))
    if n > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{n}"
    _print_setup(ws)
    return n


# ---------------------------------------------------------------- locations

def location_label(loc: Location) -> str:
    page = f"p. {loc.page}, " if loc.page is not None else ""
    return f"{Path(loc.file).name}:{page}{loc.line}" if loc.file else f"{page}{loc.line}"


def split_locations(finding: Finding, mode: str = "") -> tuple[list[Location], list[Location]]:
    """The locations shown under 'Source text' and those under 'Target text'.

    Source-side locations go left, target-side right; document locations (one mixed document)
    fill the left column first and the rest go right.
    """
    left = [l for l in finding.locations if l.side == "source"]
    right = [l for l in finding.locations if l.side == "target"]
    others = [l for l in finding.locations if l.side not in ("source", "target")]
    if others:
        if not left:
            left, others = others[:1], others[1:]
        right += others
    return left, right


# ---------------------------------------------------------------- the workbook

def build_workbook(report):
    """An openpyxl Workbook for the report (pure apart from openpyxl)."""
    from openpyxl import Workbook

    st = _styles()
    notes = WriteNotes()
    if len(report.counted) > MAX_ROWS - 1 and (report.max_findings or MAX_ROWS) > MAX_ROWS - 1:
        report = dataclasses.replace(report, max_findings=MAX_ROWS - 1)  # a sheet holds no more
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    findings_ws = wb.create_sheet("Findings")
    alignment_ws = wb.create_sheet("Alignment")
    terms_ws = wb.create_sheet("Terms")
    refs_ws = wb.create_sheet("References")
    lists_ws = wb.create_sheet(LISTS_SHEET)

    rows_of_segment = _write_alignment(alignment_ws, report, st, notes)
    shown, left_out = report.workbook_findings()
    _write_lists(lists_ws, notes)
    _write_findings(findings_ws, report, shown, rows_of_segment, st, notes)
    _write_terms(terms_ws, report, st, notes)
    _write_references(refs_ws, report, st, notes)
    _write_hidden(wb, report, shown, notes)
    _write_summary(summary, report, shown, left_out, st, notes)
    for name in (LISTS_SHEET, META_SHEET, IDS_SHEET, CARRIED_SHEET):
        wb[name].sheet_state = "hidden"
    wb.active = 0
    return wb, notes


def write_workbook(report, path, inputs: Sequence[str] = ()) -> WriteNotes:
    """Write the workbook atomically; never over an input."""
    from align.io.atomic import atomic_path

    wb, notes = build_workbook(report)
    with atomic_path(path, inputs) as tmp:
        wb.save(tmp)
    return notes


def _write_lists(ws, notes: WriteNotes) -> None:
    for col, values in enumerate((STATUSES, MQM_TYPES, SEVERITY_NAMES), start=1):
        for row, value in enumerate(values, start=1):
            put(ws, row, col, value, notes)


def _validation(formula: str, title: str, prompt: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                          showErrorMessage=True, errorTitle=title,
                          error=f"Choose a value from the list ({prompt}).",
                          showInputMessage=True, promptTitle=title, prompt=prompt)


def _write_findings(ws, report, shown: Sequence[Finding], rows_of_segment: dict, st, notes: WriteNotes) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    run, review = report.run, report.review
    headers = list(FINDING_COLUMNS)
    if run.mode == "monolingual":
        headers[5], headers[6] = ("Text", 55), ("Other text", 55)
    _header(ws, headers, st, notes)
    col = {name: i for i, (name, _w) in enumerate(FINDING_COLUMNS, start=1)}
    wrap, top = st["wrap"], st["top"]
    r = 1
    for r, f in enumerate(shown, start=2):
        sev = report.severity_of(f)
        put(ws, r, col["ID"], f.id, notes, alignment=top)
        put(ws, r, col["Severity"], str(sev), notes, alignment=top, fill=st["sev_fill"][sev], font=st["bold"])
        category = f"{f.category} / {f.subcategory}" if f.subcategory else f.category
        put(ws, r, col["Category"], category, notes, alignment=wrap)
        put(ws, r, col["Check"], f.check, notes, alignment=wrap)
        put(ws, r, col["Message"], f.message, notes, alignment=wrap)
        left, right = split_locations(f, run.mode)
        for locs, name in ((left, "Source text"), (right, "Target text")):
            if locs:
                pieces = [(l.text, l.span) for l in locs[:TEXTS_PER_CELL]]
                if len(locs) > TEXTS_PER_CELL:
                    pieces.append((f"… and {len(locs) - TEXTS_PER_CELL} more (all in the Location column "
                                   "and in findings.json)", None))
                put_highlighted(ws, r, col[name], pieces, notes, alignment=wrap)
        put(ws, r, col["Expected"], f.expected, notes, alignment=wrap)
        put(ws, r, col["Found"], f.found, notes, alignment=wrap)
        put(ws, r, col["Location"], "\n".join(location_label(l) for l in f.locations), notes, alignment=wrap)
        target_row = next((rows_of_segment[(l.side, l.segment)] for l in f.locations
                           if (l.side, l.segment) in rows_of_segment), None)
        if target_row is None:
            target_row = next((rows_of_segment[("*", l.segment)] for l in f.locations
                               if ("*", l.segment) in rows_of_segment), None)
        if target_row is not None and r <= MAX_HYPERLINKS:
            cell = put(ws, r, col["Alignment"], f"row {target_row}", notes, alignment=top, font=st["link"])
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'Alignment'!A{target_row}",
                                       tooltip="Show this text in the Alignment sheet")
        if review.compared:
            put(ws, r, col["Since last run"], review.mark_label(f.id), notes, alignment=wrap)
        d = review.decisions.get(f.id)
        put(ws, r, col["Status"], d.status if d else OPEN, notes, alignment=top)
        for name, value in (("MQM type", d.mqm_type if d else ""), ("Severity override", d.severity if d else ""),
                            ("Reviewer", d.reviewer if d else ""), ("Comment", d.comment if d else "")):
            if value:
                put(ws, r, col[name], value, notes, alignment=wrap)
            else:  # empty, but what a reviewer types here wraps and sits at the top like the rest
                _apply_style(ws.cell(row=r, column=col[name]), {"alignment": wrap}, notes)
    last = max(r, 2)
    last_col = get_column_letter(len(FINDING_COLUMNS))
    if not review.compared:
        ws.column_dimensions[get_column_letter(col["Since last run"])].hidden = True
    if run.mode == "monolingual" and not any(split_locations(f, run.mode)[1] for f in shown):
        ws.column_dimensions[get_column_letter(col["Target text"])].hidden = True
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last_col}{max(r, 1)}"
    for name, formula, prompt in (
            ("Status", f"'{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}", ", ".join(STATUSES)),
            ("MQM type", f"'{LISTS_SHEET}'!$B$1:$B${len(MQM_TYPES)}", "an MQM error type"),
            ("Severity override", f"'{LISTS_SHEET}'!$C$1:$C${len(SEVERITY_NAMES)}", ", ".join(SEVERITY_NAMES))):
        letter = get_column_letter(col[name])
        dv = _validation(formula, name, prompt)
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last + 500}")  # room for rows a reviewer might add
    _status_formatting(ws, col, last + 500)
    fit_row_heights(ws, [col[name] for name in ("Category", "Check", "Message", "Source text", "Target text",
                                                 "Expected", "Found", "Location", "Comment")])
    _print_setup(ws)


def _status_formatting(ws, col: dict, last_row: int) -> None:
    """Rows a reviewer has dealt with turn grey; confirmed errors get a red Status cell."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    status = f"${get_column_letter(col['Status'])}2"
    last_col = get_column_letter(len(FINDING_COLUMNS))
    ws.conditional_formatting.add(
        f"A2:{last_col}{last_row}",
        FormulaRule(formula=[f'OR({status}="False positive",{status}="Fixed",{status}="Won\'t fix")'],
                    font=Font(color="808080"), stopIfTrue=False))
    letter = get_column_letter(col["Status"])
    ws.conditional_formatting.add(
        f"{letter}2:{letter}{last_row}",
        FormulaRule(formula=[f'{status}="Confirmed error"'], fill=PatternFill("solid", bgColor="F4CCCC"),
                    font=Font(color="9C0006", bold=True)))


def _write_alignment(ws, report, st, notes: WriteNotes) -> dict:
    """The bilingual view (or the document's segments); returns (side, segment id) -> sheet row."""
    run = report.run
    rows_of: dict = {}
    threshold = getattr(run.config, "min_confidence", 0.5)
    touched: dict = defaultdict(set)  # (side, segment id) -> ids of findings pointing at it
    for f in report.counted:
        for loc in f.locations:
            touched[(loc.side, loc.segment)].add(f.id)
            touched[("*", loc.segment)].add(f.id)
    if run.mode == "bilingual":
        headers = (("Row", 6), ("Bead", 6), ("Confidence", 11), ("Source text", 60), ("Target text", 60),
                   ("Source location", 20), ("Target location", 20), ("Findings", 9))
        _header(ws, headers, st, notes)
        r = 1
        for r, pair in enumerate(run.pairs[: MAX_ROWS - 1], start=2):
            low = pair.confidence < threshold
            extra = {"fill": st["low_fill"]} if low else {}
            put(ws, r, 1, pair.index + 1, notes, alignment=st["top"], **extra)
            put(ws, r, 2, f"{len(pair.source)}-{len(pair.target)}", notes, alignment=st["top"], **extra)
            conf = put(ws, r, 3, round(float(pair.confidence), 3), notes, alignment=st["top"], **extra)
            conf.number_format = "0.00"
            if low:
                conf.font = st["bold"]
            put(ws, r, 4, pair.source_text, notes, alignment=st["wrap"], **extra)
            put(ws, r, 5, pair.target_text, notes, alignment=st["wrap"], **extra)
            put(ws, r, 6, _origin_label(pair.source), notes, alignment=st["wrap"], **extra)
            put(ws, r, 7, _origin_label(pair.target), notes, alignment=st["wrap"], **extra)
            hits: set = set()
            for seg in pair.source:
                rows_of.setdefault(("source", seg.id), r)
                hits |= touched.get(("source", seg.id), set())
            for seg in pair.target:
                rows_of.setdefault(("target", seg.id), r)
                hits |= touched.get(("target", seg.id), set())
            if hits:
                put(ws, r, 8, len(hits), notes, alignment=st["top"], **extra)
        notes.rows_cut += max(0, len(run.pairs) - (MAX_ROWS - 1))
        ws.freeze_panes = "D2"
        ws.auto_filter.ref = f"A1:H{max(r, 1)}"
        fit_row_heights(ws, (4, 5, 6, 7))
    else:
        headers = (("Row", 6), ("Segment", 10), ("Language", 9), ("Kind", 9), ("Text", 100), ("Location", 20),
                   ("Findings", 9))
        _header(ws, headers, st, notes)
        r = 1
        for doc in run.documents:
            for seg in doc.segments:
                if r >= MAX_ROWS:
                    notes.rows_cut += 1
                    continue
                r += 1
                kind = doc.paragraphs[seg.paragraph].kind if 0 <= seg.paragraph < len(doc.paragraphs) else ""
                put(ws, r, 1, r - 1, notes, alignment=st["top"])
                put(ws, r, 2, seg.id, notes, alignment=st["top"])
                put(ws, r, 3, seg.lang, notes, alignment=st["top"])
                put(ws, r, 4, kind, notes, alignment=st["top"])
                put(ws, r, 5, seg.text, notes, alignment=st["wrap"])
                put(ws, r, 6, _origin_label((seg,)), notes, alignment=st["wrap"])
                if touched.get(("*", seg.id)):
                    put(ws, r, 7, len(touched[("*", seg.id)]), notes, alignment=st["top"])
                for side in ("document", "source", "*"):
                    rows_of.setdefault((side, seg.id), r)
        ws.freeze_panes = "E2"
        ws.auto_filter.ref = f"A1:G{max(r, 1)}"
        fit_row_heights(ws, (5, 6))
    _print_setup(ws)
    return rows_of


def _origin_label(segments) -> str:
    if not segments:
        return ""
    first, last = segments[0].origin, segments[-1].origin
    where = f"{first.line_start}" if first.line_start == last.line_end else f"{first.line_start}-{last.line_end}"
    page = f"p. {first.page}, " if first.page is not None else ""
    unit = "" if first.unit == "line" else f"{first.unit} "
    return f"{Path(first.file).name}:{page}{unit}{where}"


def _row_of(item: Any) -> dict:
    """Any report item as an ordered dict of printable values."""
    if hasattr(item, "to_row"):
        row = item.to_row()
    elif dataclasses.is_dataclass(item):
        row = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    elif isinstance(item, dict):
        row = item
    else:
        row = {"item": item}
    return {str(k): _printable(v) for k, v in row.items()}


def _printable(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_printable(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(_printable(v)) for v in items)
    return str(value)


def _write_items(ws, items: list, empty_note: str, st, notes: WriteNotes) -> None:
    rows = [_row_of(i) for i in items]
    if not rows:
        put(ws, 1, 1, empty_note, notes)
        ws.column_dimensions["A"].width = 80
        return
    keys: dict[str, None] = {}
    for row in rows:
        for k in row:
            keys.setdefault(k, None)
    headers = [(k.replace("_", " ").capitalize(), 50 if k in ("locations", "renderings", "text", "context")
                else 18) for k in keys]
    _table_sheet(ws, headers, ([row.get(k, "") for k in keys] for row in rows), st, notes)


def _write_terms(ws, report, st, notes: WriteNotes) -> None:
    run = report.run
    try:
        from align.terms import concept_usage
    except ImportError:
        put(ws, 1, 1, "Terminology is not available in this build of align.", notes)
        return
    if run.glossary is None or run.context is None:
        put(ws, 1, 1, "No glossary was used.", notes)
        return
    try:
        items = list(concept_usage(run.context))
    except ImportError:  # the part behind it is not installed yet
        put(ws, 1, 1, "Terminology usage is not available in this build of align.", notes)
        return
    _write_items(ws, items, "No glossary concept was found in the text.", st, notes)


def _write_references(ws, report, st, notes: WriteNotes) -> None:
    try:
        from align.refs.index import build_index
    except ImportError:
        put(ws, 1, 1, "The reference index is not available in this build of align.", notes)
        return
    try:
        items = list(build_index(report.run.documents))
    except ImportError:  # the part behind it is not installed yet
        put(ws, 1, 1, "The reference index is not available in this build of align.", notes)
        return
    _write_items(ws, items, "No legal reference was found.", st, notes)


def _write_hidden(wb, report, shown: Sequence[Finding], notes: WriteNotes) -> None:
    """What ``align review import`` and ``--previous`` need to read the workbook back."""
    run, review = report.run, report.review
    meta = wb.create_sheet(META_SHEET)
    rows = [("format", FORMAT_TAG), ("version", __version__), ("mode", run.mode)]
    for info in run.inputs:
        rows.append(("input", str(Path(info.path).resolve())))
    for i, (key, value) in enumerate(rows, start=1):
        put(meta, i, 1, key, notes)
        put(meta, i, 2, value, notes)
    ids = wb.create_sheet(IDS_SHEET)
    shown_ids = {f.id for f in shown}
    prefilled = set(review.decisions)
    for i, value in enumerate(("id", "check", "shown", "snippet", "prefilled"), start=1):
        put(ids, 1, i, value, notes)
    for r, f in enumerate(run.findings[: MAX_ROWS - 1], start=2):
        for c, value in enumerate((f.id, f.check, "yes" if f.id in shown_ids else "no", snippet_of(f),
                                   "yes" if f.id in prefilled and f.id in shown_ids else "no"), start=1):
            put(ids, r, c, value, notes)
    carried = wb.create_sheet(CARRIED_SHEET)
    for i, value in enumerate(DECISION_COLUMNS, start=1):
        put(carried, 1, i, value, notes)
    r = 1
    for fid, d in sorted(review.all_decisions().items()):
        if fid in shown_ids:
            continue  # the Findings row carries it, and the reviewer may change it there
        r += 1
        for c, value in enumerate((d.finding_id, d.check, d.status, d.severity, d.mqm_type, d.reviewer, d.date,
                                   d.comment, d.snippet), start=1):
            put(carried, r, c, value, notes)


SUMMARY_VALUE_COLUMNS = 6  # B..G, merged for values
SUMMARY_COLUMN_WIDTH = 13


def _kv(ws, row: int, key: str, value: Any, st, notes: WriteNotes) -> int:
    from openpyxl.styles import Alignment

    put(ws, row, 1, key, notes, font=st["bold"], alignment=st["top"])
    put(ws, row, 2, value, notes, alignment=Alignment(wrap_text=True, vertical="top", horizontal="left"))
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=1 + SUMMARY_VALUE_COLUMNS)
    lines = _lines_needed(str(value), SUMMARY_VALUE_COLUMNS * SUMMARY_COLUMN_WIDTH)
    if lines > 1:
        ws.row_dimensions[row].height = 15.0 * min(lines, 27)
    return row + 1


def _section(ws, row: int, title: str, st, notes: WriteNotes) -> int:
    put(ws, row + 1, 1, title, notes, font=st["section"])
    return row + 2


def _write_summary(ws, report, shown: Sequence[Finding], left_out: int, st, notes: WriteNotes) -> None:
    from openpyxl.chart import BarChart, Reference

    run, review, score = report.run, report.review, report.score
    ws.column_dimensions["A"].width = 34
    for letter in "BCDEFGHI":
        ws.column_dimensions[letter].width = SUMMARY_COLUMN_WIDTH
    put(ws, 1, 1, "align review workbook", notes, font=st["title"])
    r = 3
    r = _kv(ws, r, "Tool", f"align {__version__}", st, notes)
    r = _kv(ws, r, "Date", report.generated, st, notes)
    r = _kv(ws, r, "Mode", run.mode, st, notes)
    r = _kv(ws, r, "Languages", f"{run.source_lang} -> {run.target_lang}" if run.target_lang else run.source_lang,
            st, notes)
    for info in run.inputs:
        r = _kv(ws, r, f"Input ({info.role})", f"{info.path}  [{info.format}, {info.lang}, sha256 {info.sha256}]",
                st, notes)
    from align.report.json import display_glossary_path

    if run.glossary_files:
        for path, digest in run.glossary_files:
            r = _kv(ws, r, "Glossary", f"{display_glossary_path(path)}  [sha256 {digest}]", st, notes)
    else:
        r = _kv(ws, r, "Glossary", "none", st, notes)
    if review.compared:
        r = _kv(ws, r, "Previous review", ", ".join(review.sources), st, notes)

    # Severity x MQM category
    r = _section(ws, r, "Findings by severity and MQM category", st, notes)
    categories = sorted({f.category for f in report.counted}) or ["(none)"]
    table = report.severity_by_category()
    put(ws, r, 1, "Severity", notes, font=st["header_font"], fill=st["header_fill"])
    for c, cat in enumerate(categories, start=2):
        put(ws, r, c, cat, notes, font=st["header_font"], fill=st["header_fill"], alignment=st["wrap"])
    put(ws, r, len(categories) + 2, "Total", notes, font=st["header_font"], fill=st["header_fill"])
    ws.row_dimensions[r].height = 15.0 * max(_lines_needed(c, SUMMARY_COLUMN_WIDTH) for c in categories)
    r += 1
    for sev in sorted(Severity, reverse=True):
        put(ws, r, 1, str(sev), notes, fill=st["sev_fill"][sev], font=st["bold"])
        total = 0
        for c, cat in enumerate(categories, start=2):
            n = table.get((str(sev), cat), 0)
            total += n
            put(ws, r, c, n, notes)
        put(ws, r, len(categories) + 2, total, notes, font=st["bold"])
        r += 1
    put(ws, r, 1, "Total", notes, font=st["bold"])
    put(ws, r, len(categories) + 2, len(report.counted), notes, font=st["bold"])
    r += 1

    # By check (the chart reads this table)
    r = _section(ws, r, "Findings by check", st, notes)
    put(ws, r, 1, "Check", notes, font=st["header_font"], fill=st["header_fill"])
    put(ws, r, 2, "Description", notes, font=st["header_font"], fill=st["header_fill"])
    put(ws, r, 8, "Findings", notes, font=st["header_font"], fill=st["header_fill"])
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=7)
    header_row = r
    by_check = report.by_check()
    for check, n in by_check.items():
        r += 1
        put(ws, r, 1, check, notes)
        put(ws, r, 2, report.checks.get(check, ("", ""))[1], notes)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=7)
        put(ws, r, 8, n, notes)
    if by_check:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = "Findings per check"
        chart.y_axis.title = "findings"
        chart.legend = None
        data = Reference(ws, min_col=8, min_row=header_row, max_row=r)
        cats = Reference(ws, min_col=1, min_row=header_row + 1, max_row=r)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height = max(6.0, 0.6 * len(by_check) + 3)
        chart.width = 16
        ws.add_chart(chart, "K3")
    r += 1

    # MQM
    r = _section(ws, r, "MQM score", st, notes)
    r = _kv(ws, r, "Basis", "confirmed errors only (Confirmed error, Won't fix)" if score.basis == "confirmed"
            else "all findings except False positive and Fixed", st, notes)
    r = _kv(ws, r, "Penalty weights", ", ".join(f"{s} {w:g}" for s, w in zip(SEVERITY_NAMES, score.weights)),
            st, notes)
    r = _kv(ws, r, "Source words", score.source_words, st, notes)
    r = _kv(ws, r, "Scored issues", ", ".join(f"{s} {n}" for s, n in zip(SEVERITY_NAMES, score.counts)), st, notes)
    r = _kv(ws, r, "Penalty points", score.penalty, st, notes)
    r = _kv(ws, r, "Per 1,000 source words", round(score.normed_penalty, 2), st, notes)
    r = _kv(ws, r, "Quality score", round(score.quality, 2), st, notes)
    r = _kv(ws, r, "Result", "PASS" if score.passed else "FAIL (a critical error)", st, notes)
    result = ws.cell(row=r - 1, column=2)
    result.font = st["bold"]
    result.fill = st["sev_fill"][Severity.NEUTRAL if score.passed else Severity.CRITICAL]
    r = _kv(ws, r, "Formula", score.formula, st, notes)

    # Notes
    r = _section(ws, r, "Notes", st, notes)
    r = _kv(ws, r, "Findings in this workbook", f"{len(shown)} of {len(run.findings)}", st, notes)
    if left_out:
        r = _kv(ws, r, "Left out (--max-findings)",
                f"{left_out} lower-severity findings are not in this workbook (limit {report.max_findings}); "
                "findings.json has them all", st, notes)
    if review.hidden:
        r = _kv(ws, r, "Accepted false positives hidden", len(review.hidden), st, notes)
        for f in review.hidden:
            d = review.decisions.get(f.id)
            r = _kv(ws, r, f.id, f"{f.check}: {snippet_of(f)}" + (f" — {d.comment}" if d and d.comment else ""),
                    st, notes)
    if review.compared:
        marks = list(review.marks.values())
        r = _kv(ws, r, "Since the previous review",
                f"{marks.count('New')} new, {marks.count('Still open')} still open, {len(review.gone)} gone", st,
                notes)
        if review.gone:
            r = _section(ws, r, f"Gone since the previous review ({len(review.gone)})", st, notes)
            for d in review.gone:
                text = f"{d.check}: {d.snippet}" if d.check else d.snippet
                if not d.is_empty:
                    text += f" — {d.status}" + (f", {d.reviewer}" if d.reviewer else "") + \
                            (f": {d.comment}" if d.comment else "")
                now = [new for new, old in review.resembles.items() if old == d.finding_id]
                if now:
                    text += f" — probably now {now[0]} (the text was edited)"
                r = _kv(ws, r, d.finding_id, text, st, notes)
    # Written last, so they count every change made anywhere in the workbook.
    r = _kv(ws, r, "Characters not allowed in a cell", f"{notes.illegal} cell(s): replaced by {ILLEGAL_MARK}"
            if notes.illegal else "none", st, notes)
    if notes.rows_cut:
        r = _kv(ws, r, "Alignment rows beyond Excel's limit", f"{notes.rows_cut} row(s) not in the Alignment "
                "sheet; findings.json and the Findings sheet are complete", st, notes)
    r = _kv(ws, r, "Texts longer than a cell (32,767)", "; ".join(notes.truncated) + " — cut with a marker; "
            "findings.json has the full text" if notes.truncated else "none", st, notes)
    _print_setup(ws, None)


# ---------------------------------------------------------------- reading a workbook back

@dataclass(frozen=True)
class ReviewWorkbook:
    path: str
    inputs: tuple[str, ...]
    rows: tuple[tuple[int, Decision], ...]  # (sheet row, decision) for rows a reviewer touched
    carried: tuple[Decision, ...]  # decisions not shown as rows (gone, hidden, left out)
    finding_ids: tuple[str, ...]  # every finding of the run that wrote the workbook
    labels: dict = field(default_factory=dict)  # id -> (check, snippet)

    def all_decisions(self) -> dict[str, Decision]:
        out = {d.finding_id: d for d in self.carried}
        out.update({d.finding_id: d for _row, d in self.rows})
        return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split("\n")).strip() if not isinstance(value, str) else value.strip()


def read_review_workbook(path: str | Path) -> ReviewWorkbook:
    """Read decisions from a review workbook; a wrong value is an InputError naming the sheet row."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    p = Path(path)
    if not p.exists():
        raise InputError("review workbook does not exist", str(p))
    try:
        # data_only=False: a reviewer's comment that starts with "=" is read as typed, not lost
        wb = load_workbook(p, read_only=True, data_only=False)
    except (BadZipFile, OSError, KeyError, ValueError) as err:
        raise InputError(f"cannot open as a workbook ({type(err).__name__})", str(p)) from None
    try:
        names = wb.sheetnames
        findings_sheets = numbered_sheets(names, "Findings")
        if META_SHEET not in names or not findings_sheets:
            raise InputError("not a review workbook written by align (no Findings/_meta sheet)", str(p))
        inputs, tag = [], ""
        for key, value, *_ in wb[META_SHEET].iter_rows(values_only=True):
            if key == "input" and value:
                inputs.append(str(value))
            elif key == "format":
                tag = str(value)
        if tag.split(" ")[0] != FORMAT_TAG.split(" ")[0]:
            raise InputError("not a review workbook written by align", str(p))
        labels: dict[str, tuple[str, str]] = {}
        prefilled: set[str] = set()
        ids: list[str] = []
        for ids_sheet in numbered_sheets(names, IDS_SHEET):  # a large run splits it at Excel's row limit
            for i, row in enumerate(wb[ids_sheet].iter_rows(values_only=True)):
                if i == 0 or not row or not row[0]:
                    continue
                ids.append(str(row[0]))
                labels[str(row[0])] = (_text(row[1]), _text(row[3]) if len(row) > 3 else "")
                if len(row) > 4 and _text(row[4]) == "yes":
                    prefilled.add(str(row[0]))
        carried: list[Decision] = []
        if CARRIED_SHEET in names:
            for i, row in enumerate(wb[CARRIED_SHEET].iter_rows(values_only=True), start=1):
                if i == 1 or not row or not row[0]:
                    continue
                values = [_text(v) for v in row[: len(DECISION_COLUMNS)]]
                values += [""] * (len(DECISION_COLUMNS) - len(values))
                carried.append(validate_decision(Decision(*values), str(p), i, "row", f"sheet {CARRIED_SHEET}: "))
        rows: list[tuple[int, Decision]] = []
        seen: dict[str, tuple[str, int]] = {}
        for sheet in findings_sheets:  # "Findings", then "Findings 2", ... of a large run
            rows += _read_findings_rows(wb[sheet], str(p), labels, prefilled, seen)
    finally:
        wb.close()
    return ReviewWorkbook(str(p), tuple(inputs), tuple(rows), tuple(carried), tuple(ids), labels)


def numbered_sheets(names: Sequence[str], base: str) -> list[str]:
    """``base``, ``base 2``, ``base 3``, ... in workbook order (a large run splits sheets at Excel's limit)."""
    pattern = re.compile(rf"{re.escape(base)}(?: [0-9]+)?")
    return [n for n in names if pattern.fullmatch(n)]


def _read_findings_rows(ws, path: str, labels: dict, prefilled: set = frozenset(),
                        seen: dict | None = None) -> list[tuple[int, Decision]]:
    """Rows a reviewer filled in, plus rows whose carried-over decision was cleared (-> Open).

    ``seen`` (id -> (sheet, row)) is shared between the Findings sheets of one workbook.
    """
    header: dict[str, int] = {}
    out: list[tuple[int, Decision]] = []
    seen = {} if seen is None else seen
    sheet = ws.title
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r == 1:
            header = {_text(v): i for i, v in enumerate(row) if v is not None}
            missing = [h for h in ("ID", "Status") if h not in header]
            if missing:
                raise InputError(f"sheet {sheet} has no {' or '.join(missing)} column header", path, 1, "row")
            continue

        def cell(name: str) -> str:
            i = header.get(name)
            return _text(row[i]) if i is not None and i < len(row) else ""

        fid = cell("ID")
        if not fid:
            if any(cell(h) for h in REVIEW_HEADERS):
                raise InputError(f"sheet {sheet}: a decision without a finding ID", path, r, "row")
            continue
        if fid in seen:
            where = f"row {seen[fid][1]}" if seen[fid][0] == sheet else f"sheet {seen[fid][0]} row {seen[fid][1]}"
            raise InputError(f"sheet {sheet}: finding {fid} appears twice (also {where})", path, r, "row")
        seen[fid] = (sheet, r)
        check, snippet = labels.get(fid, (cell("Check"), ""))
        raw = Decision(fid, check or cell("Check"), cell("Status") or OPEN, cell("Severity override"),
                       cell("MQM type"), cell("Reviewer"), "", cell("Comment"), snippet)
        decision = validate_decision(raw, path, r, "row", f"sheet {sheet}: ")
        if not decision.is_empty or fid in prefilled:  # a cleared row reopens; earlier comments are kept
            out.append((r, decision))
    return out
