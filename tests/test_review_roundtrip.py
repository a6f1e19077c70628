"""The review round trip: write, review in the workbook, import, re-run on edited input, carry over."""
from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from align.cli import main
from align.errors import InputError
from align.report.review import (DECISIONS_FILENAME, Decision, format_decisions, merge_decision,
                                 parse_decisions, read_decisions_file, update_decisions_file)
from test_report_support import dgt_rows, fake_reader, test_checks, write_pairs_file  # noqa: F401


def base_pairs():
    rows = dgt_rows("22019D0391", 20)
    rows[4] = (rows[4][0], rows[4][1].replace("104", "105"))  # planted: 105 is not in the Dutch
    return rows


def check(*args):
    result = CliRunner().invoke(main, ["check", *map(str, args), "--checks", "zztest"])
    assert result.exit_code in (0, 1), result.output
    return result


def import_(*args):
    return CliRunner().invoke(main, ["review", "import", *map(str, args)])


def rows_by_id(path):
    ws = load_workbook(path)["Findings"]
    header = [c.value for c in ws[1]]
    out = {}
    for r in ws.iter_rows(min_row=2):
        out[r[0].value] = {h: c for h, c in zip(header, r)}
    return ws, out


def summary_values(path):
    ws = load_workbook(path)["Summary"]
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}


def review(path, edits):
    """Type into the workbook as a reviewer would: {finding id: {column: value}}."""
    wb = load_workbook(path, rich_text=True)
    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for column, value in edits.get(row[0].value, {}).items():
            row[header.index(column)].value = value
    wb.save(path)


def test_round_trip_keeps_every_decision(tmp_path, fake_reader):
    v1 = write_pairs_file(tmp_path / "v1.tsv", base_pairs())
    check(v1, "-o", tmp_path / "r1.xlsx")
    _ws, rows = rows_by_id(tmp_path / "r1.xlsx")
    at = {(row["Found"].value, row["Location"].value.splitlines()[-1]): fid for fid, row in rows.items()}
    number_id = at[("105", "v1.tsv:5")]
    hereby_id = at[("hereby", "v1.tsv:8")]
    fp_id = at[("Agreement", "v1.tsv:1")]
    commented_id = at[("Agreement", "v1.tsv:8")]
    review(tmp_path / "r1.xlsx", {
        number_id: {"Status": "Confirmed error", "Reviewer": "AB", "Comment": "original says 104"},
        hereby_id: {"Status": "won't fix", "MQM type": "Style", "Comment": "house style allows it"},
        fp_id: {"Status": "False positive", "Comment": "title of the Agreement, fine"},
        commented_id: {"Comment": "=ask the terminologist"},
    })
    result = import_(tmp_path / "r1.xlsx", "--date", "2026-01-02")
    assert result.exit_code == 0, result.output
    decisions_path = tmp_path / DECISIONS_FILENAME  # default: next to the first input
    decisions = read_decisions_file(decisions_path)
    assert set(decisions) == {number_id, hereby_id, fp_id, commented_id}
    assert decisions[hereby_id].status == "Won't fix" and decisions[hereby_id].mqm_type == "Style"
    assert decisions[number_id].snippet and "105" in decisions[number_id].snippet
    assert decisions[commented_id].status == "Open" and decisions[commented_id].comment == "=ask the terminologist"
    assert decisions[number_id].date == "2026-01-02"

    # The translator fixes 105 (so every finding id of that segment changes) and makes a new
    # mistake elsewhere; a new first line shifts every line number (ids do not depend on them).
    v2_pairs = base_pairs()
    v2_pairs[4] = dgt_rows("22019D0391", 20)[4]
    v2_pairs[1] = (v2_pairs[1][0], v2_pairs[1][1].replace("18", "19"))
    v2 = write_pairs_file(tmp_path / "v2.tsv", [("Inleiding", "Introduction"), *v2_pairs])
    result = check(v2, "-o", tmp_path / "r2.xlsx", "--previous", tmp_path / "r1.xlsx",
                   "--decisions", decisions_path, "--json", tmp_path / "f2.json")
    assert "since previous: 3 new, 3 still open, 3 gone" in result.output, result.output
    _ws, rows2 = rows_by_id(tmp_path / "r2.xlsx")
    assert fp_id not in rows2  # accepted false positive hidden...
    summary = summary_values(tmp_path / "r2.xlsx")
    assert summary["Accepted false positives hidden"] == 1
    assert "title of the Agreement, fine" in summary[fp_id]  # ...and listed with its comment
    assert number_id not in rows2 and "original says 104" in summary[number_id]  # gone, listed
    assert rows2[hereby_id]["Status"].value == "Won't fix"
    assert rows2[hereby_id]["Comment"].value == "house style allows it"
    assert rows2[hereby_id]["Since last run"].value == "Still open"
    assert rows2[commented_id]["Comment"].value == "=ask the terminologist"
    new = [fid for fid, row in rows2.items() if row["Since last run"].value == "New"]
    assert sorted(rows2[fid]["Found"].value for fid in new) == ["19", "Agreement", "Agreement"]
    new = [fid for fid in new if rows2[fid]["Found"].value == "19"]

    # Second review round: the new finding gets a comment; nothing from round one may vanish.
    review(tmp_path / "r2.xlsx", {new[0]: {"Status": "Confirmed error", "Comment": "19 should be 18"},
                                 hereby_id: {"Comment": "agreed with the reviser"}})
    result = import_(tmp_path / "r2.xlsx", "--decisions", decisions_path, "--date", "2026-01-03")
    assert result.exit_code == 0, result.output
    assert "whose finding is gone are kept" in result.output and number_id in result.output
    final = read_decisions_file(decisions_path)
    assert set(final) == {number_id, hereby_id, fp_id, commented_id, new[0]}
    assert final[number_id].comment == "original says 104"  # gone, kept
    assert final[fp_id].status == "False positive"  # hidden, kept
    assert "agreed with the reviser" in final[hereby_id].comment
    assert "house style allows it" in final[hereby_id].comment  # the earlier comment survives the edit
    assert final[commented_id].date == "2026-01-02"  # unchanged decisions keep their date


