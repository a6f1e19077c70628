"""The benchmark's fairness helpers: nltk output to beads, and gold beads after perturbation."""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "align_quality.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("align_quality_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nltk_pairs_become_beads(bench, monkeypatch):
    # nltk returns index pairs; a 2-1 is two pairs sharing a target, an omission is no pair
    monkeypatch.setattr(bench.gale_church, "align_blocks", lambda s, t: [(0, 0), (1, 1), (2, 1)])
    beads = bench.nltk_beads(["a", "b", "c", "d"], ["x", "y", "z"])
    assert sorted(beads) == sorted([((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))])


def test_merge_perturbation_merges_gold_beads(bench):
    doc = {"id": "d", "src": ["a", "b", "c", "d"], "tgt": ["A", "B", "C"],
           "gold": [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]}
    merged = bench.perturb_merge(doc, 0.34, random.Random(1))
    assert len(merged["tgt"]) == 2
    flat_t = sorted(j for _, t in merged["gold"] for j in t)
    assert flat_t == [0, 1]
    assert sorted(i for s, _ in merged["gold"] for i in s) == [0, 1, 2, 3]
    assert ((1,), ()) in merged["gold"]  # the omission stays an omission


def test_block_deletion_turns_sources_into_omissions(bench):
    src = [f"s{k}" for k in range(40)]
    doc = {"id": "d", "src": src, "tgt": [f"t{k}" for k in range(40)],
           "gold": [((k,), (k,)) for k in range(40)]}
    cut = bench.perturb_delete_block(doc, random.Random(3))
    assert len(cut["tgt"]) == 38
    omissions = [s for s, t in cut["gold"] if not t]
    assert len(omissions) == 2
    kept = [(s, t) for s, t in cut["gold"] if t]
    assert [t for _, t in kept] == [(k,) for k in range(38)]


def test_folds_partition_the_documents_evenly(bench):
    docs = [{"id": f"doc{k:02d}"} for k in range(35)]
    folds = bench.document_folds(docs, 5)
    assert sorted(set(folds)) == [0, 1, 2, 3, 4]
    assert [folds.count(f) for f in range(5)] == [7] * 5
    assert bench.document_folds(list(reversed(docs)), 5) == list(reversed(folds))  # by id, not by position


def test_grid_holds_the_hand_set_constants_and_ties_go_to_grid_order(bench):
    settings = bench.grid_settings()
    assert bench.HAND_SET in settings
    assert len(settings) == len({bench.label(s) for s in settings})
    flat = {bench.label(s): 0.5 for s in settings}
    assert bench.best_setting(settings, lambda s: flat[bench.label(s)]) == settings[0]
    target = settings[7]
    assert bench.best_setting(settings, lambda s: 1.0 if s == target else 0.5) == target


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "corpora-candidates"
                          / "textberg-de-fr-gold" / "dev.defr").is_file(),
                    reason="Text+Berg dev document not available")
def test_dev_halves_are_disjoint_and_each_gold_indexes_its_own_half(bench):
    halves = bench.dev_halves()
    assert len(halves) == 2
    dev_de = bench.read_lines(bench.TEXTBERG_DIR / "dev.de")
    assert halves[0]["src"] + halves[1]["src"] == dev_de  # a clean cut: nothing shared, nothing lost
    assert len(halves[0]["gold"]) and len(halves[1]["gold"])
    for half in halves:
        src_idx = sorted(i for s, _ in half["gold"] for i in s)
        tgt_idx = sorted(j for _, t in half["gold"] for j in t)
        assert src_idx == list(range(len(half["src"])))
        assert tgt_idx == list(range(len(half["tgt"])))
        assert len(half["lexicon"]) > 100
