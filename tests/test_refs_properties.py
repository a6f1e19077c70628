"""Property tests: the parsers never raise on arbitrary text, every span points inside the
text at exactly the reference's text, references never overlap, and numbers survive being
written in another language's format."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from align.refs import find_references
from align.refs.numbers import number_value
from align.refs.render import number_text

PIECES = ["2002/629/JBZ", "(EU) 2016/679", "nr. ", "No ", "No. ", "Nº ", "Verordening ", "Regulation ", "Council ",
          "van de Raad ", "of the Council ", "van ", "of ", "PB L 277 van ", "OJ C 126 E, ", "20.10.2007", ", blz. ",
          ", p. ", "19 juli 2002", "16th of May ", "8 en 9 ", "oktober ", "2006 - 2010", "1.000,50", "1,000.50", "1 000",
          "artikel 3, lid 2, onder b)", "Articles 35(2) and (3)", "14186/07 CRIMORG 156", " REV 1", "(OR. en)",
          "ECLI:EU:C:2006:710", "32002F0629", "%", "EUR ", "(", ")", ",", ".", "-", "/", " ", "\n", "en ", "and ",
          "leden ", "tot en met ", "Kaderbesluit ", "Besluit van de Commissie van ", "2023/2131", "(GBVB) ", "Euratom"]

citation_soup = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map("".join)
LANGS = st.sampled_from(["nl", "en", "fr", "de", "es", "xx", ""])


def _check(text: str, lang: str) -> None:
    refs = find_references(text, lang)
    last_end = 0
    for ref in sorted(refs, key=lambda r: r.span):
        start, end = ref.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == ref.text
        assert start >= last_end, "references overlap"
        last_end = end
        assert ref.key.startswith(ref.kind.split("-")[0])


@settings(max_examples=300, deadline=None)
@given(citation_soup, LANGS)
def test_parsers_never_raise_and_spans_point_inside_on_citation_soup(text, lang):
    _check(text, lang)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), LANGS)
def test_parsers_never_raise_on_any_text(text, lang):
    _check(text, lang)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["nl", "en", "fr", "de"]))
def test_a_number_written_in_a_language_reads_back_to_its_value(value, lang):
    canonical = format(value.normalize(), "f")
    written = number_text(canonical, lang)
    assert Decimal(number_value(written, lang)) == value
