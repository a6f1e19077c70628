"""`align check` on large files: routing, unit counting, outputs written from the stream."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from align.model import Severity
from align.scale.run import count_units, is_large, streaming_check, wants_streaming
from align.scale.synth import perturbed_pairs, read_pairs_tsv, write_tmx

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
DGT_TMX = sorted((ROOT / "corpora" / "dgt-en-nl" / "tmx").glob("*.tmx"))


@pytest.fixture(scope="module")
def tm(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("run") / "tm.tmx"
    write_tmx(perturbed_pairs(read_pairs_tsv(PAIRS_TSV)[:200], 400, seed=2), path)
    return path


@pytest.mark.parametrize("path", DGT_TMX[:4], ids=lambda p: p.name)
@pytest.mark.parametrize("block", [61, 1 << 22])
def test_count_units_of_real_utf16_dgt_files(path: Path, block: int) -> None:
    expected = len(re.findall(r"<tu[ >]", path.read_text(encoding="utf-16")))
    assert count_units(str(path), block_size=block) == expected


@pytest.mark.parametrize("block", [5, 13, 4096])
def test_count_units_utf8_any_block_size(tm: Path, block: int) -> None:
    assert count_units(str(tm), block_size=block) == 400


def test_routing(tm: Path, tmp_path: Path) -> None:
    assert not is_large(str(tm)) and is_large(str(tm), threshold=100)
    assert wants_streaming(str(tm), jobs=2, jsonl=None)
    assert wants_streaming(str(tm), jobs=None, jsonl="x.jsonl")
    assert not wants_streaming(str(tm), jobs=None, jsonl=None)
    assert wants_streaming(str(tm), jobs=None, jsonl=None, threshold=100)
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("en\tnl\nThe Council\tDe Raad\n", encoding="utf-8")
    assert not wants_streaming(str(tsv), jobs=2, jsonl=None)  # tables take the normal path


def test_outputs_from_the_stream(tm: Path, tmp_path: Path) -> None:
    jsonl, xlsx, js = tmp_path / "f.jsonl", tmp_path / "r.xlsx", tmp_path / "f.json"
    report = streaming_check(str(tm), jobs=1, jsonl=str(jsonl), output=str(xlsx), json_path=str(js),
                             chunk_size=100)
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    doc = json.loads(js.read_text(encoding="utf-8"))
    assert [f["id"] for f in doc["findings"]] == [json.loads(l)["id"] for l in lines]
    assert doc["summary"]["total"] == len(lines) == report.result.summary.total
    assert doc["languages"] == {"source": "en", "target": "nl"} and doc["tool"] == "align"
    assert xlsx.stat().st_size > 0
    text = "\n".join(report.summary_lines())
    assert "400 units" in text and "findings JSONL" in text
    by_severity = doc["summary"]["by_severity"]
    assert report.gate(Severity.MINOR) == (len(lines) > 0)
    assert report.gate(Severity.MAJOR) == (by_severity["major"] + by_severity["critical"] > 0)
    assert report.gate(Severity.CRITICAL) == (by_severity["critical"] > 0)


def test_unknown_check_is_a_usage_error(tm: Path) -> None:
    from align.errors import UsageError

    with pytest.raises(UsageError):
        streaming_check(str(tm), only=("no.such.check",))


def test_no_spool_left_behind(tm: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = tmp_path / "only.xlsx"
    streaming_check(str(tm), output=str(out), chunk_size=200, only=("consistency",))
    assert [p.name for p in tmp_path.iterdir()] == ["only.xlsx"]
