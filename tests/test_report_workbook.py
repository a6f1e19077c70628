"""The review workbook, opened back with openpyxl: sheets, columns, highlighting, drop-downs, safety."""
from __future__ import annotations

import json
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from align.errors import OutputError
from align.report.bundle import build_report
from align.report.json import findings_json
from align.report.review import MQM_TYPES, STATUSES
from align.report.xlsx import CELL_LIMIT, FINDING_COLUMNS, ILLEGAL_MARK, write_workbook
from test_report_support import dgt_rows, make_bitext, run_synthetic, seed_document, test_checks  # noqa: F401

PATTERNS = {"hereby": "minor", "Agreement": "neutral"}


def planted_bitext(extra_rows=(), confidences=None):
    """Real DGT 22019D0391 sentences with one planted number error (104 -> 105 in the English)."""
    rows = dgt_rows("22019D0391", 20)
    rows[4] = (rows[4][0], rows[4][1].replace("104", "105"))
    rows += list(extra_rows)
    return make_bitext(rows, confidences=confidences)


def write(tmp_path, bitext=None, name="review.xlsx", patterns=PATTERNS, **report_args):
    bitext = bitext or planted_bitext()
    run = run_synthetic("bilingual", (bitext.source, bitext.target), bitext, settings={"zz_patterns": patterns})
    report = build_report(run, generated="2026-01-01", **report_args)
    path = tmp_path / name
    write_workbook(report, path)
    return path, report


def findings_rows(path):
    ws = load_workbook(path, rich_text=True)["Findings"]
    header = [c.value for c in ws[1]]
    return ws, header, {r[0].value: {h: c for h, c in zip(header, r)} for r in ws.iter_rows(min_row=2)}


def test_sheets_and_finding_columns(tmp_path, test_checks):
    path, report = write(tmp_path)
    wb = load_workbook(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["Summary", "Findings", "Alignment", "Terms", "References"]
    ws, header, rows = findings_rows(path)
    assert header == [name for name, _w in FINDING_COLUMNS]
    assert set(rows) == {f.id for f in report.findings}
    planted = next(f for f in report.findings if f.check == "zztest.number")
    row = rows[planted.id]
    assert row["Severity"].value == "major" and row["Found"].value == "105"
    assert row["Location"].value.splitlines() == ["doc.nl.txt:9", "doc.en.txt:9"]
    assert row["Status"].value == "Open"


def test_flagged_span_is_bold_red_rich_text(tmp_path, test_checks):
    path, report = write(tmp_path)
    _ws, _header, rows = findings_rows(path)
    planted = next(f for f in report.findings if f.check == "zztest.number")
    value = rows[planted.id]["Target text"].value
    assert isinstance(value, CellRichText)
    blocks = [b for b in value if isinstance(b, TextBlock)]
    assert [b.text for b in blocks] == ["105"]
    assert blocks[0].font.b and blocks[0].font.color.rgb.endswith("C00000")
    assert str(value) == planted.locations[-1].text  # nothing lost around the span


def test_dropdowns_freeze_filter_print_setup(tmp_path, test_checks):
    path, report = write(tmp_path)
    wb = load_workbook(path)
    ws = wb["Findings"]
    letters = {name: chr(ord("A") + i) for i, (name, _w) in enumerate(FINDING_COLUMNS)}
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for column, values in (("Status", STATUSES), ("MQM type", MQM_TYPES)):
        dv = next(dv for ref, dv in validations.items() if ref.startswith(letters[column] + "2:"))
        assert dv.type == "list" and dv.showErrorMessage
        sheet, cells = dv.formula1.split("!")
        listed = [c.value for row in wb[sheet.strip("'")][cells.replace("$", "")] for c in row]
        assert listed == list(values)
    assert any(ref.startswith(letters["Severity override"] + "2:") for ref in validations)
    rules = [rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules]
    assert '$M2="Confirmed error"' in rules and any('"False positive"' in r for r in rules)
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:Q{len(report.findings) + 1}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws["B2"].fill.fgColor.rgb.endswith(("E06666", "F6B26B", "FFE599", "D9D9D9"))


def test_summary_has_counts_score_formula_and_chart(tmp_path, test_checks):
    path, report = write(tmp_path)
    ws = load_workbook(path)["Summary"]
    labels = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    assert labels["Mode"] == "bilingual" and labels["Languages"] == "nl -> en"
    assert labels["Source words"] == report.score.source_words > 100
    assert labels["Formula"].startswith("penalty = ")
    assert labels["Result"] == "PASS"  # no critical finding planted
    assert labels["Findings in this workbook"] == f"{len(report.findings)} of {len(report.findings)}"
    assert len(ws._charts) == 1
    by_check = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=8).value for r in range(1, ws.max_row + 1)}
    assert by_check["zztest.number"] == sum(f.check == "zztest.number" for f in report.findings)


