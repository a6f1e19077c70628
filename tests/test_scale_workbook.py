"""The write-only workbook for huge runs: sheets split at the row limit, text stays text,
the review importer reads it back."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from align.errors import InputError
from align.report import xlsx
from align.model import Finding, Location, Severity
from align.scale.summary import RunSummary
from align.scale.workbook import finding_row, write_large_workbook


def make_findings(n: int) -> list[Finding]:
    out = []
    for i in range(n):
        src = Location("source", "big.tmx", i + 1, f"tu{i}", "en", f"Council Decision 2004/{i}/EC", (17, 26))
        tgt = Location("target", "big.tmx", i + 1, f"tu{i}", "nl", f"Besluit 2004/{i + 1}/EG van de Raad", (8, 17))
        out.append(Finding(f"REF-{i:012x}", "ref.number", "Accuracy", Severity.MAJOR,
                           "Act number differs", f"2004/{i}", f"2004/{i + 1}", (src, tgt)))
    return out


def test_sheets_split_at_the_row_limit(tmp_path: Path) -> None:
    findings = make_findings(120)
    summary = RunSummary(units=500, checked_units=400, source_words=5000)
    for f in findings:
        summary.add(f)
    out = tmp_path / "big.xlsx"
    assert write_large_workbook(iter(findings), str(out), summary, inputs=["big.tmx"], row_limit=50) == 120
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames[:4] == ["Summary", "Findings", "Findings 2", "Findings 3"]
    rows = [list(wb[name].iter_rows(values_only=True)) for name in ("Findings", "Findings 2", "Findings 3")]
    assert [len(r) for r in rows] == [50, 50, 23]  # 49 + 49 + 22 findings, each sheet with a header
    assert all(r[0][0] == "ID" for r in rows)
    ids = [row[0] for sheet in rows for row in sheet[1:]]
    assert ids == [f.id for f in findings]
    summary_values = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if len(row) > 1 and row[0]}
    assert summary_values["total"] == 120 and summary_values["ref.number"] == 120
    wb.close()


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    loc = Location("target", "x.tmx", 3, "tu3", "nl", "=SUM(A1:A9) en meer", None)
    f = Finding("NUM-000000000001", "number.mismatch", "Accuracy", Severity.MAJOR, "=1+1", "", "", (loc,))
    out = tmp_path / "f.xlsx"
    write_large_workbook([f], str(out))
    ws = load_workbook(out)["Findings"]
    assert ws["E2"].value == "=1+1" and ws["E2"].data_type == "s"
    assert ws["G2"].value == "=SUM(A1:A9) en meer"


def test_columns_follow_the_review_workbook() -> None:
    row = finding_row(make_findings(1)[0])
    names = [name for name, _w in xlsx.FINDING_COLUMNS]
    assert len(row) == len(names)
    assert row[names.index("Source text")] == "Council Decision 2004/0/EC"
    assert row[names.index("Status")] == "Open"


def test_review_import_reads_the_large_workbook(tmp_path: Path) -> None:
    out = tmp_path / "big.xlsx"
    findings = make_findings(5)
    write_large_workbook(findings, str(out), inputs=["big.tmx"])
    wb = load_workbook(out)  # a reviewer marks one finding
    ws = wb["Findings"]
    status_col = [c.value for c in ws[1]].index("Status") + 1
    ws.cell(row=4, column=status_col, value="False positive")
    wb.save(out)
    read = xlsx.read_review_workbook(out)
    assert [(d.finding_id, d.status) for _r, d in read.rows] == [(findings[2].id, "False positive")]


def test_never_overwrites_an_input(tmp_path: Path) -> None:
    src = tmp_path / "big.tmx"
    src.write_text("x", encoding="utf-8")
    with pytest.raises(Exception):
        write_large_workbook(make_findings(1), str(src), protected=[str(src)])
    assert src.read_text(encoding="utf-8") == "x"


def test_hidden_id_sheets_split_too_and_stay_after_the_visible_ones(tmp_path: Path) -> None:
    findings = make_findings(30)
    out = tmp_path / "big.xlsx"
    write_large_workbook(findings, str(out), inputs=["big.tmx"], row_limit=11)
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Summary", "Findings", "Findings 2", "Findings 3", "_meta", "_lists",
                             "_findings", "_findings 2", "_findings 3", "_decisions"]
    assert all(wb[name].sheet_state == "hidden" for name in wb.sheetnames[4:])
    wb.close()
    read = xlsx.read_review_workbook(out)
    assert list(read.finding_ids) == [f.id for f in findings]
    assert read.labels[findings[-1].id][0] == "ref.number" and "2004/29" in read.labels[findings[-1].id][1]


def test_a_finding_on_two_sheets_is_an_error_naming_both(tmp_path: Path) -> None:
    findings = make_findings(4)
    out = tmp_path / "big.xlsx"
    write_large_workbook(findings + [findings[0]], str(out), inputs=["big.tmx"], row_limit=4)
    with pytest.raises(InputError) as err:
        xlsx.read_review_workbook(out)
    assert "sheet Findings 2" in str(err.value) and "also sheet Findings row 2" in str(err.value)


def test_every_findings_sheet_has_the_reviewer_drop_downs(tmp_path: Path) -> None:
    out = tmp_path / "big.xlsx"
    write_large_workbook(make_findings(12), str(out), inputs=["big.tmx"], row_limit=7)
    wb = load_workbook(out)
    names = [name for name, _w in xlsx.FINDING_COLUMNS]
    lists = wb["_lists"]
    for sheet in ("Findings", "Findings 2"):
        ws = wb[sheet]
        by_column = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}
        status = by_column[get_column_letter(names.index("Status") + 1)]
        values = [c.value for c in lists["A"] if c.value]
        assert values[:2] == ["Open", "Confirmed error"] and status.formula1.endswith(f"$A${len(values)}")
        assert len(list(ws.conditional_formatting)) == 2  # reviewed rows grey, confirmed errors red
        assert ws.column_dimensions[get_column_letter(names.index("Since last run") + 1)].hidden
