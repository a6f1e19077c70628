"""`align check --jobs/--jsonl` routes a TMX to the streaming driver; same bytes for any --jobs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from align.scale.synth import perturbed_pairs, read_pairs_tsv, write_tmx

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"


@pytest.fixture(scope="module")
def tm(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "tm.tmx"
    write_tmx(perturbed_pairs(read_pairs_tsv(PAIRS_TSV)[:150], 300, seed=4), path)
    return path


def test_jobs_and_jsonl(tm: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        result = runner.invoke(main, ["check", str(tm), "--jobs", jobs, "--jsonl", str(out)])
        assert result.exit_code == 0, result.output
        assert "300 units" in result.output and "streamed" in result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0]
    checks = {json.loads(l)["check"] for l in outs[0].decode("utf-8").splitlines()}
    assert "consistency.target" in checks


def test_fail_on_gate_and_workbook(tm: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["check", str(tm), "--jsonl", str(tmp_path / "f.jsonl"),
                                       "-o", str(xlsx), "--fail-on", "minor"])
    assert result.exit_code == 1, result.output
    assert xlsx.exists() and "review workbook" in result.output


def test_streaming_options_need_one_tmx_or_xliff(tmp_path: Path) -> None:
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("en\tnl\nThe Council\tDe Raad\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tsv), "--jobs", "2"])
    assert result.exit_code == 2 and "TMX or XLIFF" in result.output


def test_review_options_when_streamed(tm: Path, tmp_path: Path) -> None:
    # --previous/--decisions/--max-findings/--score work in streamed runs (tests/test_scale_review.py)
    result = CliRunner().invoke(main, ["check", str(tm), "--jobs", "1", "--max-findings", "5"])
    assert result.exit_code == 0 and "(--max-findings 5)" in result.output, result.output
    missing = tmp_path / "no-such-decisions.tsv"
    result = CliRunner().invoke(main, ["check", str(tm), "--jobs", "1", "--previous", str(missing)])
    assert result.exit_code == 2 and "no-such-decisions.tsv" in result.output


def test_dask_address(tm: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    local = tmp_path / "local.jsonl"
    remote = tmp_path / "dask.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(tm), "--jsonl", str(local)]).exit_code == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = runner.invoke(main, ["check", str(tm), "--dask", cluster.scheduler_address,
                                      "--jsonl", str(remote)])
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()