HOSTILE = ['=HYPERLINK("http://x")', "+31 20 555 0000", "- item", "@SUM(1)", "=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(tmp_path, test_checks, text):
    bitext = planted_bitext(extra_rows=[(text, text)])
    path, report = write(tmp_path, bitext, patterns={r"\S+": "minor"})
    wb = load_workbook(path)
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == text]
    assert found, "the hostile text must be in the workbook, as typed"
    assert all(c.data_type == "s" for c in found)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in z.read(n).decode() or "<f " in z.read(n).decode() for n in sheets)
    assert all(c.quotePrefix for c in found)


def test_illegal_characters_are_visible_and_noted(tmp_path, test_checks):
    bitext = planted_bitext(extra_rows=[("vijf\x01zes 7", "five\x0bsix 8")])
    path, report = write(tmp_path, bitext)
    wb = load_workbook(path)
    texts = [c.value for row in wb["Alignment"].iter_rows() for c in row if isinstance(c.value, str)]
    assert f"five{ILLEGAL_MARK}six 8" in texts and f"vijf{ILLEGAL_MARK}zes 7" in texts
    summary = wb["Summary"]
    notes = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
             for r in range(1, summary.max_row + 1)}
    marked = sum(ILLEGAL_MARK in str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if ws.title != "Summary")
    assert marked >= 4  # both Alignment cells and the finding's source and target cells
    assert notes["Characters not allowed in a cell"] == f"{marked} cell(s): replaced by {ILLEGAL_MARK}"
    texts = [loc["text"] for f in json.loads(findings_json(report))["findings"] for loc in f["locations"]]
    assert "five\x0bsix 8" in texts  # the JSON keeps the original


def test_text_longer_than_a_cell_is_cut_with_marker_and_json_keeps_it(tmp_path, test_checks):
    long_en = ("The Council adopted the list. " * 1500) + "Article 999"
    bitext = planted_bitext(extra_rows=[("De Raad stelde de lijst vast.", long_en)])
    path, report = write(tmp_path, bitext)
    wb = load_workbook(path, rich_text=True)
    cells = [c for row in wb["Alignment"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("The Council adopted")]
    assert len(cells) == 1 and len(cells[0].value) == CELL_LIMIT
    assert "[cut: " in cells[0].value and "findings.json" in cells[0].value
    summary = wb["Summary"]
    notes = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
             for r in range(1, summary.max_row + 1)}
    assert "Alignment!E" in notes["Texts longer than a cell (32,767)"]
    data = json.loads(findings_json(report))
    texts = [loc["text"] for f in data["findings"] for loc in f["locations"]]
    assert long_en in texts  # the 999 finding sits past the cut; the JSON has the whole segment


