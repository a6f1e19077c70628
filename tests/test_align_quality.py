"""Bead scoring (vecalign's strict/lax definitions) and a quality floor on real DGT documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from align.alignment import align_sentences
from align.alignment.lexicon import Lexicon
from align.alignment.scoring import parse_beads, score

DGT = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "en-nl"
QUICK_DOCS = ["22019D0391", "22019D0557", "22019D1364", "22019D1401", "22019D0437"]


def test_parse_beads_reads_vecalign_format():
    assert parse_beads("[0]:[0, 1]\n[1]:[]\n\n[]:[2]\n[2, 3]:[3]") == [
        ((0,), (0, 1)), ((1,), ()), ((), (2,)), ((2, 3), (3,))]
    with pytest.raises(ValueError):
        parse_beads("0:0")


def test_strict_and_lax_scores():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]
    perfect = score([gold], [gold])
    assert perfect.f1_strict == 1.0 and perfect.omission_recall == 1.0
    partial = score([gold], [[((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ())]])
    # precision counts all 4 test beads: 2 exact (0-0, the omission); 1-1 overlaps gold -> lax only
    assert partial.precision_strict == pytest.approx(2 / 4)
    assert partial.precision_lax == pytest.approx(3 / 4)
    # recall counts the 2 gold beads linking both sides: only [0]:[0] exact, both lax
    assert partial.recall_strict == pytest.approx(1 / 2)
    assert partial.recall_lax == pytest.approx(1.0)
    assert partial.omission_recall == 1.0 and partial.omissions == 1


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def test_dgt_quick_subset_stays_above_floor():
    # No lexicon here (the shipped one was learned from these documents): anchors, cognates,
    # lengths only. The full benchmark (LOO lexicon) measures 0.98; this floor catches regressions.
    golds, tests = [], []
    for doc in QUICK_DOCS:
        links = align_sentences(_read(DGT / f"{doc}.en"), _read(DGT / f"{doc}.nl"), "en", "nl",
                                lexicon=Lexicon("en", "nl"))
        golds.append(parse_beads((DGT / f"{doc}.gold").read_text(encoding="utf-8")))
        tests.append([(link.source, link.target) for link in links])
    result = score(golds, tests)
    assert result.f1_strict >= 0.96, result  # measured 0.981
    assert result.omission_recall >= 0.75, result  # measured 0.83


def test_projection_once_then_align_equals_align_sentences():
    # the tuner projects each document once and re-aligns it under many constants
    from align.alignment.aligner import align_projected, project_sentences
    from align.alignment.cost import CostParams

    src, tgt = _read(DGT / f"{QUICK_DOCS[0]}.en"), _read(DGT / f"{QUICK_DOCS[0]}.nl")
    params = CostParams(lexical_weight=12.0, skip_cost=3.5)
    direct = align_sentences(src, tgt, "en", "nl", lexicon=Lexicon("en", "nl"), params=params)
    projected_src, projected_tgt, anchors = project_sentences(src, tgt, "en", "nl", lexicon=Lexicon("en", "nl"))
    assert align_projected(projected_src, projected_tgt, params, hard_anchors=anchors) == direct


def test_default_constants_are_the_shipped_tuned_ones():
    import json

    from align.alignment.cost import PARAMS_FILE, TUNED_FIELDS, CostParams

    stored = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))
    assert "note" in stored and set(stored["params"]) == set(TUNED_FIELDS)
    defaults = CostParams()
    for name in TUNED_FIELDS:
        assert getattr(defaults, name) == stored["params"][name]
