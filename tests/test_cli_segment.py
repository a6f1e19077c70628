"""``align segment`` on the seed, in tsv and json, and its errors."""
from __future__ import annotations

import json

from click.testing import CliRunner

from align.cli import main

from conftest import SEED


def _run(*args):
    try:  # click < 8.2 mixes stderr into output unless told not to
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(main, ["segment", *args])


def test_tsv():
    result = _run(str(SEED))
    assert result.exit_code == 0, result.stderr
    rows = [r.split("\t") for r in result.stdout.splitlines()]
    assert rows[0] == ["record", "id", "kind", "lang", "lines", "text"]
    assert all(len(r) == 6 for r in rows)
    paragraphs = [r for r in rows if r[0] == "paragraph"]
    sentences = [r for r in rows if r[0] == "sentence"]
    assert len(paragraphs) == 68 and len(sentences) == 68
    assert ["paragraph", "p8", "body", "nl", "40-50"] == paragraphs[7][:5]
    assert paragraphs[7][5].startswith("Indachtig Kaderbesluit 2002/629/JBZ")
    footnote = [r for r in paragraphs if r[2] == "footnote"]
    assert footnote[0][4] == "110-112"
    assert "footnotes=" + footnote[0][1] in paragraphs[12][2]
    assert "encoding utf-8" in result.stderr and "4 furniture" in result.stderr
    assert "6 hyphen-joined, 1 hyphen-kept" in result.stderr


def test_tsv_show_removed():
    result = _run(str(SEED), "--show-removed")
    removed = [r.split("\t") for r in result.stdout.splitlines() if r.startswith("removed\t")]
    assert ["removed", "-", "furniture", "-", "206"] == removed[[r[4] for r in removed].index("206")][:5]
    assert any(r[2] == "hyphen-kept" and r[5].startswith("October- EU") for r in removed)


def test_json():
    result = _run(str(SEED), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["encoding"] == "utf-8" and data["layout"] == "double-spaced" and data["lang"] == "mul"
    assert data["removed"] == {"furniture": 4, "hyphen-joined": 6, "hyphen-kept": 1, "footnote": 1,
                               "footnote-mark": 1}
    first = data["paragraphs"][0]
    assert first["id"] == "p1" and first["lang"] == "nl" and first["kind"] == "body"
    assert first["origin"] == {"file": str(SEED), "line_start": 1, "line_end": 3}
    assert first["sentences"][0]["id"] == "p1.s1"
    langs = {p["lang"] for p in data["paragraphs"]}
    assert langs == {"nl", "en"}
    assert len(data["removed_records"]) == 13


def test_lang_and_one_per_line(tmp_path):
    path = tmp_path / "x.en"
    path.write_text("The Council adopted the conclusions.\n\nThe Commission will report.\n", encoding="utf-8")
    result = _run(str(path), "--one-per-line", "--lang", "en")
    rows = [r.split("\t") for r in result.stdout.splitlines()[1:]]
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("paragraph", "l1", "en", "1"), ("sentence", "l1", "en", "1"),
        ("paragraph", "l3", "en", "3"), ("sentence", "l3", "en", "3")]


def test_missing_file_exit_2(tmp_path):
    result = _run(str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no such file" in result.stderr and result.stdout == ""


def test_empty_file_exit_2(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = _run(str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "empty" in result.stderr


def test_unknown_language_exit_2():
    result = _run(str(SEED), "--lang", "xx")
    assert result.exit_code == 2 and "unknown language" in result.stderr


def test_segment_shows_both_sides_of_a_real_dgt_tmx():
    from click.testing import CliRunner

    from align.cli import main

    tmx = "corpora/dgt-en-nl/tmx/22019D0391.tmx"
    result = CliRunner().invoke(main, ["segment", tmx, "--source-lang", "en", "--target-lang", "nl"])
    assert result.exit_code == 0, result.output
    rows = [r.split("\t") for r in result.stdout.splitlines()[1:]]
    langs = {r[3] for r in rows}
    assert langs == {"en", "nl"}
    assert rows[0][:2] == ["unit", "tu1"] and rows[0][5].startswith("Decision No 1/2019")
