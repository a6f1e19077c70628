"""Sentence segmentation with Punkt and the shipped abbreviation lists, offline."""
from __future__ import annotations

import pytest

from align.text.segment import abbreviations, split_sentences


def _sentences(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize("lang, text", [
    ("nl", "Opgericht bij Besluit van de Commissie van 17 oktober 2007, PB L 277 van 20.10.2007, blz. 29."),
    ("nl", "Conform de doelstelling in punt 4.2 van het EU-plan inzake de beste praktijken."),
    ("nl", "Indachtig Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 inzake mensenhandel."),
    ("nl", "Zie art. 3, lid 2, van Verordening (EG) nr. 1234/2007 m.b.t. de o.a. genoemde regels."),
    ("nl", "Dit geldt bijv. voor de z.g. slachtoffers en i.v.m. de termijn van 30 dagen."),
    ("en", "Set up by Commission Decision of 17 October 2007, OJ L 277, 20.10.2007, p. 29."),
    ("en", "Member States shall, e.g. by national law, cf. Article 3, i.e. the rules, apply them."),
    ("en", "Regulation (EC) No. 1234/2007 was amended by Mr. Smith's proposal in 2008."),
    ("en", "Having regard to point 4.2 of the EU plan (2005/C 311/01), the Council agrees."),
])
def test_does_not_split(lang, text):
    assert _sentences(text, lang) == [text]


@pytest.mark.parametrize("lang, text, expected", [
    ("nl", "De Raad neemt nota van het verslag. Hij verzoekt de Commissie een voorstel in te dienen.", 2),
    ("nl", "Opgericht bij Besluit van 17 oktober 2007, PB L 277 van 20.10.2007, blz. 29. De Raad is verheugd.", 2),
    ("en", "The Council adopted the conclusions. The Commission will report in 2008. Why not?", 3),
    ("en", "Published in OJ L 277, 20.10.2007, p. 29. The Decision applies from today.", 2),
    ("nl", "De lidstaten zorgen ervoor dat de termijn in 2008 afloopt. Dit geldt ook voor 2009.", 2),
])
def test_splits(lang, text, expected):
    sentences = _sentences(text, lang)
    assert len(sentences) == expected
    assert " ".join(sentences) == text


def test_list_marker_stays_with_its_sentence():
    text = "1. De Raad neemt nota van het verslag. 2. Hij verzoekt de Commissie."
    assert _sentences(text, "nl") == ["1. De Raad neemt nota van het verslag.", "2. Hij verzoekt de Commissie."]


def test_spans_exclude_whitespace_and_empty_text():
    assert split_sentences("   ", "nl") == []
    assert split_sentences("  Een zin.  ", "nl") == [(2, 10)]


def test_abbreviations_come_from_shipped_files():
    for word in ("blz", "nr", "art", "o.a", "z.g", "m.b.t", "bijv", "lid"):
        assert word in abbreviations("nl")
    for word in ("p", "no", "e.g", "cf", "oj", "i.e", "mr"):
        assert word in abbreviations("en")
    # an unknown language uses every list
    assert {"blz", "e.g", "abs"} <= abbreviations("und")


@pytest.mark.parametrize("lang, text, expected", [
    # Punkt alone takes "I." for an initial; after a designator word it ends the sentence
    ("en", "The rules are laid down in Appendix I. Article 1 of Appendix II is amended.",
     ["The rules are laid down in Appendix I.", "Article 1 of Appendix II is amended."]),
    ("nl", "Toepasselijke bepalingen: artikel 1, bijlagen I tot en met V. De bepalingen gelden.",
     ["Toepasselijke bepalingen: artikel 1, bijlagen I tot en met V.", "De bepalingen gelden."]),
    # pieces without letters stay with their sentence (DGT: "blz. 98).”.")
    ("nl", "“Uitvoeringsbesluit (EU) 2017/1178 van de Commissie (PB L 170 van 1.7.2017, blz. 98).”.",
     ["“Uitvoeringsbesluit (EU) 2017/1178 van de Commissie (PB L 170 van 1.7.2017, blz. 98).”."]),
    ("en", "The texts are equally authentic.’. The Decision enters into force today.",
     ["The texts are equally authentic.’.", "The Decision enters into force today."]),
    # an initial after an ordinary word is still an initial
    ("en", "The report was drafted by Mr J. Smith for the Council.",
     ["The report was drafted by Mr J. Smith for the Council."]),
])
def test_designators_and_fragments(lang, text, expected):
    assert _sentences(text, lang) == expected
