"""`align check` through the command line: outputs, --fail-on exit codes, usage errors."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from align.cli import main
from test_report_support import (SEED, dgt_rows, fake_reader, require_real_parts, test_checks,  # noqa: F401
                                 write_pairs_file)


@pytest.fixture
def planted(tmp_path):
    rows = dgt_rows("22019D0391", 20)
    rows[4] = (rows[4][0], rows[4][1].replace("104", "105"))  # one major finding, no critical
    return write_pairs_file(tmp_path / "pairs.tsv", rows)


def run(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


@pytest.mark.parametrize("fail_on, code", [(None, 0), ("critical", 0), ("major", 1), ("minor", 1)])
def test_fail_on_exit_codes(planted, fake_reader, fail_on, code):
    args = [planted, "--checks", "zztest"] + (["--fail-on", fail_on] if fail_on else [])
    result = run(*args)
    assert result.exit_code == code, result.output
    assert "findings: 6 (critical 0, major 1, minor 1, neutral 4)" in result.output
    assert "MQM (all): quality" in result.output


def test_fail_on_ignores_findings_a_reviewer_accepted(tmp_path, planted, fake_reader):
    from align.report.review import Decision, format_decisions

    first = json.loads(_json_of(tmp_path, planted))
    major = next(f for f in first["findings"] if f["severity"] == "major")
    decisions = tmp_path / "d.tsv"
    decisions.write_text(format_decisions({major["id"]: Decision(major["id"], major["check"], "Won't fix")}),
                         encoding="utf-8")
    assert run(planted, "--checks", "zztest", "--fail-on", "major", "--decisions", decisions).exit_code == 0
    overridden = format_decisions({major["id"]: Decision(major["id"], major["check"], "Open", "critical")})
    decisions.write_text(overridden, encoding="utf-8")
    result = run(planted, "--checks", "zztest", "--fail-on", "critical", "--decisions", decisions)
    assert result.exit_code == 1 and "FAIL" in result.output


def _json_of(tmp_path, planted, name="f.json", extra=()):
    out = tmp_path / name
    result = run(planted, "--checks", "zztest", "--json", out, *extra)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_outputs_are_written_and_named(tmp_path, planted, fake_reader):
    result = run(planted, "--checks", "zztest", "-o", tmp_path / "r.xlsx", "--json", tmp_path / "f.json")
    assert result.exit_code == 0, result.output
    assert f"review workbook: {tmp_path / 'r.xlsx'}" in result.output
    assert load_workbook(tmp_path / "r.xlsx")["Findings"].max_row == 7
    data = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert data["inputs"][0]["role"] == "bilingual" and len(data["inputs"][0]["sha256"]) == 64


def test_two_runs_give_identical_json(tmp_path, planted, fake_reader):
    assert _json_of(tmp_path, planted, "a.json") == _json_of(tmp_path, planted, "b.json")


def test_mqm_options(tmp_path, planted, fake_reader):
    data = json.loads(_json_of(tmp_path, planted, extra=("--mqm-weights", "0,2,10,50", "--score", "confirmed")))
    assert data["summary"]["mqm"]["basis"] == "confirmed" and data["summary"]["mqm"]["penalty"] == 0
    data = json.loads(_json_of(tmp_path, planted, "g.json", extra=("--mqm-weights", "0,2,10,50")))
    assert data["summary"]["mqm"]["penalty"] == 12  # one major (10) + one minor (2)


def test_skip_and_only_checks(tmp_path, planted, fake_reader):
    data = json.loads(_json_of(tmp_path, planted, extra=("--skip-checks", "zztest.pattern")))
    assert data["summary"]["by_check"] == {"zztest.number": 1}


@pytest.mark.parametrize("args, message", [
    (["--checks", "no.such.check"], "unknown check 'no.such.check'"),
    (["--checks", "zztest", "--mqm-weights", "1,2"], "--mqm-weights needs four numbers"),
    (["--checks", "zztest", "-o", "out.txt"], "must be an .xlsx file"),
    (["--checks", "zztest", "--previous", "missing.xlsx"], "missing.xlsx: review workbook does not exist"),
    (["--checks", "zztest", "--previous", "missing.tsv"], "missing.tsv: previous decisions file does not exist"),
])
def test_usage_errors_exit_2(planted, fake_reader, args, message):
    result = run(planted, *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_missing_input_exits_2(tmp_path, fake_reader):
    result = run(tmp_path / "nothing.tsv", "--checks", "zztest")
    assert result.exit_code == 2 and "nothing.tsv: file does not exist" in result.output


def test_never_overwrites_an_input(tmp_path, planted, fake_reader):
    before = planted.read_bytes()
    result = run(planted, "--checks", "zztest", "--json", planted)
    assert result.exit_code == 2 and "also an input" in result.output
    assert planted.read_bytes() == before


def test_no_progress_lines_when_stderr_is_not_a_terminal(planted, fake_reader):
    result = CliRunner().invoke(main, ["check", str(planted), "--checks", "zztest"])
    assert "…" not in result.output and not result.output.startswith("align: ")


def test_seed_end_to_end_with_the_real_readers(tmp_path):
    """The quick start, once the readers and checks of the other parts are in place."""
    require_real_parts()
    result = CliRunner().invoke(main, ["check", str(SEED), "-o", str(tmp_path / "review.xlsx"),
                                       "--json", str(tmp_path / "f.json")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert data["mode"] == "monolingual" and data["languages"] == {"source": "nl", "target": "en"}
    wb = load_workbook(tmp_path / "review.xlsx")
    assert wb["Findings"].max_row == len(data["findings"]) + 1


def test_seed_json_is_byte_identical_whatever_the_glossary_order_and_hash_seed(tmp_path):
    """The real pipeline on the seed: -g order and PYTHONHASHSEED never change a byte."""
    import os
    import subprocess
    import sys

    require_real_parts()
    glossaries = SEED.parent.parent.parent / "glossaries"
    a, b = glossaries / "justice-home-affairs.csv", glossaries / "treaties-and-named-instruments.csv"
    outs = []
    for seed, order in (("1", (a, b)), ("977", (b, a))):
        out = tmp_path / f"f{seed}.json"
        args = [sys.executable, "-m", "align", "check", str(SEED), "--no-default-glossaries", "--json", str(out)]
        for g in order:
            args += ["-g", str(g)]
        proc = subprocess.run(args, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    data = json.loads(outs[0])
    # files inside the shipped folder are named relative to it, so the JSON does not name the machine
    assert [g["path"] for g in data["glossaries"]] == [f"shipped:{p.name}" for p in (a, b)]


def test_progress_lines_go_to_stderr_only_when_asked(capsys):
    from align.cli.check import _progress

    _progress(False)("reading x")
    _progress(True)("reading x")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "align: reading x …\n"
