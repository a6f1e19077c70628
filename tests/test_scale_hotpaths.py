"""Hot paths of the per-unit checks: memoised tokenizing must behave exactly like fresh work."""
from __future__ import annotations

from pathlib import Path

import pytest

from align.scale.synth import read_pairs_tsv

from align.terms import text

ROOT = Path(__file__).resolve().parent.parent
PAIRS = read_pairs_tsv(ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv")[:200]


@pytest.mark.parametrize("i", range(0, 200, 40))
def test_tokenize_twice_gives_equal_fresh_lists(i: int) -> None:
    for segment in PAIRS[i]:
        first = text.tokenize(segment)
        second = text.tokenize(segment)
        assert first == second and first is not second
        first.clear()  # a caller that changes its list must not change anyone else's
        assert text.tokenize(segment) == second


@pytest.mark.parametrize("word, folded", [("Comité", "comite"), ("politiële", "politiele"),
                                          ("Lidstaten", "lidstaten"), ("Member State’s", "member state's")])
def test_fold_is_stable(word: str, folded: str) -> None:
    assert text.fold(word) == folded
    assert text.fold(word) == folded  # a second (possibly cached) call agrees
