"""Anchors and cost terms of the aligner, on real EN-NL sentence pairs from the DGT corpus."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from align.alignment.cost import BeadCoster, length_cost
from align.alignment.features import extract_features, roman_to_int
from align.alignment.lexicon import Lexicon
from align.alignment.projection import project

PAIRS = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"


def dgt_pair(doc: str, tu: int) -> tuple[str, str]:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["doc_id"] == doc and int(row["tu_index"]) == tu:
                return row["en"], row["nl"]
    raise LookupError((doc, tu))


@pytest.mark.parametrize("doc, tu, expected", [
    ("22019D0996", 21, {"act:2014/90/EU", "act:96/98/EC", "date:2014-07-23", "date:2014-08-28"}),
    ("22019D0996", 7, {"act:2014/90/EU", "act:96/98/EC"}),
    ("22019A0315(01)", 19, {"unit:article:1"}),
    ("22019D0437", 17, {"unit:annex:1"}),
    ("22019D0556", 1, {"date:2019-03-20"}),
    ("22019A0315(01)", 7, {"date:2015-07-16"}),
])
def test_anchors_shared_by_both_languages(doc, tu, expected):
    en, nl = dgt_pair(doc, tu)
    en_anchors = extract_features(en, "en").anchors
    nl_anchors = extract_features(nl, "nl").anchors
    assert expected <= en_anchors
    assert expected <= nl_anchors


def test_series_suffix_families_across_languages():
    # 2002/629/JBZ (nl) = 2002/629/JHA (en) = 2002/629/JAI (fr); 2004/81/EG = 2004/81/EC
    assert "act:2002/629/JHA" in extract_features("Kaderbesluit 2002/629/JBZ van de Raad", "nl").anchors
    assert "act:2002/629/JHA" in extract_features("Framework Decision 2002/629/JHA", "en").anchors
    assert "act:2002/629/JHA" in extract_features("décision-cadre 2002/629/JAI", "fr").anchors
    assert "act:2004/81/EC" in extract_features("Richtlijn 2004/81/EG", "nl").anchors


def test_month_name_needs_a_number():
    # the English modal 'may' is not a month; '19 May 2005' is
    assert not any(a.startswith("month") for a in extract_features("The Committee may decide.", "en").anchors)
    assert "date:2005-05-19" in extract_features("on 19 May 2005", "en").anchors


@pytest.mark.parametrize("text, value", [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("II", 2)])
def test_roman_numerals(text, value):
    assert roman_to_int(text) == value


def _coster(src_texts, tgt_texts, lexicon=None):
    src, tgt = project([extract_features(t, "en") for t in src_texts], [extract_features(t, "nl") for t in tgt_texts],
                       "en", "nl", lexicon or Lexicon("en", "nl"))
    return BeadCoster(src, tgt)


def test_true_pair_costs_less_than_a_neighbour():
    en = [dgt_pair("22019D0996", 21)[0], dgt_pair("22019D0996", 26)[0]]
    nl = [dgt_pair("22019D0996", 21)[1], dgt_pair("22019D0996", 26)[1]]
    coster = _coster(en, nl)
    assert coster.cost(0, 1, 0, 1) < coster.cost(0, 1, 1, 2)
    assert coster.cost(1, 2, 1, 2) < coster.cost(1, 2, 0, 1)
    assert coster.similarity(0, 1, 0, 1) > 2 * coster.similarity(0, 1, 1, 2)


def test_lexicon_raises_similarity_of_a_real_pair():
    en, nl = dgt_pair("22019A0315(01)", 7)
    plain = _coster([en], [nl]).similarity(0, 1, 0, 1)
    lexicon = Lexicon("en", "nl", {"initiat": frozenset({"initiatief"}), "declar": frozenset({"verklar"}),
                                   "coastal": frozenset({"kuststat"}), "fish": frozenset({"visserij"})})
    richer = _coster([en], [nl], lexicon).similarity(0, 1, 0, 1)
    assert richer > plain


def test_length_cost_grows_with_deviation():
    assert length_cost(0.0) < length_cost(1.0) < length_cost(3.0) < length_cost(10.0) < length_cost(100.0)


@given(st.floats(min_value=-50, max_value=50, allow_nan=False))
def test_length_cost_is_finite_and_symmetric(delta):
    value = length_cost(delta)
    assert value == length_cost(-delta)
    assert value >= 0 and value != float("inf")


@given(st.text(max_size=200))
def test_features_never_fail(text):
    feats = extract_features(text, "nl")
    assert feats.length >= 1
    assert all(w == w.lower() for w in feats.words)
