"""The streaming check driver: same findings as the in-memory pipeline, identical across --jobs,
repeats not re-checked, bounded tables, JSONL written atomically."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from align import pipeline
from align.errors import UsageError
from align.scale.driver import JsonlWriter, count_words, finding_line, read_jsonl, scan
from align.scale.synth import perturbed_pairs, read_pairs_tsv, write_tmx

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
DGT_TMX = ROOT / "corpora" / "dgt-en-nl" / "tmx" / "22019D0391.tmx"


@pytest.fixture(scope="module")
def dgt_pairs() -> list[tuple[str, str]]:
    return read_pairs_tsv(PAIRS_TSV)


@pytest.fixture(scope="module")
def small_tm(dgt_pairs, tmp_path_factory) -> Path:
    """400 real pairs, then 400 repeats and perturbations of them (numbers, case, a term)."""
    path = tmp_path_factory.mktemp("tm") / "small.tmx"
    write_tmx(perturbed_pairs(dgt_pairs[:400], 800, seed=5), path)
    return path


def run_jsonl(path: Path, out: Path, **options) -> list[str]:
    with JsonlWriter(str(out)) as sink:
        result = scan(str(path), sink, **options)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == result.summary.total == sink.count
    return lines


def test_jobs_two_is_byte_identical_to_jobs_one(small_tm: Path, tmp_path: Path) -> None:
    one = run_jsonl(small_tm, tmp_path / "one.jsonl", jobs=1, chunk_size=100)
    two = run_jsonl(small_tm, tmp_path / "two.jsonl", jobs=2, chunk_size=100)
    assert one == two  # same order too, not only after sorting
    assert sorted(one) == sorted(two)
    checks = {json.loads(l)["check"] for l in one}
    assert {"consistency.target", "term.missing"} <= checks


def test_spilling_tables_changes_nothing(small_tm: Path, tmp_path: Path) -> None:
    memory = run_jsonl(small_tm, tmp_path / "m.jsonl", jobs=1, chunk_size=100,
                       only=("consistency",))
    spilled = run_jsonl(small_tm, tmp_path / "s.jsonl", jobs=1, chunk_size=100, only=("consistency",),
                        max_table_rows=50, spill_dir=str(tmp_path))
    assert memory == spilled and memory
    assert not list(tmp_path.glob("align-consistency-*"))


def test_same_findings_as_the_in_memory_pipeline(dgt_pairs, tmp_path: Path) -> None:
    """One chunk holding the whole file: per-unit and consistency findings equal the pipeline's."""
    path = tmp_path / "dgt300.tmx"
    write_tmx(dgt_pairs[:300], path)
    lines = run_jsonl(path, tmp_path / "f.jsonl", chunk_size=10_000)
    streamed = {json.loads(l)["id"] for l in lines}
    run = pipeline.run(pipeline.CheckConfig(inputs=(str(path),)))
    assert streamed == {f.id for f in run.findings}
    assert sorted(lines) == sorted(finding_line(f) for f in run.findings)


def test_repeats_counted_but_not_rechecked(dgt_pairs, tmp_path: Path) -> None:
    pairs = dgt_pairs[:50]
    path = tmp_path / "rep.tmx"
    write_tmx(pairs * 3, path)
    found = []
    result = scan(str(path), found.append, chunk_size=40)
    assert result.summary.units == 150 and result.summary.checked_units == len(set(pairs))
    once = []
    write_tmx(pairs, tmp_path / "once.tmx")
    scan(str(tmp_path / "once.tmx"), once.append, chunk_size=40, skip=("consistency",))
    per_unit = [f for f in found if not f.check.startswith("consistency.")]
    assert sorted(f.id for f in per_unit) == sorted(f.id for f in once)


def test_real_dgt_tmx_streams_with_languages_peeked(tmp_path: Path) -> None:
    """A 23-language DGT TMX: English and Dutch chosen explicitly, units streamed."""
    found = []
    result = scan(str(DGT_TMX), found.append, source_lang="en", target_lang="nl", chunk_size=20)
    assert result.job.source_lang == "en" and result.job.target_lang == "nl"
    assert result.summary.units > 20 and result.format == "tmx"


