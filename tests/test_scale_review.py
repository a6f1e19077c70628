"""The review round trip for streamed runs: decisions typed on any Findings sheet of the large
workbook come back, are carried over by finding id, and --previous/--max-findings/--score work as
in the normal workbook. TMs are built from real DGT pairs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from align.cli import main
from align.errors import InputError
from align.model import Severity
from align.report.review import (Decision, PreviousRun, apply_previous, load_previous, read_decisions_file,
                                 snippet_of)
from align.report.score import mqm_score
from align.report.xlsx import read_review_workbook
from align.scale.driver import read_jsonl
from align.scale.review import StreamedReview
from align.scale.run import streaming_check
from align.scale.synth import perturbed_pairs, read_pairs_tsv, write_tmx

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
ROWS = 12  # rows per Findings sheet in these tests (header included): several sheets from a small TM
STREAM = ("--jsonl",)  # any streaming flag routes `align check` to the streamed path


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str]]:
    return list(perturbed_pairs(read_pairs_tsv(PAIRS_TSV)[:300], 800, seed=3))


@pytest.fixture(scope="module")
def tm(tmp_path_factory, pairs) -> Path:
    path = tmp_path_factory.mktemp("review") / "tm.tmx"
    write_tmx(pairs, path)
    return path


@pytest.fixture(scope="module")
def first_run(tm: Path, tmp_path_factory) -> dict:
    """One streamed run: workbook split over several Findings sheets, its JSONL."""
    out = tmp_path_factory.mktemp("first")
    jsonl, xlsx = out / "f.jsonl", out / "r.xlsx"
    streaming_check(str(tm), jsonl=str(jsonl), output=str(xlsx), chunk_size=100, workbook_row_limit=ROWS)
    findings = list(read_jsonl(str(jsonl)))
    assert len(findings) > 3 * (ROWS - 1), "the TM must give findings for at least four sheets"
    return {"jsonl": jsonl, "xlsx": xlsx, "findings": findings}


def sheet_rows(path: Path) -> dict[str, tuple[str, int, dict]]:
    """finding id -> (sheet, row, {header: value}) over every Findings sheet."""
    wb = load_workbook(path, read_only=True)
    out = {}
    for name in wb.sheetnames:
        if name != "Findings" and not name.startswith("Findings "):
            continue
        rows = list(wb[name].iter_rows(values_only=True))
        header = rows[0]
        for r, row in enumerate(rows[1:], start=2):
            out[row[0]] = (name, r, dict(zip(header, row)))
    wb.close()
    return out


def type_decisions(path: Path, edits: dict[str, dict[str, str]]) -> None:
    """A reviser types into the workbook; openpyxl (normal mode) loads and re-saves it."""
    wb = load_workbook(path)
    for name in wb.sheetnames:
        if name != "Findings" and not name.startswith("Findings "):
            continue
        ws = wb[name]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for column, value in edits.get(row[0].value, {}).items():
                row[header.index(column)].value = value
    wb.save(path)


def summary_values(path: Path) -> dict:
    wb = load_workbook(path, read_only=True)
    out = {row[0]: row[1] if len(row) > 1 else None for row in wb["Summary"].iter_rows(values_only=True)
           if row and row[0]}
    wb.close()
    return out


def cli(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_import_reads_every_findings_sheet(first_run: dict, tmp_path: Path) -> None:
    xlsx = tmp_path / "r.xlsx"
    xlsx.write_bytes(first_run["xlsx"].read_bytes())
    rows = sheet_rows(xlsx)
    by_sheet: dict[str, list[str]] = {}
    for fid, (sheet, _r, _v) in rows.items():
        by_sheet.setdefault(sheet, []).append(fid)
    assert list(by_sheet)[:3] == ["Findings", "Findings 2", "Findings 3"]
    assert [f.id for f in first_run["findings"]] == list(rows)  # every finding, in run order
    second, third, last = by_sheet["Findings 2"], by_sheet["Findings 3"], by_sheet[list(by_sheet)[-1]]
    edits = {second[0]: {"Status": "Confirmed error", "Reviewer": "AB", "Comment": "second sheet"},
             second[-1]: {"Status": "false positive", "Comment": "=not an error"},
             third[2]: {"MQM type": "Style", "Severity override": "minor"},
             last[-1]: {"Status": "Won't fix", "Comment": "last sheet"}}
    type_decisions(xlsx, edits)
    read = read_review_workbook(xlsx)
    assert {d.finding_id for _r, d in read.rows} == set(edits)
    assert set(read.finding_ids) == set(rows)  # the hidden _findings sheet lists the whole run
    decisions = tmp_path / "decisions.tsv"
    out = cli("review", "import", xlsx, "--decisions", decisions, "--date", "2026-11-28")
    assert "4 reviewed row(s)" in out
    saved = read_decisions_file(decisions)
    assert set(saved) == set(edits)
    assert saved[second[0]].status == "Confirmed error" and saved[second[0]].reviewer == "AB"
    assert saved[second[-1]].status == "False positive" and saved[second[-1]].comment == "=not an error"
    assert saved[third[2]].severity == "minor" and saved[third[2]].mqm_type == "Style"
    assert saved[last[-1]].comment == "last sheet"
    assert all(d.snippet for d in saved.values())  # snippets come from the _findings sheet


def test_a_bad_value_on_a_later_sheet_names_that_sheet(first_run: dict, tmp_path: Path) -> None:
    xlsx = tmp_path / "r.xlsx"
    xlsx.write_bytes(first_run["xlsx"].read_bytes())
    fid, (sheet, row, _v) = next((k, v) for k, v in sheet_rows(xlsx).items() if v[0] == "Findings 3")
    type_decisions(xlsx, {fid: {"Status": "maybe"}})
    with pytest.raises(InputError) as err:
        read_review_workbook(xlsx)
    assert "sheet Findings 3" in str(err.value) and str(row) in str(err.value)


def test_decisions_survive_two_streamed_runs(first_run: dict, tm: Path, tmp_path: Path) -> None:
    xlsx1, decisions = tmp_path / "r1.xlsx", tmp_path / "align-decisions.tsv"
    xlsx1.write_bytes(first_run["xlsx"].read_bytes())
    ids = list(sheet_rows(xlsx1))
    confirmed, fp, commented = ids[ROWS + 1], ids[2 * ROWS], ids[-1]  # on sheets 2, 3 and the last
    type_decisions(xlsx1, {confirmed: {"Status": "Confirmed error", "Comment": "wrong number"},
                           fp: {"Status": "False positive", "Comment": "fine in context"},
                           commented: {"Comment": "ask the terminologist"}})
    cli("review", "import", xlsx1, "--decisions", decisions, "--date", "2026-11-01")

    xlsx2, json2 = tmp_path / "r2.xlsx", tmp_path / "f2.json"
    out = cli("check", tm, *STREAM, tmp_path / "f2.jsonl", "--decisions", decisions, "--previous", xlsx1,
              "-o", xlsx2, "--json", json2)
    assert f"since previous: 0 new, {len(ids)} still open, 0 gone" in out
    assert "1 accepted false positive(s) hidden" in out
    rows2 = sheet_rows(xlsx2)
    assert fp not in rows2 and len(rows2) == len(ids) - 1
    assert rows2[confirmed][2]["Status"] == "Confirmed error" and rows2[confirmed][2]["Comment"] == "wrong number"
    assert rows2[commented][2]["Comment"] == "ask the terminologist"
    assert {v[2]["Since last run"] for v in rows2.values()} == {"Still open"}
    summary = summary_values(xlsx2)
    assert summary["Accepted false positives hidden"] == 1 and "fine in context" in summary[fp]
    doc = json.loads(json2.read_text(encoding="utf-8"))
    assert len(doc["findings"]) == len(ids)  # the JSON keeps every finding, decisions attached
    by_id = {f["id"]: f for f in doc["findings"]}
    assert by_id[fp]["review"]["status"] == "False positive" and doc["summary"]["hidden_false_positives"] == 1

    # second round on the new workbook: one more decision; the hidden one must come back too
    another = next(fid for fid in rows2 if fid not in (confirmed, commented))
    type_decisions(xlsx2, {another: {"Status": "Fixed"}, commented: {"Comment": "terminologist agrees"}})
    cli("review", "import", xlsx2, "--decisions", decisions, "--date", "2026-11-02")
    final = read_decisions_file(decisions)
    assert set(final) == {confirmed, fp, commented, another}
    assert final[fp].comment == "fine in context"  # hidden in round two, carried in _decisions
    assert "ask the terminologist" in final[commented].comment and "agrees" in final[commented].comment

    xlsx3 = tmp_path / "r3.xlsx"
    cli("check", tm, *STREAM, tmp_path / "f3.jsonl", "--previous", xlsx2, "-o", xlsx3)
    rows3 = sheet_rows(xlsx3)
    assert rows3[another][2]["Status"] == "Fixed" and rows3[confirmed][2]["Status"] == "Confirmed error"
    assert fp not in rows3  # still hidden: the decision travelled through r2's hidden sheet


def test_gone_findings_are_listed_and_kept(first_run: dict, pairs, tmp_path: Path) -> None:
    edited = tmp_path / "edited.tmx"
    write_tmx(pairs[:500], edited)  # the translator drops the last units
    probe = tmp_path / "probe.jsonl"
    streaming_check(str(edited), jsonl=str(probe), chunk_size=100)
    now = {f.id for f in read_jsonl(str(probe))}
    gone = [f for f in first_run["findings"] if f.id not in now]
    assert gone, "dropping units must lose findings"
    xlsx1 = tmp_path / "r1.xlsx"
    xlsx1.write_bytes(first_run["xlsx"].read_bytes())
    type_decisions(xlsx1, {gone[0].id: {"Status": "Confirmed error", "Reviewer": "CD", "Comment": "see memo"}})

    xlsx2, json2, decisions = tmp_path / "r2.xlsx", tmp_path / "f2.json", tmp_path / "d.tsv"
    out = cli("check", edited, "--jobs", "1", "--previous", xlsx1, "-o", xlsx2, "--json", json2)
    assert f"{len(gone)} gone" in out
    summary = summary_values(xlsx2)
    assert summary[f"Gone since the previous review ({len(gone)})"] is None
    assert "Confirmed error, CD: see memo" in summary[gone[0].id]
    assert all(f.id in summary for f in gone)
    doc = json.loads(json2.read_text(encoding="utf-8"))
    assert {g["id"] for g in doc["summary"]["gone"]} == {f.id for f in gone}
    out = cli("review", "import", xlsx2, "--decisions", decisions)
    assert "whose finding is gone are kept" in out and gone[0].id in out
    assert read_decisions_file(decisions)[gone[0].id].comment == "see memo"


def test_jobs_2_writes_the_same_workbook(first_run: dict, tm: Path, tmp_path: Path) -> None:
    xlsx1 = tmp_path / "r1.xlsx"
    xlsx1.write_bytes(first_run["xlsx"].read_bytes())
    ids = list(sheet_rows(xlsx1))
    type_decisions(xlsx1, {ids[1]: {"Status": "False positive"}, ids[ROWS + 3]: {"Comment": "x"}})
    contents = []
    for jobs in (1, 2):  # chunks of 100 units: eight chunks, so two processes really share them
        out = tmp_path / f"j{jobs}.xlsx"
        streaming_check(str(tm), jobs=jobs, output=str(out), chunk_size=100, workbook_row_limit=ROWS,
                        previous=load_previous(xlsx1), max_findings=30)
        wb = load_workbook(out, read_only=True)
        contents.append({name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames})
        wb.close()
    assert contents[0] == contents[1]
    shown = [row[0] for name, rows in contents[0].items() if name.startswith("Findings") for row in rows[1:]]
    assert len(shown) == 30 and ids[1] not in shown
    assert contents[0]["Findings 3"][1][0] == shown[2 * (ROWS - 1)]


def test_max_findings_keeps_the_worst_first(first_run: dict, tm: Path, tmp_path: Path) -> None:
    findings = first_run["findings"]
    limit = 7
    xlsx, js = tmp_path / "r.xlsx", tmp_path / "f.json"
    out = cli("check", tm, "--jobs", "1", "--max-findings", limit, "-o", xlsx, "--json", js)
    order = {f.id: i for i, f in enumerate(findings)}
    worst = sorted(findings, key=lambda f: (-int(f.severity), order[f.id]))[:limit]
    assert list(sheet_rows(xlsx)) == [f.id for f in findings if f in worst]  # run order, worst N
    summary = summary_values(xlsx)
    assert summary["Findings in this workbook"] == f"{limit} of {len(findings)}"
    assert summary["Left out (--max-findings)"].startswith(f"{len(findings) - limit} lower-severity findings")
    assert f"{limit} of {len(findings)} findings" in out
    assert len(json.loads(js.read_text(encoding="utf-8"))["findings"]) == len(findings)


def test_score_confirmed_counts_confirmed_errors_only(first_run: dict, tm: Path, tmp_path: Path) -> None:
    findings = first_run["findings"]
    decisions = tmp_path / "d.tsv"
    xlsx1 = tmp_path / "r1.xlsx"
    xlsx1.write_bytes(first_run["xlsx"].read_bytes())
    chosen = {findings[0].id: {"Status": "Confirmed error", "Severity override": "critical"},
              findings[5].id: {"Status": "Won't fix"}, findings[9].id: {"Status": "False positive"}}
    type_decisions(xlsx1, chosen)
    cli("review", "import", xlsx1, "--decisions", decisions)
    js = tmp_path / "f.json"
    result = CliRunner().invoke(main, ["check", str(tm), "--jobs", "1", "--decisions", str(decisions),
                                       "--score", "confirmed", "--json", str(js), "--fail-on", "critical"])
    assert result.exit_code == 1, result.output  # the override made a confirmed error critical
    score = json.loads(js.read_text(encoding="utf-8"))["summary"]["mqm"]
    statuses = {k: v["Status"] for k, v in chosen.items()}
    expected = mqm_score(findings, score["source_words"], basis="confirmed", statuses=statuses,
                         severities={findings[0].id: Severity.CRITICAL})
    assert score["counts"] == expected.to_json()["counts"] and score["quality"] == expected.to_json()["quality"]
    assert sum(score["counts"].values()) == 2 and score["counts"]["critical"] == 1 and not score["passed"]


def test_a_false_positive_no_longer_fails_the_gate(first_run: dict, tm: Path, tmp_path: Path) -> None:
    decisions = tmp_path / "d.tsv"
    xlsx1 = tmp_path / "r1.xlsx"
    xlsx1.write_bytes(first_run["xlsx"].read_bytes())
    majors = [f.id for f in first_run["findings"] if f.severity >= Severity.MAJOR]
    assert majors
    type_decisions(xlsx1, {fid: {"Status": "False positive"} for fid in majors})
    cli("review", "import", xlsx1, "--decisions", decisions)
    gated = CliRunner().invoke(main, ["check", str(tm), "--jobs", "1", "--fail-on", "major"])
    accepted = CliRunner().invoke(main, ["check", str(tm), "--jobs", "1", "--fail-on", "major",
                                         "--decisions", str(decisions)])
    assert gated.exit_code == 1 and accepted.exit_code == 0, accepted.output


def test_streamed_review_equals_the_in_memory_one(first_run: dict) -> None:
    """Same decisions, marks, hidden, gone and edited-text hints as align.report.review.apply_previous."""
    findings = first_run["findings"]
    earlier = frozenset(f.id for f in findings[: len(findings) // 2]) | {"GONE-000000000001"}
    new = [f for f in findings if f.id not in earlier]
    decisions = {
        findings[0].id: Decision(findings[0].id, findings[0].check, "False positive", comment="ok"),
        findings[1].id: Decision(findings[1].id, findings[1].check, "Confirmed error", "critical"),
        findings[2].id: Decision(findings[2].id, findings[2].check),  # untouched: carries nothing
        # a decision whose finding went away because the text was edited a little
        "EDIT-000000000001": Decision("EDIT-000000000001", new[-1].check, "Won't fix",
                                      snippet=snippet_of(new[-1])[:-2] + "xy"),
    }
    previous = PreviousRun("r1.xlsx", decisions, earlier, {"GONE-000000000001": ("ref.number", "2004/1")})
    expected = apply_previous(findings, previous)
    streamed = StreamedReview.learn(lambda: iter(findings), previous, 1000, (0, 1, 5, 25))
    got = streamed.state
    assert dict(got.decisions) == dict(expected.decisions)
    assert {k: got.marks[k] for k in expected.marks} == dict(expected.marks) and len(got.marks) == len(findings)
    assert got.hidden == expected.hidden and got.gone == expected.gone
    assert dict(got.resembles) == dict(expected.resembles) and got.resembles  # the hint was found
    assert [got.mark_label(f.id) for f in findings] == [expected.mark_label(f.id) for f in findings]
    assert streamed.new == len(new) and streamed.total == len(findings)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcde 12", min_size=1, max_size=12), min_size=1, max_size=6),
       st.lists(st.text(alphabet="abcde 12", min_size=1, max_size=12), min_size=1, max_size=6))
def test_resemblance_hints_equal_the_plain_difflib_search(new_texts, gone_texts) -> None:
    """The matcher cache and ratio upper bounds (for streamed runs) change nothing in the result."""
    import difflib

    from align.model import Finding, Location
    from align.report.review import resembling_decisions

    new = [Finding(f"N-{i}", "term.missing", "Terminology", Severity.MINOR, "m", "", "",
                   (Location("target", "t.tmx", i, str(i), "nl", text, None),)) for i, text in enumerate(new_texts)]
    gone = [Decision(f"G-{i}", "term.missing", "Confirmed error", snippet=" ".join(text.split()) or "x")
            for i, text in enumerate(gone_texts)]
    expected, taken = {}, set()
    for f in new:
        best, best_ratio = None, 0.75
        for d in gone:
            if d.finding_id in taken:
                continue
            ratio = difflib.SequenceMatcher(None, snippet_of(f), d.snippet, autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = d, ratio
        if best is not None:
            expected[f.id] = best.finding_id
            taken.add(best.finding_id)
    assert resembling_decisions(new, gone) == expected


def test_jsonl_never_overwrites_the_decisions_file(first_run: dict, tm: Path, tmp_path: Path) -> None:
    decisions = tmp_path / "d.tsv"
    xlsx1 = tmp_path / "r1.xlsx"
    xlsx1.write_bytes(first_run["xlsx"].read_bytes())
    type_decisions(xlsx1, {first_run["findings"][0].id: {"Comment": "keep me"}})
    cli("review", "import", xlsx1, "--decisions", decisions)
    before = decisions.read_bytes()
    result = CliRunner().invoke(main, ["check", str(tm), "--jsonl", str(decisions), "--decisions", str(decisions)])
    assert result.exit_code == 2 and decisions.read_bytes() == before
