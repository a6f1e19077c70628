"""Corpus-wide consistency tables and the consistency.* checks, on real DGT EN-NL pairs."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from align import pipeline
from align.scale.consistency import (TRIVIAL, ConsistencyTable, Occurrence, is_trivial, normalise,
                                     segment_key, unit_rows)
from align.scale.synth import read_pairs_tsv, write_tmx

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"


@pytest.fixture(scope="module")
def dgt_pairs() -> list[tuple[str, str]]:
    return read_pairs_tsv(PAIRS_TSV)


def occurrences(pairs):
    return [Occurrence(i, f"tu{i}", f"tu{i}", "x.tmx", "x.tmx", i + 1, i + 1, s, t)
            for i, (s, t) in enumerate(pairs)]


def group_signature(groups):
    return [(g.key_side, [(n, o.order, o.source_text, o.target_text) for n, o in g.variants]) for g in groups]


@pytest.mark.parametrize("a, b", [
    ("HAS ADOPTED THIS DECISION:", "Has adopted this decision"),
    ("The Joint Committee,", "the  joint committee"),
    ("Article 10 shall be amended as follows:", "ARTICLE 10 SHALL BE AMENDED AS FOLLOWS:"),
    ("the Member State’s territory", "the Member State's territory"),
])
def test_same_key_for_case_spacing_quotes_and_trailing_punctuation(a: str, b: str) -> None:
    assert segment_key(a) == segment_key(b) != TRIVIAL


@pytest.mark.parametrize("a, b", [
    ("IEC 60945 (2002) incl. IEC 60945 Corr.1 (2008)", "IEC 60945 (2002) incl. IEC 60945 Corr.2 (2008)"),
    ("Article 10 shall be amended as follows:", "Article 10 is amended as follows:"),
    ("Dit besluit treedt in werking op de datum waarop het wordt vastgesteld.",
     "Dit besluit treedt in werking op de dag waarop het wordt vastgesteld."),
])
def test_different_keys_for_different_text(a: str, b: str) -> None:
    assert segment_key(a) != segment_key(b)


@pytest.mark.parametrize("text", ["1.", "(iii)", "22019D0391", "EEA", "2019/391", "(a)", "—", "12,5 %", ""])
def test_trivial_segments(text: str) -> None:
    assert segment_key(text) == TRIVIAL


@pytest.mark.parametrize("text", ["Agreement", "Definitions", "The President", "Article 5", "ANNEX I"])
def test_short_real_segments_are_not_trivial(text: str) -> None:
    assert not is_trivial(normalise(text))


@given(st.text(max_size=80))
def test_normalise_is_idempotent_and_spacing_blind(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert segment_key("  " + "\t".join(text.split()) + "\n") == segment_key(" ".join(text.split()))


def test_real_inconsistencies_found_in_dgt(dgt_pairs) -> None:
    with ConsistencyTable() as table:
        table.add_rows(unit_rows(occurrences(dgt_pairs)))
        groups = table.groups()
    by_text = {(g.key_side, g.variants[0][1].source_text if g.key_side == "target" else g.variants[0][1].target_text): g
               for g in groups}
    # DGT renders "The President" and "The Chair" with the same Dutch word
    adopted = [g for g in groups if g.key_side == "target"
               and {o.source_text for _n, o in g.variants} >= {"The President", "The Chair"}]
    assert adopted and adopted[0].total >= 20
    # one source, three Dutch renderings: Uitgaven / Onkosten / Kosten
    costs = [g for g in groups if g.key_side == "source"
             and {o.target_text for _n, o in g.variants} == {"Uitgaven", "Onkosten", "Kosten"}]
    assert len(costs) == 1
    assert by_text  # groups are keyed, ordered, non-empty


def test_spilled_table_equals_memory_table(dgt_pairs, tmp_path: Path) -> None:
    rows = unit_rows(occurrences(dgt_pairs))
    with ConsistencyTable() as memory, ConsistencyTable(max_rows=100, spill_dir=str(tmp_path)) as spilled:
        memory.add_rows(rows)
        for i in range(0, len(rows), 37):
            spilled.add_rows(rows[i:i + 37])
        assert spilled.spilled and not memory.spilled
        assert len(spilled) == len(memory)
        assert group_signature(spilled.groups()) == group_signature(memory.groups())
    assert not list(tmp_path.iterdir())  # the database is removed on close


def test_shard_merge_is_order_independent(dgt_pairs) -> None:
    occs = occurrences(dgt_pairs * 2)  # every pair twice: counts must add up
    shards = [occs[i:i + 250] for i in range(0, len(occs), 250)]
    with ConsistencyTable() as whole:
        whole.add_rows(unit_rows(occs))
        expected = group_signature(whole.groups())
    random.Random(3).shuffle(shards)
    with ConsistencyTable(max_rows=500) as merged:
        for shard in shards:
            merged.add_rows(unit_rows(shard))
        assert group_signature(merged.groups()) == expected


def test_consistency_checks_in_the_normal_pipeline(dgt_pairs, tmp_path: Path) -> None:
    path = tmp_path / "dgt.tmx"
    write_tmx(dgt_pairs, path)
    run = pipeline.run(pipeline.CheckConfig(inputs=(str(path),), only=("consistency",)))
    checks = {f.check for f in run.findings}
    assert checks == {"consistency.source", "consistency.target"}
    per_thousand = 1000 * len(run.findings) / len(dgt_pairs)
    assert 5 < per_thousand < 25  # quiet on the clean corpus: real inconsistencies only
    for f in run.findings:
        assert f.category == "Style" and f.subcategory == "Inconsistent style"
        assert len({l.side for l in f.locations}) == 2 and len(f.locations) >= 3
    president = [f for f in run.findings if "'The President' 20x" in f.message]
    assert president and president[0].check == "consistency.source"


def test_trivial_and_one_sided_units_ignored() -> None:
    pairs = [("1.", "1."), ("1.", "1)"), ("EEA", "EER"), ("EEA", "EEE")]
    occs = occurrences(pairs) + [Occurrence(9, "tu9", "tu9", "x", "x", 1, 1, "The Chair", "")]
    with ConsistencyTable() as table:
        table.add_rows(unit_rows(occs))
        assert table.groups() == []