def test_findings_round_trip_through_jsonl(small_tm: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    lines = run_jsonl(small_tm, out, chunk_size=200)
    assert [finding_line(f) for f in read_jsonl(str(out))] == lines


def test_failed_run_leaves_no_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu>'
                   '<tuv xml:lang="en"><seg>Text</seg></tuv><tuv xml:lang="nl"><seg>Tekst', encoding="utf-8")
    with pytest.raises(Exception):
        with JsonlWriter(str(out)) as sink:
            scan(str(bad), sink, source_lang="en", target_lang="nl")
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl*"))


def test_jobs_must_be_positive(small_tm: Path) -> None:
    with pytest.raises(UsageError):
        scan(str(small_tm), lambda f: None, jobs=0)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab1_ -.,()/\t\n§éß€") + ["\u00a0", "\u2013"]), max_size=60))
def test_fast_word_count_equals_the_report_definition(text: str) -> None:
    from align.report.score import count_words as report_count

    assert count_words(text) == report_count([text])


@pytest.mark.parametrize("text", ["Council Decision 2004/81/EC of 29 April 2004", "(EG) nr. 1234/2007 – zie §3",
                                  "— _ ·", "Übereinkommen, Artikel 5(2)(b)"])
def test_word_count_on_real_text(text: str) -> None:
    from align.report.score import count_words as report_count

    assert count_words(text) == report_count([text])


def test_xliff_streams_like_tmx(dgt_pairs, tmp_path: Path) -> None:
    from xml.sax.saxutils import escape

    pairs = dgt_pairs[:120]
    xlf = tmp_path / "tm.xlf"
    body = "".join(f'<trans-unit id="{i + 1}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>\n'
                   for i, (s, t) in enumerate(pairs))
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                   'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
                   f'target-language="nl" datatype="plaintext" original="x"><body>\n{body}</body></file></xliff>\n',
                   encoding="utf-8")
    tmx = tmp_path / "tm.tmx"
    write_tmx(pairs, tmx)
    from_xliff, from_tmx = [], []
    result = scan(str(xlf), from_xliff.append, chunk_size=50)
    scan(str(tmx), from_tmx.append, chunk_size=50)
    assert result.format == "xliff" and result.summary.units == 120
    assert [f.id for f in from_xliff] == [f.id for f in from_tmx]


def test_spawned_workers_give_the_same_bytes(dgt_pairs, tmp_path: Path) -> None:
    """Workers that start fresh (spawn: macOS, Windows) load the glossary themselves."""
    tm = tmp_path / "tm.tmx"
    write_tmx(perturbed_pairs(dgt_pairs[:150], 300, seed=9), tm)
    forked = run_jsonl(tm, tmp_path / "fork.jsonl", jobs=1, chunk_size=100)
    spawned = run_jsonl(tm, tmp_path / "spawn.jsonl", jobs=2, chunk_size=100, start_method="spawn")
    assert spawned == forked and forked


def test_user_glossary_reaches_the_workers(dgt_pairs, tmp_path: Path) -> None:
    """A -g glossary that requires 'Arctic Ocean' = 'Noordpoolzee' flags DGT's 'Noordelijke IJszee'."""
    glossary = tmp_path / "mine.csv"
    glossary.write_text("concept_id,lang,term,status\nx.arctic,en,Arctic Ocean,preferred\n"
                        "x.arctic,nl,Noordpoolzee,preferred\n", encoding="utf-8")
    tm = tmp_path / "tm.tmx"
    write_tmx(dgt_pairs[:40], tm)
    lines = run_jsonl(tm, tmp_path / "g.jsonl", jobs=2, chunk_size=10, glossaries=[str(glossary)],
                      default_glossaries=False, only=("term.missing",))
    found = [json.loads(l) for l in lines]
    assert found and all(f["check"] == "term.missing" for f in found)
    assert any("Arctic Ocean" in loc["text"] for f in found for loc in f["locations"])