def test_unknown_status_names_the_sheet_row(tmp_path, fake_reader):
    v1 = write_pairs_file(tmp_path / "v1.tsv", base_pairs())
    check(v1, "-o", tmp_path / "r1.xlsx")
    ws, rows = rows_by_id(tmp_path / "r1.xlsx")
    fid = sorted(rows)[0]
    review(tmp_path / "r1.xlsx", {fid: {"Status": "Maybe"}})
    result = import_(tmp_path / "r1.xlsx")
    assert result.exit_code == 2
    assert f"row {rows[fid]['ID'].row}" in result.output and "'Maybe'" in result.output
    assert not (tmp_path / DECISIONS_FILENAME).exists()


def test_a_damaged_decisions_file_is_an_error_and_is_not_overwritten(tmp_path, fake_reader):
    v1 = write_pairs_file(tmp_path / "v1.tsv", base_pairs())
    check(v1, "-o", tmp_path / "r1.xlsx")
    _ws, rows = rows_by_id(tmp_path / "r1.xlsx")
    review(tmp_path / "r1.xlsx", {sorted(rows)[0]: {"Status": "Fixed"}})
    damaged = tmp_path / DECISIONS_FILENAME
    damaged.write_text("id,status\nABC,Fixed\n", encoding="utf-8")
    result = import_(tmp_path / "r1.xlsx")
    assert result.exit_code == 2 and "not an align decisions file" in result.output
    assert damaged.read_text(encoding="utf-8") == "id,status\nABC,Fixed\n"
    text = format_decisions({"A": Decision("A", "x.y", "Fixed")}).replace("\tFixed\t", "\tFixed\textra\t")
    with pytest.raises(InputError) as err:
        parse_decisions(text, "d.tsv")
    assert err.value.line == 3


