"""findings.json (contract, determinism) and the MQM score."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from align.errors import UsageError
from align.model import Finding, Severity
from align.pipeline import CheckConfig
from align.report.bundle import build_report
from align.report.json import findings_json
from align.report.review import Decision, ReviewState
from align.report.score import count_words, mqm_score, parse_weights
from test_report_support import dgt_rows, make_bitext, run_synthetic, test_checks  # noqa: F401

TESTS = Path(__file__).resolve().parent


def synthetic_report(**kwargs):
    rows = dgt_rows("22019D0391", 20)
    rows[4] = (rows[4][0], rows[4][1].replace("104", "105"))
    bitext = make_bitext(rows)
    run = run_synthetic("bilingual", (bitext.source, bitext.target), bitext,
                        settings={"zz_patterns": {"hereby": "minor", "Agreement": "neutral"}})
    return run, build_report(run, **kwargs)


def test_json_follows_the_contract(test_checks):
    run, report = synthetic_report()
    data = json.loads(findings_json(report))
    assert data["tool"] == "align" and data["version"]
    assert [i["path"] for i in data["inputs"]] == ["doc.nl.txt", "doc.en.txt"]
    assert data["summary"]["by_severity"] == {"critical": 0, "major": 1, "minor": 1, "neutral": 4}
    assert data["summary"]["by_check"] == {"zztest.number": 1, "zztest.pattern": 5}
    first = data["findings"][0]
    assert {"id", "check", "category", "severity", "message", "expected", "found", "locations"} <= set(first)
    assert set(first["locations"][0]) >= {"side", "file", "line", "segment", "lang", "text", "span"}
    planted = next(f for f in data["findings"] if f["check"] == "zztest.number")
    loc = planted["locations"][-1]
    assert loc["text"][loc["span"][0]:loc["span"][1]] == "105"
    assert "date" not in json.dumps(data["summary"])  # no timestamps


def test_json_is_identical_whatever_the_glossary_order(test_checks):
    run, report = synthetic_report()
    files = (("/g/b.csv", "2" * 64), ("/g/a.tbx", "1" * 64))
    glossary_a = type("G", (), {"files": files})()
    glossary_b = type("G", (), {"files": tuple(reversed(files))})()
    outs = []
    for glossary in (glossary_a, glossary_b):
        from align.pipeline import check_loaded

        cfg = dataclasses.replace(run.config)
        r = check_loaded(cfg, run.mode, run.documents, run.bitext, glossary=glossary, inputs=run.inputs)
        outs.append(findings_json(build_report(r)))
    assert outs[0] == outs[1]
    assert CheckConfig(inputs=("x",), glossaries=("b.csv", "a.tbx", "b.csv")).glossary_paths() == ("a.tbx", "b.csv")


SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_report_support import *
from align.checks import registry
registry.discover()
registry._REGISTRY["zztest.number"] = registry.CheckSpec("zztest.number", "Accuracy", registry.Severity.MAJOR,
    "t", check_numbers, "", ("bilingual",))
registry._REGISTRY["zztest.pattern"] = registry.CheckSpec("zztest.pattern", "Style", registry.Severity.MINOR,
    "t", check_patterns)
from align.report.bundle import build_report
from align.report.json import findings_json
rows = dgt_rows("22019D0391", 20)
rows[4] = (rows[4][0], rows[4][1].replace("104", "105"))
bt = make_bitext(rows)
pats = {{"hereby": "minor", "Agreement": "neutral", "the": "neutral", "of": "minor"}}
run = run_synthetic("bilingual", (bt.source, bt.target), bt, settings={{"zz_patterns": pats}})
sys.stdout.write(findings_json(build_report(run)))
"""


def test_json_is_byte_identical_across_hash_seeds():
    outs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", SCRIPT.format(tests=str(TESTS))], env=env,
                              capture_output=True, text=True, check=True)
        outs.append(proc.stdout)
    assert outs[0] == outs[1] and len(json.loads(outs[0])["findings"]) > 20


# ---------------------------------------------------------------- MQM

def finding(fid: str, severity: Severity) -> Finding:
    return Finding(fid, "zztest.number", "Accuracy", severity, "m")


def test_score_per_thousand_words_with_formula():
    fs = [finding("a", Severity.MINOR), finding("b", Severity.MAJOR), finding("c", Severity.MAJOR),
          finding("d", Severity.NEUTRAL)]
    s = mqm_score(fs, source_words=500)
    assert s.counts == (1, 1, 2, 0) and s.penalty == 11
    assert s.normed_penalty == pytest.approx(22.0) and s.quality == pytest.approx(78.0) and s.passed
    assert s.formula.startswith("penalty = 1×0 + 1×1 + 2×5 + 0×25 = 11; normed = penalty × 1000 / 500")


def test_a_critical_error_fails_and_weights_are_configurable():
    fs = [finding("a", Severity.CRITICAL)]
    assert not mqm_score(fs, 1000).passed
    assert mqm_score(fs, 1000, weights=parse_weights("0,1,5,10")).penalty == 10


def test_confirmed_basis_counts_reviewer_confirmed_errors_with_overrides():
    fs = [finding("a", Severity.MAJOR), finding("b", Severity.MAJOR), finding("c", Severity.MINOR)]
    statuses = {"a": "Confirmed error", "b": "False positive", "c": "Won't fix"}
    confirmed = mqm_score(fs, 1000, basis="confirmed", statuses=statuses, severities={"a": Severity.CRITICAL})
    assert confirmed.counts == (0, 1, 0, 1) and not confirmed.passed
    everything = mqm_score(fs, 1000, basis="all", statuses=statuses)
    assert everything.counts == (0, 1, 1, 0)


@pytest.mark.parametrize("bad", ["1,2,3", "a,b,c,d", "0,1,-5,25", ""])
def test_bad_weights_are_a_usage_error(bad):
    with pytest.raises(UsageError):
        parse_weights(bad)


def test_word_count_on_real_text():
    nl, en = dgt_rows("22019D0391", 3)[1]
    assert (nl, en) == ("van 18 februari 2019", "of 18 February 2019")
    assert count_words([nl]) == 4 and count_words(["Verordening (EG) nr. 1234/2007"]) == 4


def test_report_hides_false_positives_from_counts_and_score(test_checks):
    run, plain = synthetic_report()
    planted = next(f for f in run.findings if f.check == "zztest.number")
    review = ReviewState(decisions={planted.id: Decision(planted.id, status="False positive")},
                         hidden=(planted,), compared=True)
    report = build_report(run, review)
    assert plain.by_severity()["major"] == 1 and report.by_severity()["major"] == 0
    assert report.score.penalty == plain.score.penalty - 5
    data = json.loads(findings_json(report))
    assert data["summary"]["hidden_false_positives"] == 1
    assert len(data["findings"]) == len(run.findings)  # the JSON keeps everything
    assert next(f for f in data["findings"] if f["id"] == planted.id)["review"]["status"] == "False positive"
