"""The aligner's dynamic programming on small hand-made cases, bead output, and its invariants."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from align.alignment import align_sentences
from align.alignment.dp import Step, band_around, merge_pairs, run_dp
from align.alignment.lexicon import Lexicon
from align.alignment.projection import ProjectedSide

EN = [
    "Decision No 1/2019 of the Joint Committee of 18 February 2019.",
    "Article 1",
    "The list of 25 arbitrators provided for in Article 94 of the Agreement is hereby adopted.",
    "Article 2",
    "This Decision shall enter into force on 1 March 2019.",
    "Done at Brussels, 18 February 2019.",
]
NL = [
    "Besluit nr. 1/2019 van het Gemengd Comité van 18 februari 2019.",
    "Artikel 1",
    "De lijst van 25 arbiters als bedoeld in artikel 94 van de overeenkomst wordt hierbij vastgesteld.",
    "Artikel 2",
    "Dit besluit treedt in werking op 1 maart 2019.",
    "Gedaan te Brussel, 18 februari 2019.",
]
NO_LEXICON = Lexicon("en", "nl")


def beads(src, tgt):
    return [(link.source, link.target) for link in align_sentences(src, tgt, "en", "nl", lexicon=NO_LEXICON)]


def test_parallel_texts_align_one_to_one():
    assert beads(EN, NL) == [((k,), (k,)) for k in range(6)]


def test_omission_becomes_a_1_0_bead():
    nl = NL[:2] + NL[3:]  # the Dutch left out the third sentence
    result = beads(EN, nl)
    assert ((2,), ()) in result
    assert ((4,), (3,)) in result and ((0,), (0,)) in result


def test_insertion_becomes_a_0_1_bead():
    nl = NL[:4] + ["Dit besluit wordt bekendgemaakt in het Publicatieblad van 27 april 2020."] + NL[4:]
    result = beads(EN, nl)
    assert ((), (4,)) in result
    assert ((4,), (5,)) in result


def test_merged_sentences_become_a_2_1_bead():
    nl = NL[:4] + [NL[4] + " " + NL[5]]
    result = beads(EN, nl)
    assert ((4, 5), (4,)) in result
    assert result[:4] == [((k,), (k,)) for k in range(4)]


def test_split_sentence_becomes_a_1_2_bead_with_the_lexicon():
    nl = NL[:2] + ["De lijst van 25 arbiters als bedoeld in artikel 94 van de overeenkomst.",
                   "Zij wordt hierbij vastgesteld."] + NL[3:]
    # without a lexicon nothing ties 'Zij wordt hierbij vastgesteld' to the English: an addition
    assert ((), (3,)) in beads(EN, nl)
    # the shipped EN-NL lexicon knows hereby/hierbij and adopted/vastgesteld: a 1-2 split
    shipped = [(link.source, link.target) for link in align_sentences(EN, nl, "en", "nl")]
    assert ((2,), (2, 3)) in shipped


def test_empty_sides():
    assert beads([], []) == []
    assert beads(EN[:2], []) == [((0,), ()), ((1,), ())]
    assert beads([], NL[:1]) == [((), (0,))]


def test_confidence_is_a_probability_and_lower_for_a_doubtful_bead():
    links = align_sentences(EN, NL, "en", "nl", lexicon=NO_LEXICON)
    assert all(0.0 <= link.confidence <= 1.0 for link in links)
    assert min(link.confidence for link in links) > 0.5
    garbage = align_sentences(EN[:1], ["Xyz qwerty uiop asdf ghjk."], "en", "nl", lexicon=NO_LEXICON)
    assert garbage[0].confidence < links[0].confidence


def test_run_dp_follows_costs_and_band():
    # cost favours the diagonal; the band forbids nothing on a full table
    def cost(i0, i1, j0, j1):
        return 0.0 if (i1 - i0, j1 - j0) == (1, 1) and i0 == j0 else 5.0
    path = run_dp(3, 3, [(0, 3)] * 4, ((1, 1), (1, 0), (0, 1)), cost)
    assert [(s.i0, s.i1, s.j0, s.j1) for s in path] == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3)]
    # a band that cuts the corners off returns None
    assert run_dp(3, 3, [(0, 0), (3, 3), (3, 3), (3, 3)], ((1, 1),), cost) is None


def test_band_around_coarse_path_contains_the_projection():
    coarse = [Step(0, 1, 0, 1, 0.0), Step(1, 2, 1, 2, 0.0)]
    band = band_around(coarse, 4, 4, width=1)
    assert band[0][0] == 0 and band[4][1] == 4
    for i in range(5):
        assert band[i][0] <= i <= band[i][1]
    assert all(band[i][0] <= band[i + 1][0] and band[i][1] <= band[i + 1][1] for i in range(4))


def test_merge_pairs_halves_and_counts():
    side = ProjectedSide((frozenset({"a"}), frozenset({"b"}), frozenset({"c"})), (1.0, 2.0, 3.0), (10, 20, 30))
    merged = merge_pairs(side)
    assert merged.keys == (frozenset({"a", "b"}), frozenset({"c"}))
    assert merged.mass == (3.0, 3.0) and merged.lengths == (30, 30) and merged.counts == (2, 1)


sentences = st.lists(st.text(alphabet="abcde fgh 0123.", min_size=1, max_size=40), max_size=25)


@settings(max_examples=40, deadline=None)
@given(sentences, sentences)
def test_beads_cover_every_sentence_once_in_order(src, tgt):
    links = align_sentences(src, tgt, "en", "nl", lexicon=NO_LEXICON)
    flat_s = [i for link in links for i in link.source]
    flat_t = [j for link in links for j in link.target]
    assert flat_s == list(range(len(src)))
    assert flat_t == list(range(len(tgt)))
    assert all(link.kind in {"1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "1-3", "3-1"} for link in links)


def test_long_documents_are_banded_and_stay_correct():
    # 300 numbered sentence pairs (too big for the full table) with one omission in the middle
    en = [f"Point {k}: the amount of {k * 7} euro is paid on {1 + k % 28} March {2000 + k % 20}." for k in range(300)]
    nl = [f"Punt {k}: het bedrag van {k * 7} euro wordt betaald op {1 + k % 28} maart {2000 + k % 20}."
          for k in range(300) if k != 150]
    result = beads(en, nl)
    assert ((150,), ()) in result
    assert ((151,), (150,)) in result and ((299,), (298,)) in result


def test_heading_anchors_on_a_real_dgt_agreement():
    from pathlib import Path

    from align.alignment.anchoring import heading_anchors
    from align.alignment.features import extract_features

    dgt = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "en-nl"
    en = dgt.joinpath("22019A0315(01).en").read_text(encoding="utf-8").rstrip("\n").split("\n")
    nl = dgt.joinpath("22019A0315(01).nl").read_text(encoding="utf-8").rstrip("\n").split("\n")
    anchors = heading_anchors([extract_features(t, "en") for t in en], [extract_features(t, "nl") for t in nl])
    assert len(anchors) >= 10
    for i, j in anchors:  # every anchor pairs 'Article N' with 'Artikel N'
        assert en[i].split()[-1] == nl[j].split()[-1]
        assert en[i].startswith("Article") and nl[j].startswith("Artikel")


def test_repeated_or_displaced_headings_are_not_anchors():
    from align.alignment.anchoring import heading_anchors
    from align.alignment.features import extract_features

    en = ["Article 1", "text one", "Article 1", "text two"]
    nl = ["Artikel 1", "tekst een", "tekst twee", "slot"]
    assert heading_anchors([extract_features(t, "en") for t in en], [extract_features(t, "nl") for t in nl]) == []
    far_en = ["Article 7"] + [f"sentence {k}" for k in range(20)]
    far_nl = [f"zin {k}" for k in range(20)] + ["Artikel 7"]
    assert heading_anchors([extract_features(t, "en") for t in far_en],
                           [extract_features(t, "nl") for t in far_nl]) == []
