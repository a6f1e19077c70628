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


# -- shortcuts taken for speed must give what the long way gives ---------------------------
import re  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from align.io.xmlsafe import collapse_whitespace  # noqa: E402

_LAYOUT = re.compile(r"[ \t\r\n]+")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\r\n\xa0\u2009ab.é")), max_size=30))
def test_collapse_whitespace_fast_path_equals_the_regex(raw: str) -> None:
    assert collapse_whitespace(raw) == _LAYOUT.sub(" ", raw).strip()


@pytest.mark.parametrize("raw", ["mensen-\nhandel", "a  b", "tab\there", " Raad ", "line\r\nbreak"])
def test_tokens_with_and_without_line_breaks_match_word_spans(raw: str) -> None:
    assert [(t.start, t.end, t.surface) for t in text.tokens(raw)] == text.word_spans(raw)


@pytest.fixture(scope="module")
def glossary():
    from align.terms.glossary import load_glossaries

    return load_glossaries()


@pytest.mark.parametrize("i", range(0, 200, 25))
def test_cached_scan_gives_the_fresh_scans_matches(glossary, i: int) -> None:
    """Longest and nested lookups share one scan of the text; either order, and a scan from
    tokens given by the caller (never cached), give the same matches."""
    from align.terms.text import tokenize

    for segment, lang in zip(PAIRS[i], ("en", "nl")):
        nested_first = glossary.matcher.find(segment, lang, nested=True)
        longest = glossary.matcher.find(segment, lang)
        fresh_longest = glossary.matcher.find(segment, lang, tokens=tokenize(segment))
        fresh_nested = glossary.matcher.find(segment, lang, nested=True, tokens=tokenize(segment))
        assert [m for _, m in longest] == [m for _, m in fresh_longest]
        assert [m for _, m in nested_first] == [m for _, m in fresh_nested]


@pytest.mark.parametrize("i", range(0, 200, 10))
def test_foreign_reading_without_a_month_name_adds_no_date(i: int) -> None:
    """number.mismatch reads the other side in the first side's language only when it names a
    month of that language; without one, that reading finds no date the own reading misses."""
    from align.refs.dates import mentions_month
    from align.refs import find_references

    def dates(t: str, lang: str) -> set[str]:
        out: set[str] = set()
        for r in find_references(t, lang):
            if r.kind == "date":
                out.update(r.part("values"))
            elif r.part("date"):
                out.add(r.part("date"))
        return out

    for segment, own, other in zip(PAIRS[i], ("en", "nl"), ("nl", "en")):
        if not mentions_month(segment, other):
            assert dates(segment, other) <= dates(segment, own)
