"""term.inconsistent corpus-wide in streamed runs: rendering rows tallied across chunks, once per
concept, true counts, capped locations, identical across --jobs and across the SQLite spill.

The translation memories are real DGT EN-NL pairs (corpora/dgt-en-nl/dgt_en_nl_pairs.tsv); the
planted units are real too: DGT writes 'European Atomic Energy Community' as 'Europese
Gemeenschap voor Atoomenergie' in one decision (22019D0710) and as 'Euratom' in another
(22019D1380). The filler leaves out every pair that names the concept.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from align import pipeline
from align.checks.registry import CheckContext
from align.checks.terminology import rendering_findings, rendering_rows
from align.model import AlignedPair, Origin, Segment
from align.scale.driver import JsonlWriter, ScanJob, finding_line, per_unit_checks, scan
from align.scale.renderings import BY_CONCEPT, BY_RENDERING, MAX_LOCATIONS, RenderingTable
from align.scale.synth import write_tmx
from align.terms import load_glossaries

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
DOCS = ROOT / "corpora" / "dgt-en-nl" / "en-nl"
CONCEPT = "inst.euratom"
FULL, SHORT = "Europese Gemeenschap voor Atoomenergie", "Euratom"
NAMES = ("Euratom", "Atomic Energy", "Atoomenergie")


def _dgt() -> dict[tuple[str, int], tuple[str, str]]:
    with open(PAIRS_TSV, encoding="utf-8", newline="") as fh:
        return {(r["doc_id"], int(r["tu_index"])): (r["en"], r["nl"])
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r["en"] and r["nl"]}


DGT = _dgt()
FULL_UNIT = DGT[("22019D0710", 4)]  # ... the European Atomic Energy Community ... | ... voor Atoomenergie ...
SHORT_UNITS = [DGT[("22019D1380", 410)], DGT[("22019D1380", 447)]]  # Regulation (Euratom, ...) | (Euratom, ...)
FILLER = [p for p in DGT.values() if not any(n in p[0] or n in p[1] for n in NAMES)]


def planted(size: int, places: dict[int, tuple[str, str]]) -> list[tuple[str, str]]:
    filler = iter(FILLER * 2)
    return [places.get(i) or next(filler) for i in range(size)]


@pytest.fixture(scope="module")
def far_tm(tmp_path_factory) -> Path:
    """The full name at unit 11, 'Euratom' at units 1201 and 1501: never in one chunk of 50."""
    path = tmp_path_factory.mktemp("far") / "far.tmx"
    write_tmx(planted(1600, {10: FULL_UNIT, 1200: SHORT_UNITS[0], 1500: SHORT_UNITS[1]}), path)
    return path


@pytest.fixture(scope="module")
def many_tm(tmp_path_factory) -> Path:
    """30 'Euratom' units (more than the location cap) and 5 exact repeats of the full-name unit."""
    places = {p: FULL_UNIT for p in (5, 400, 800, 1100, 1150)}
    places.update({60 + 35 * k: SHORT_UNITS[k % 2] for k in range(30)})
    path = tmp_path_factory.mktemp("many") / "many.tmx"
    write_tmx(planted(1200, places), path)
    return path


def streamed(path: Path, out: Path, **options) -> list[str]:
    with JsonlWriter(str(out)) as sink:
        scan(str(path), sink, **options)
    return out.read_text(encoding="utf-8").splitlines()


def inconsistent(lines: list[str]) -> list[dict]:
    return [d for d in map(json.loads, lines) if d["check"] == "term.inconsistent"]


def in_memory(path: Path, **options) -> list[dict]:
    run = pipeline.run(pipeline.CheckConfig(inputs=(str(path),), only=("term.inconsistent",), **options))
    return [json.loads(finding_line(f)) for f in run.findings]


def test_planted_units_name_the_concept_once_each():
    assert FULL_UNIT[1].count(FULL) == 1 and all(t.count(SHORT) == 1 for _s, t in SHORT_UNITS)
    assert len(FILLER) > 2000


def test_chunks_leave_term_inconsistent_to_the_corpus_table(far_tm: Path):
    job = ScanJob(str(far_tm), "en", "nl")
    assert "term.inconsistent" not in per_unit_checks(job) and "term.missing" in per_unit_checks(job)


def test_concept_rendered_two_ways_1000_units_apart_is_reported_once(far_tm: Path, tmp_path: Path):
    found = inconsistent(streamed(far_tm, tmp_path / "f.jsonl", chunk_size=50, only=("term.inconsistent",)))
    assert len(found) == 1
    f = found[0]
    assert f["extra"]["concept"] == CONCEPT and f["extra"]["counts"] == {FULL: 1, SHORT: 2}
    assert f["message"].startswith("'European Atomic Energy Community' rendered in 2 ways: 'Euratom' 2x, "
                                   f"'{FULL}' 1x")
    assert [loc["segment"] for loc in f["locations"]] == ["1201", "1501", "11"]  # tuids, most used first
    assert "locations_per_rendering" not in f["extra"]
    # the whole file in memory finds the very same finding: same id, message and locations
    assert found == in_memory(far_tm)


def test_equal_counts_list_the_rendering_used_first(tmp_path: Path):
    """A tie is broken by first use in the corpus (as in memory), not by the alphabet."""
    tm = tmp_path / "tie.tmx"
    write_tmx(planted(1300, {10: FULL_UNIT, 1200: SHORT_UNITS[0]}), tm)
    found = inconsistent(streamed(tm, tmp_path / "t.jsonl", chunk_size=50, only=("term.inconsistent",)))
    assert len(found) == 1 and f"rendered in 2 ways: '{FULL}' 1x, 'Euratom' 1x" in found[0]["message"]
    assert found == in_memory(tm)


def test_true_counts_with_capped_locations(many_tm: Path, tmp_path: Path):
    found = inconsistent(streamed(many_tm, tmp_path / "m.jsonl", chunk_size=50, only=("term",)))
    whole = in_memory(many_tm)
    assert len(found) == 1 and len(whole) == 1
    f, w = found[0], whole[0]
    assert f["extra"]["counts"] == w["extra"]["counts"] == {FULL: 5, SHORT: 30}  # repeats count
    assert f["message"] == w["message"]
    assert len(w["locations"]) == 35 and "locations_per_rendering" not in w["extra"]
    assert f["extra"]["locations_per_rendering"] == MAX_LOCATIONS
    assert f["locations"] == w["locations"][:MAX_LOCATIONS] + w["locations"][30:]  # the earliest 20 'Euratom'
    assert [loc["segment"] for loc in f["locations"][MAX_LOCATIONS:]] == ["6", "401", "801", "1101", "1151"]


def test_jobs_two_is_byte_identical_and_corpus_findings_come_last(many_tm: Path, tmp_path: Path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    lines = streamed(many_tm, one, jobs=1, chunk_size=50)
    streamed(many_tm, two, jobs=2, chunk_size=50)
    assert one.read_bytes() == two.read_bytes()
    checks = [json.loads(line)["check"] for line in lines]
    assert checks.count("term.inconsistent") == 1 and checks[-1] == "term.inconsistent"
    first_corpus = min(i for i, c in enumerate(checks) if c.startswith("consistency.") or c == "term.inconsistent")
    assert all(c.startswith("consistency.") or c == "term.inconsistent" for c in checks[first_corpus:])
    assert first_corpus > 0  # per-unit findings first


def test_repeats_give_the_same_rows_whether_remembered_or_matched_again(many_tm: Path, tmp_path: Path,
                                                                          monkeypatch):
    """Exact repeats take their first occurrence's rows from a per-process memo; with a memo of
    one entry nearly every repeat is matched again, and nothing may change."""
    import align.scale.driver as driver

    remembered = streamed(many_tm, tmp_path / "r.jsonl", chunk_size=50, only=("term.inconsistent",))
    monkeypatch.setattr(driver, "_MEMO_SIZE", 1)
    driver._MEMO.clear()
    again = streamed(many_tm, tmp_path / "a.jsonl", chunk_size=50, only=("term.inconsistent",))
    assert remembered == again and inconsistent(again)


def test_spilled_table_gives_the_same_findings(many_tm: Path, tmp_path: Path):
    memory = streamed(many_tm, tmp_path / "m.jsonl", chunk_size=50, only=("term.inconsistent",))
    spilled = streamed(many_tm, tmp_path / "s.jsonl", chunk_size=50, only=("term.inconsistent",),
                       max_table_rows=3, spill_dir=str(tmp_path))
    assert memory == spilled and inconsistent(memory)
    assert not list(tmp_path.glob("align-renderings-*"))


def test_one_rendering_for_two_source_concepts_across_the_corpus(tmp_path: Path):
    """A user glossary gives 'decision' to both 'besluit' and 'beslissing'; the real DGT pair
    'Die beslissing is onherroepelijk.' comes 1,300 units after the first 'besluit', and again
    (an exact repeat) 50 units later."""
    glossary = tmp_path / "g.csv"
    glossary.write_text("concept_id,lang,term,status,domain\n"
                        "x.besluit,nl,besluit,preferred,criminal-law\nx.besluit,en,decision,preferred,criminal-law\n"
                        "x.beslissing,nl,beslissing,preferred,criminal-law\n"
                        "x.beslissing,en,decision,preferred,criminal-law\n", encoding="utf-8")
    filler = [(nl, en) for en, nl in FILLER if "beslis" not in nl.casefold()]
    beslissing = DGT[("22019D0438", 87)][::-1]
    pairs = filler[:1300] + [beslissing] + filler[1300:1349] + [beslissing] + filler[1349:1400]  # and a repeat
    tm = tmp_path / "nl-en.tmx"
    write_tmx(pairs, tm, source_lang="nl", target_lang="en")
    options = dict(glossaries=(str(glossary),), default_glossaries=False)
    found = inconsistent(streamed(tm, tmp_path / "f.jsonl", chunk_size=50, only=("term.inconsistent",), **options))
    whole = in_memory(tm, **options)
    per_rendering = [f for f in found if f["found"] == "decision"]
    assert len(per_rendering) == 1 and per_rendering[0]["extra"]["concepts"] == ["x.beslissing", "x.besluit"]
    assert per_rendering[0]["message"] == next(w["message"] for w in whole if w["found"] == "decision")
    assert "'beslissing' 2x" in per_rendering[0]["message"]
    at = [loc for loc in per_rendering[0]["locations"] if loc["segment"] in ("1301", "1351")]
    whole_at = [loc for w in whole if w["found"] == "decision" for loc in w["locations"]
                if loc["segment"] in ("1301", "1351")]
    assert at == whole_at and [loc["line"] for loc in at] != [at[0]["line"]] * 2 and at[0]["side"] == "source"


# -- the in-memory pipeline: a pair of real documents, every location listed -------------------
def test_in_memory_pair_of_real_documents_lists_every_location(tmp_path: Path):
    """Two DGT decisions as one document pair: the concept is named both ways, all locations kept."""
    for lang in ("en", "nl"):
        text = "".join((DOCS / f"{doc}.{lang}").read_text(encoding="utf-8") for doc in ("22019D0710", "22019D1380"))
        (tmp_path / f"two.{lang}").write_text(text, encoding="utf-8")
    run = pipeline.run(pipeline.CheckConfig(inputs=(str(tmp_path / "two.en"), str(tmp_path / "two.nl")),
                                            only=("term.inconsistent",)))
    found = [f for f in run.findings if dict(f.extra).get("concept") == CONCEPT]
    assert len(found) == 1
    counts = dict(found[0].extra)["counts"]
    assert set(counts) == {FULL, SHORT} and "locations_per_rendering" not in dict(found[0].extra)
    flagged = [loc.text[loc.span[0]:loc.span[1]] for loc in found[0].locations]
    assert len(flagged) == sum(counts.values())
    assert {label: flagged.count(label) for label in counts} == counts
    assert flagged == sorted(flagged, key=lambda label: -counts[label])  # most used rendering first


# -- the table: sharding, order and spilling change nothing --------------------------------------
@pytest.fixture(scope="module")
def dgt_rows():
    glossary = load_glossaries((), include_shipped=True, include_general=False)
    pairs = []
    for i, (en, nl) in enumerate(DGT.values()):
        s = Segment(f"s{i}", en, "en", Origin("a.en", i + 1, i + 1))
        t = Segment(f"t{i}", nl, "nl", Origin("b.nl", i + 1, i + 1))
        pairs.append(AlignedPair(i, (s,), (t,), 1.0))
    ctx = CheckContext("bilingual", tuple(pairs), (), "en", "nl", glossary=glossary, annotations={})
    return glossary, rendering_rows(ctx)


def table_findings(glossary, batches, **table_options) -> list[str]:
    with RenderingTable(**table_options) as table:
        for batch in batches:
            table.add_rows(batch)
        lines = [finding_line(f) for f in rendering_findings(table, glossary, "en", "nl")]
        shape = [(direction, k1, [(k2, t.count, t.first, t.term_text, t.term_status, t.lang,
                                   [order for order, _loc in t.places]) for k2, t in group])
                 for direction in (BY_CONCEPT, BY_RENDERING) for k1, group in table.grouped(direction)]
    return lines + [repr(shape)]


def test_rows_of_real_pairs_make_a_finding(dgt_rows):
    glossary, rows = dgt_rows
    assert len(rows) > 1000
    assert any(CONCEPT in line for line in table_findings(glossary, [rows], cap=None))


@pytest.mark.parametrize("cap", [None, 3])
def test_spilling_changes_nothing(dgt_rows, cap, tmp_path: Path):
    glossary, rows = dgt_rows
    memory = table_findings(glossary, [rows], cap=cap)
    with RenderingTable(max_rows=50, spill_dir=str(tmp_path), cap=cap) as table:
        table.add_rows(rows[:700])
        table.add_rows(rows[700:])
        assert table.spilled and table.spills >= 1
    assert table_findings(glossary, [rows[:700], rows[700:]], max_rows=50, spill_dir=str(tmp_path), cap=cap) == memory
    assert not list(tmp_path.glob("align-renderings-*"))


def test_spilled_table_stays_bounded_by_the_cap(dgt_rows, tmp_path: Path):
    _glossary, rows = dgt_rows
    with RenderingTable(max_rows=30, spill_dir=str(tmp_path), cap=2) as table:
        for start in range(0, len(rows), 200):
            table.add_rows(rows[start:start + 200])
        assert table.spills > 3
        assert table.stored_locations() <= 2 * len(table)
        assert table.stored_locations() == sum(len(t.places) for d in (BY_CONCEPT, BY_RENDERING)
                                               for _k, group in table.grouped(d) for _c, t in group)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), parts=st.integers(1, 12), spill=st.booleans(), cap=st.sampled_from([None, 1, 3]))
def test_any_sharding_in_any_order_gives_the_same_findings(dgt_rows, seed, parts, spill, cap):
    glossary, rows = dgt_rows
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(rows)), parts - 1))
    batches = [rows[a:b] for a, b in zip([0] + cuts, cuts + [len(rows)])]
    rng.shuffle(batches)
    options = {"max_rows": 40} if spill else {}
    assert table_findings(glossary, batches, cap=cap, **options) == table_findings(glossary, [rows], cap=cap)
