"""The speed-ups of the reference parsers must not change a single answer: the bisection
overlap tests agree with testing every span, the first-letter lookaheads agree with the
unguarded searches, and the digit shortcut in ``find_references`` never drops a reference."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from align.refs import find_references
from align.refs.acts import _rx as act_regexes
from align.refs.dates import _regexes as date_regexes
from align.refs.patterns import alternation, first_char_guard
from align.refs.spans import SpanSet, overlap_test

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "council" / "st14186-07.nl.txt"

span = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(span, max_size=25), st.lists(span, min_size=1, max_size=10))
def test_overlap_test_agrees_with_checking_every_span(spans, queries):
    overlaps = overlap_test(spans)
    for start, end in queries:
        assert overlaps(start, end) == any(s < end and e > start for s, e in spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(span.filter(lambda p: p[1] > p[0]), max_size=30))
def test_spanset_take_keeps_exactly_the_spans_a_full_scan_keeps(spans):
    taken = SpanSet()
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        expected = all(end <= s or start >= e for s, e in kept)
        assert taken.take(start, end) == expected
        if expected:
            kept.append((start, end))


# letters with unusual case folding (long s, Kelvin sign, dotted I) on purpose
word = st.text(alphabet="aAbBsSkKiI\u017f\u212a\u0130 ", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(word, min_size=1, max_size=5), st.text(alphabet="aAbBsSkKiI\u017f\u212a\u0130 .1", max_size=30))
def test_first_char_guard_never_changes_a_search(words, text):
    plain = re.compile(alternation(words), re.IGNORECASE)
    guarded = re.compile(first_char_guard(words) + alternation(words), re.IGNORECASE)
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in guarded.finditer(text)]


def _unguarded(pattern: re.Pattern) -> re.Pattern:
    assert pattern.pattern.startswith("(?=[")
    return re.compile(pattern.pattern[pattern.pattern.index("])") + 2:], pattern.flags)


def _seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_guarded_act_and_month_patterns_match_as_before_on_the_seed_text(lang):
    acts, dates = act_regexes(lang), date_regexes(lang)
    lines = _seed_lines()
    for pattern in (acts.type_before, acts.type_window, acts.unnumbered, dates["mdy"], dates["my"]):
        plain = _unguarded(pattern)
        for line in lines:
            assert [m.groupdict() | {"@": m.span()} for m in pattern.finditer(line)] == \
                   [m.groupdict() | {"@": m.span()} for m in plain.finditer(line)]
    # type_before is searched in the 90 characters before a number
    for line in lines:
        for cut in range(0, len(line), 7):
            window = line[max(0, cut - 90):cut]
            a, b = acts.type_before.search(window), _unguarded(acts.type_before).search(window)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


@pytest.mark.parametrize("text,lang,kinds", [
    # digit-free text yields nothing; the first digit anywhere brings every stage back
    ("Kaderbesluit van de Raad inzake de bestrijding van mensenhandel", "nl", []),
    ("Richtlijn 2004/81/EG van de Raad van 29 april 2004, PB L 261 van 6.8.2004, blz. 19", "nl", ["act", "oj"]),
    ("artikel 3, lid 2, bedraagt 5 %", "nl", ["article", "number"]),
    ("De steun bedraagt 5 % van de kosten", "nl", ["number"]),
])
def test_digit_shortcut_keeps_every_reference(text, lang, kinds):
    assert [r.kind for r in find_references(text, lang)] == kinds