def test_alignment_link_points_at_the_row_of_the_segment(tmp_path, test_checks):
    path, report = write(tmp_path)
    wb = load_workbook(path)
    findings, alignment = wb["Findings"], wb["Alignment"]
    header = [c.value for c in findings[1]]
    link_col = header.index("Alignment")
    planted = next(f for f in report.findings if f.check == "zztest.number")
    row = next(r for r in findings.iter_rows(min_row=2) if r[0].value == planted.id)
    link = row[link_col].hyperlink
    assert link is not None and link.location.startswith("'Alignment'!A")
    target_row = int(link.location.split("!A")[1])
    assert alignment.cell(row=target_row, column=5).value == planted.locations[-1].text


def test_low_confidence_links_are_highlighted(tmp_path, test_checks):
    conf = [0.9] * 20
    conf[3] = 0.2
    path, _report = write(tmp_path, planted_bitext(confidences=conf))
    ws = load_workbook(path)["Alignment"]
    assert [c.value for c in ws[1]][:3] == ["Row", "Bead", "Confidence"]
    fills = {r: ws.cell(row=r, column=3).fill.fgColor.rgb for r in (4, 5)}
    assert fills[5].endswith("FCE4D6") and not fills[4].endswith("FCE4D6")
    assert ws.cell(row=5, column=3).value == 0.2


def test_monolingual_seed_lists_segments_with_language(tmp_path, test_checks):
    doc = seed_document()
    run = run_synthetic("monolingual", (doc,), None, settings={"zz_patterns": {r"2002/629/J\w+": "minor"}})
    report = build_report(run, generated="2026-01-01")
    assert run.source_lang == "nl" and run.target_lang == "en"
    path = tmp_path / "seed.xlsx"
    write_workbook(report, path)
    wb = load_workbook(path, rich_text=True)
    align_ws = wb["Alignment"]
    assert [c.value for c in align_ws[1]] == ["Row", "Segment", "Language", "Kind", "Text", "Location", "Findings"]
    counts = [align_ws.cell(row=r, column=7).value or 0 for r in range(2, align_ws.max_row + 1)]
    assert sum(counts) == len(report.findings)  # one location each
    assert {align_ws.cell(row=r, column=3).value for r in range(2, align_ws.max_row + 1)} == {"nl", "en"}
    ws = wb["Findings"]
    assert ws["F1"].value == "Text"
    found = sorted(str(ws.cell(row=r, column=9).value) for r in range(2, ws.max_row + 1))
    assert set(found) == {"2002/629/JBZ", "2002/629/JHA"}  # the Dutch body and the English annex
    assert len(found) == sum(1 for seg in doc.segments if re.search(r"2002/629/J\w+", seg.text))


def test_max_findings_keeps_the_most_severe_and_says_so(tmp_path, test_checks):
    path, report = write(tmp_path, max_findings=1)
    _ws, _header, rows = findings_rows(path)
    assert len(rows) == 1
    (kept,) = rows.values()
    assert kept["Severity"].value == "major"
    summary = load_workbook(path)["Summary"]
    notes = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
             for r in range(1, summary.max_row + 1)}
    assert notes["Left out (--max-findings)"].startswith(f"{len(report.findings) - 1} lower-severity")
    assert len(json.loads(findings_json(report))["findings"]) == len(report.findings)


def test_never_written_over_an_input(tmp_path, test_checks):
    victim = tmp_path / "input.xlsx"
    victim.write_bytes(b"original")
    bitext = planted_bitext()
    run = run_synthetic("bilingual", (bitext.source, bitext.target), bitext)
    with pytest.raises(OutputError):
        write_workbook(build_report(run), victim, inputs=[str(victim)])
    assert victim.read_bytes() == b"original"
    assert list(tmp_path.iterdir()) == [victim]  # no temporary file left behind


