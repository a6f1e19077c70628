"""segment.untranslated and segment.wrong-language on real DGT units."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from align.checks.registry import CheckContext, run_checks
from align.checks.segments import _function_word_language, translatable
from align.model import AlignedPair, Origin, Segment

PAIRS = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
CHECKS = ("segment.untranslated", "segment.wrong-language")


def _units() -> list[tuple[str, str, str]]:
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        return [(r["doc_id"], r["en"], r["nl"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


UNITS = _units()


def _run(pairs: list[tuple[str, str]], src="nl", tgt="en", conf=1.0):
    aligned = []
    for i, (s, t) in enumerate(pairs):
        aligned.append(AlignedPair(i, (Segment(f"s{i}", s, src, Origin("s", i + 1, i + 1)),),
                                   (Segment(f"t{i}", t, tgt, Origin("t", i + 1, i + 1)),), conf))
    ctx = CheckContext("bilingual", tuple(aligned), (), src, tgt, annotations={})
    return run_checks(ctx, only=CHECKS)


def _unit(contains: str) -> tuple[str, str]:
    return next((en, nl) for _, en, nl in UNITS if contains in en)


def test_target_copied_from_source_is_untranslated():
    en, nl = _unit("Trade and Development Committee may establish")
    found = _run([(nl, nl)])
    assert [f.check for f in found] == ["segment.untranslated"]


@pytest.mark.parametrize("contains", [
    "32017 R 0997",  # act code and reference: identical in every language
    "Guidelines for Approval of",  # a document title kept in English in both versions
    "Bundesministerium für Verkehr",  # a German name with an English gloss
])
def test_codes_names_and_kept_titles_are_not_flagged(contains):
    en, nl = _unit(contains)
    assert _run([(nl, en)]) == []
    assert _run([(en, nl)], "en", "nl") == []


def test_identical_names_are_not_untranslated():
    assert _run([("Europol", "Europol"), ("14186/07 CRIMORG 156 MIGR 106", "14186/07 CRIMORG 156 MIGR 106")]) == []


def test_target_in_the_source_language_is_wrong_language():
    en, nl = _unit("Trade and Development Committee may establish")
    other_en, other_nl = _unit("The Parties shall meet every two years")
    found = _run([(nl, other_nl)])  # a Dutch target for a Dutch->English pair
    assert [f.check for f in found] == ["segment.wrong-language"]
    assert found[0].found == "nl" and found[0].expected == "en"


def test_whole_dgt_sample_is_nearly_silent():
    pairs = [(nl, en) for _, en, nl in UNITS]
    found = _run(pairs)
    assert len(found) <= 3, [f.locations[0].text for f in found]


def test_translatable_needs_a_lower_case_content_word():
    assert translatable("the Parties shall meet")
    assert not translatable("Europol")
    assert not translatable("Guidelines for Approval of SOLAS Pyrotechnic Signals")


def test_function_word_fallback():
    assert _function_word_language("De partijen vergaderen om de twee jaar van de overeenkomst") == "nl"
    assert _function_word_language("The Parties shall meet every two years of the Agreement") == "en"
    assert _function_word_language("Europol") == "und"