def test_two_imports_at_once_lose_nothing(tmp_path):
    path = tmp_path / "d.tsv"
    errors = []

    def worker(prefix):
        try:
            for i in range(15):
                update_decisions_file(path, [Decision(f"{prefix}-{i:02d}", "zztest.x", "Fixed", comment=prefix)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(p,)) for p in ("A", "B", "C")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(read_decisions_file(path)) == 45


def test_merge_never_drops_a_comment():
    old = Decision("X", "c", "Open", comment="first remark", reviewer="AB", date="2026-01-01")
    new = Decision("X", "c", "Confirmed error", comment="second remark", reviewer="CD")
    merged = merge_decision(old, new, "2026-02-01")
    assert merged.comment == "second remark | earlier: first remark" and merged.date == "2026-02-01"
    assert merge_decision(old, Decision("X", "c", "Fixed"), "2026-02-01").comment == "first remark"
    kept = merge_decision(old, Decision("X", "c", "Open", comment="first remark", reviewer="AB"), "2026-02-01")
    assert kept.date == "2026-01-01"


text_st = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(comment=text_st, snippet=text_st, reviewer=text_st)
def test_decisions_file_round_trips_any_text(comment, snippet, reviewer):
    d = Decision("TERM-0123456789ab", "term.deprecated", "Confirmed error", "major", "Terminology", reviewer.strip(),
                 "2026-01-01", comment, snippet)
    text = format_decisions({d.finding_id: d})
    assert text.count("\n") == 3  # one line per decision, whatever the comment holds
    assert parse_decisions(text, "d.tsv") == {d.finding_id: d}


def test_a_workbook_saved_by_libreoffice_imports(tmp_path, fake_reader):
    """A reviser who saves in LibreOffice Calc: hidden sheets, drop-downs and values survive."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    v1 = write_pairs_file(tmp_path / "v1.tsv", base_pairs())
    check(v1, "-o", tmp_path / "r1.xlsx")
    _ws, rows = rows_by_id(tmp_path / "r1.xlsx")
    fid = next(fid for fid, row in rows.items() if row["Found"].value == "105")
    review(tmp_path / "r1.xlsx", {fid: {"Status": "Confirmed error", "Comment": "+ see 104", "Reviewer": "LO"}})
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(tmp_path / "r1.xlsx")],
                   check=True, capture_output=True, timeout=180)
    result = import_(out / "r1.xlsx", "--decisions", tmp_path / "d.tsv")
    assert result.exit_code == 0, result.output
    (decision,) = read_decisions_file(tmp_path / "d.tsv").values()
    assert (decision.finding_id, decision.status, decision.comment, decision.reviewer) == \
        (fid, "Confirmed error", "+ see 104", "LO")
    wb = load_workbook(out / "r1.xlsx")
    assert any(str(dv.sqref).startswith("M2:") for dv in wb["Findings"].data_validations.dataValidation)


def test_an_edited_segment_points_new_findings_at_the_lost_decision(test_checks):
    """Fixing 105 -> 104 changes the id of the 'Agreement' finding in the same sentence; the new
    finding is marked as resembling the old decision (a hint, nothing is applied)."""
    from align.report.review import PreviousRun, apply_previous
    from test_report_support import make_bitext, run_synthetic

    def findings_of(rows):
        bt = make_bitext(rows)
        return run_synthetic("bilingual", (bt.source, bt.target), bt,
                             settings={"zz_patterns": {"Agreement": "neutral"}}).findings

    before = findings_of(base_pairs())
    after = findings_of(dgt_rows("22019D0391", 20))
    old = next(f for f in before if f.locations[0].text.endswith("105 thereof,") and f.locations[0].span[0] < 60)
    from align.report.review import snippet_of

    previous = PreviousRun("r1.xlsx", {old.id: Decision(old.id, old.check, "False positive", snippet=snippet_of(old))},
                           frozenset(f.id for f in before))
    state = apply_previous(after, previous)
    (new_id,) = state.resembles
    new = next(f for f in after if f.id == new_id)
    assert new.locations[0].span == old.locations[0].span and new.id != old.id
    assert state.mark_label(new_id) == f"New; like {old.id} (False positive)"
    assert state.status(new_id) == "Open"  # a hint only


def test_a_decisions_file_alone_marks_findings_seen_before(test_checks):
    from align.report.review import PreviousRun, apply_previous
    from test_report_support import make_bitext, run_synthetic

    bt = make_bitext(base_pairs())
    findings = run_synthetic("bilingual", (bt.source, bt.target), bt).findings
    first, second = findings[0], findings[1]
    previous = PreviousRun("d.tsv", {first.id: Decision(first.id, first.check, "Fixed", comment="done"),
                                     "GONE-000000000000": Decision("GONE-000000000000", "x.y", "Confirmed error")})
    state = apply_previous(findings, previous)
    assert state.marks[first.id] == "Seen before" and state.marks[second.id] == ""
    assert [d.finding_id for d in state.gone] == ["GONE-000000000000"]
    assert state.all_decisions().keys() == {first.id, "GONE-000000000000"}


def test_clearing_a_carried_decision_reopens_it_and_keeps_the_comment(tmp_path, fake_reader):
    v1 = write_pairs_file(tmp_path / "v1.tsv", base_pairs())
    check(v1, "-o", tmp_path / "r1.xlsx")
    _ws, rows = rows_by_id(tmp_path / "r1.xlsx")
    fid = next(fid for fid, row in rows.items() if row["Found"].value == "105")
    review(tmp_path / "r1.xlsx", {fid: {"Status": "Won't fix", "Comment": "client style"}})
    assert import_(tmp_path / "r1.xlsx", "--date", "2026-01-02").exit_code == 0
    decisions = tmp_path / DECISIONS_FILENAME
    check(v1, "-o", tmp_path / "r2.xlsx", "--decisions", decisions)
    _ws, rows2 = rows_by_id(tmp_path / "r2.xlsx")
    assert rows2[fid]["Status"].value == "Won't fix"  # carried over
    review(tmp_path / "r2.xlsx", {fid: {"Status": None, "Comment": None}})
    assert import_(tmp_path / "r2.xlsx", "--date", "2026-01-03").exit_code == 0
    final = read_decisions_file(decisions)[fid]
    assert (final.status, final.comment, final.date) == ("Open", "client style", "2026-01-03")


@pytest.mark.parametrize("content, message", [
    (b"not a zip at all", "cannot open as a workbook"),
    (None, "not a review workbook written by align"),
])
def test_importing_something_else_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "other.xlsx"
    if content is None:
        from openpyxl import Workbook

        wb = Workbook()
        wb.active["A1"] = "ID"
        wb.save(path)
    else:
        path.write_bytes(content)
    result = import_(path)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