def test_terms_and_references_sheets_print_items_generically(tmp_path, test_checks, monkeypatch):
    from dataclasses import dataclass

    import align.refs
    import align.terms

    @dataclass(frozen=True)
    class Usage:
        concept: str
        renderings: dict
        locations: tuple

    class Entry:
        def to_row(self):
            return {"key": "act:FD:2002/629:JHA", "text": "=2002/629/JHA", "count": 2}

    fake_index = type("M", (), {"build_index": staticmethod(lambda docs: [Entry()])})
    monkeypatch.setattr(align.terms, "concept_usage",
                        lambda ctx: [Usage("lidstaat", {"Member State": 3, "member state": 1}, ("l. 4", "l. 9"))],
                        raising=False)
    monkeypatch.setitem(__import__("sys").modules, "align.refs.index", fake_index)
    bitext = planted_bitext()
    run = run_synthetic("bilingual", (bitext.source, bitext.target), bitext)
    run = __import__("dataclasses").replace(run, glossary=object())
    path = tmp_path / "t.xlsx"
    write_workbook(build_report(run), path)
    wb = load_workbook(path)
    terms = [[c.value for c in r] for r in wb["Terms"].iter_rows()]
    assert terms == [["Concept", "Renderings", "Locations"],
                     ["lidstaat", "Member State: 3; member state: 1", "l. 4; l. 9"]]
    refs = [[c.value for c in r] for r in wb["References"].iter_rows()]
    assert refs == [["Key", "Text", "Count"], ["act:FD:2002/629:JHA", "=2002/629/JHA", 2]]
    assert wb["References"]["B2"].data_type == "s"


def test_a_finding_with_two_target_locations_shows_both_highlighted(tmp_path, test_checks, monkeypatch):
    """An inconsistency between two target segments: both texts, both spans, nothing dropped."""
    from align.checks import registry
    from align.model import location_for

    def inconsistent(ctx):
        a, b = ctx.pairs[6].target[0], ctx.pairs[8].target[0]  # "Article 1" and "Article 2"
        yield registry.make_finding("zztest.pattern", "two renderings", [
            location_for(a, "target", (0, 7)), location_for(b, "target", (8, 9)),
            location_for(ctx.pairs[6].source[0], "source", (0, 7))], expected="Article", found="Article/2")

    monkeypatch.setitem(registry._REGISTRY, "zztest.pattern", registry.CheckSpec(
        "zztest.pattern", "Terminology", registry.Severity.MINOR, "test", inconsistent))
    path, report = write(tmp_path)
    _ws, _header, rows = findings_rows(path)
    (finding,) = [f for f in report.findings if f.check == "zztest.pattern"]
    cell = rows[finding.id]["Target text"].value
    assert str(cell) == "Article 1\n\nArticle 2"
    assert [b.text for b in cell if isinstance(b, TextBlock)] == ["Article", "2"]
    assert str(rows[finding.id]["Source text"].value) == "Artikel 1"


def test_many_locations_show_three_texts_and_list_all_locations(tmp_path, test_checks, monkeypatch):
    from align.checks import registry
    from align.model import location_for

    def spread(ctx):
        segs = [p.target[0] for p in ctx.pairs if "Agreement" in p.target_text]
        assert len(segs) >= 4
        yield registry.make_finding("zztest.pattern", "rendered in several ways",
                                    [location_for(s, "target", (s.text.index("Agreement"),) * 2) for s in segs])

    monkeypatch.setitem(registry._REGISTRY, "zztest.pattern", registry.CheckSpec(
        "zztest.pattern", "Terminology", registry.Severity.MINOR, "test", spread))
    rows = dgt_rows("22019D0391", 20)
    rows.append((rows[0][0], rows[0][1] + " (the Agreement)"))
    path, report = write(tmp_path, make_bitext(rows))
    (finding,) = [f for f in report.findings if f.check == "zztest.pattern"]
    _ws, _header, by_id = findings_rows(path)
    text = str(by_id[finding.id]["Target text"].value)
    assert text.count("\n\n") == 3 and text.endswith(f"… and {len(finding.locations) - 3} more (all in the "
                                                     "Location column and in findings.json)")
    assert len(by_id[finding.id]["Location"].value.splitlines()) == len(finding.locations)
