"""Rules of align.text.normalize on small inputs: hyphens, furniture, layouts, reader roles."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.text.normalize import (
    SourceLine, dehyphenate, detect_layout, furniture_reason, lines_from_text, non_space,
    normalize_lines,
)


@pytest.mark.parametrize("left, right, words, lang, join, text", [
    ("mensen", "handel", {"mensenhandel": 30}, "nl", True, "mensenhandel"),
    ("slacht", "offers", {"slachtoffers": 6}, "nl", True, "slachtoffers"),
    ("ontwerp", "conclusies", {"ontwerp-conclusies": 1}, "nl", False, "ontwerp-conclusies"),
    ("EU", "plan", {}, "nl", False, "EU-plan"),
    ("JBZ", "Raad", {}, "nl", False, "JBZ-Raad"),
    ("October", "EU", {}, "en", False, "October-EU"),
    ("evaluatie", "en", {}, "nl", False, "evaluatie- en"),
    ("non", "governmental", {}, "en", False, "non-governmental"),  # shipped en word list
    ("bestuurs", "rechtelijke", {}, "nl", True, "bestuursrechtelijke"),  # shipped nl word list
    ("zee", "egel", {}, "nl", False, "zee-egel"),  # Dutch vowel clash
    ("2006", "2010", {}, "nl", False, "2006-2010"),
    ("qwzx", "vbnm", {}, "nl", True, "qwzxvbnm"),  # no evidence: soft hyphenation assumed
])
def test_dehyphenate(left, right, words, lang, join, text):
    decision = dehyphenate(left, right, words, lang)
    assert (decision.join, decision.text) == (join, text)
    assert decision.kind == ("hyphen-joined" if join else "hyphen-kept")
    assert decision.evidence


def test_dehyphenate_document_beats_word_list():
    # the document writes it with a hyphen, so a shipped joined form must not win
    assert dehyphenate("bestuurs", "rechtelijke", {"bestuurs-rechtelijke": 2}, "nl").join is False


def test_soft_hyphen_always_joins():
    assert dehyphenate("Raad", "Besluit", {}, "nl", hyphen="\u00ad").text == "RaadBesluit"


@pytest.mark.parametrize("line, reason", [
    ("14186/07 GS/np 6", "page footer"),
    ("14186/07 ADD 1 GS/np 12", "page footer"),
    ("15790/1/11 REV 1 DG/mk 3", "page footer"),
    ("BIJLAGE I DG H 2B NL", "annex and DG"),
    ("ANNEX DG D 2A EN", "annex and DG"),
    ("DG H 2B NL", "annex and DG"),
    ("________________", "separator"),
    ("- 6 -", "page number"),
    ("NL", "label"),
])
def test_furniture(line, reason):
    assert reason in (furniture_reason(line) or "")


@pytest.mark.parametrize("line", [
    "BIJLAGE I", "14186/07 CRIMORG 156 MIGR 106", "2002/629/JBZ van de Raad van 19 juli 2002",
    ".....2007", "PB L 277 van 20.10.2007, blz. 29.", "Porto, 9th October 2007", "DG H is here",
])
def test_not_furniture(line):
    assert furniture_reason(line) is None


def test_layouts():
    double = lines_from_text("aaa bbb ccc\n\nddd eee.\n\nFff ggg\n\nhhh.\n")
    blank = lines_from_text("First paragraph line one\nline two.\n\nSecond paragraph.\nmore\n")
    wrapped = lines_from_text("one line\nanother line\n")
    assert detect_layout(double) == "double-spaced"
    assert detect_layout(blank) == "blank-separated"
    assert detect_layout(wrapped) == "wrapped"


def test_blank_separated_paragraphs():
    text = "The Council adopted the con-\nclusions today.\n\nIt also noted the report.\n"
    norm = normalize_lines(lines_from_text(text), "x.txt")
    assert [p.text for p in norm.paragraphs] == ["The Council adopted the conclusions today.",
                                                  "It also noted the report."]
    assert [(p.line_start, p.line_end) for p in norm.paragraphs] == [(1, 2), (4, 4)]


def test_form_feed_pages_and_pdf_style_roles():
    text = "Body text of the first page that\n14186/07 GS/np 1\n\fgoes on after the page break.\n"
    norm = normalize_lines(lines_from_text(text), "x.txt")
    assert [p.text for p in norm.paragraphs] == ["Body text of the first page that goes on after the page break."]
    assert norm.paragraphs[0].page == 1
    assert norm.paragraphs[0].lines_of(40, 50) == (3, 3, 2)  # "goes on" is on line 3, page 2
    lines = [SourceLine("RUNNING HEADER", 1, 1, "furniture", "repeated header"),
             SourceLine("De Raad stelt vast dat de lidstaten", 2, 1),
             SourceLine("het besluit uitvoeren.", 3, 1)]
    norm = normalize_lines(lines, "doc.pdf")
    assert norm.paragraphs[0].text == "De Raad stelt vast dat de lidstaten het besluit uitvoeren."
    assert norm.paragraphs[0].origin("doc.pdf").page == 1
    assert norm.removed[0].kind == "furniture" and norm.removed[0].detail == "repeated header"


def test_superscript_footnote_mark():
    text = ("The Group of Experts¹ was set up to assist the Commission in its work\n"
            "on trafficking.\n"
            "¹ Set up by Commission Decision of 17 October 2007.\n")
    norm = normalize_lines(lines_from_text(text), "x.txt")
    kinds = [p.kind for p in norm.paragraphs]
    assert kinds == ["body", "footnote"]
    assert norm.paragraphs[0].text.startswith("The Group of Experts was set up")
    assert norm.paragraphs[0].footnote_labels == ("1",)
    assert norm.paragraphs[1].text == "Set up by Commission Decision of 17 October 2007."


def test_number_after_counting_word_is_not_a_mark():
    text = ("The Council refers to ADD 1 and to Article 1 of the Decision in this text\n"
            "which applies.\n"
            "1 This line is a numbered item, not a footnote.\n")
    norm = normalize_lines(lines_from_text(text), "x.txt")
    assert all(p.kind != "footnote" for p in norm.paragraphs)
    assert not [r for r in norm.removed if r.kind.startswith("footnote")]


# ------------------------------------------------------------------- property: nothing lost

_word = st.text(alphabet="abcdeEUXijkl·-‐\u00ad\u00a0_1234.,;’¹", min_size=1, max_size=9)
_line = st.one_of(
    st.lists(_word, min_size=0, max_size=9).map(" ".join),
    st.sampled_from(["", "  ", "14186/07 GS/np 6", "BIJLAGE I DG H 2B NL", "________", "1 Voetnoot tekst.",
                     " · bullet", "aa bb mensen-", "handel 1 is", "\f next page"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_line, min_size=1, max_size=30))
def test_normalisation_loses_and_invents_nothing(lines):
    text = "\n".join(lines)
    norm = normalize_lines(lines_from_text(text), "gen.txt")
    kept = non_space(p.text for p in norm.paragraphs)
    taken = non_space(r.text for r in norm.removed if r.kind in ("furniture", "footnote-mark", "footnote"))
    hyphens = non_space(r.text.split(" ")[0][-1] for r in norm.removed if r.kind == "hyphen-joined")
    assert kept + taken + hyphens == non_space([text])
    for p in norm.paragraphs:
        assert p.text == p.text.strip() and "  " not in p.text
        assert p.line_start <= p.line_end
        first, last, _ = p.lines_of(0, len(p.text))
        assert (first, last) == (p.line_start, p.line_end) or p.kind == "footnote"


def test_furniture_mid_sentence_does_not_break_paragraph():
    text = ("De lidstaten zorgen ervoor dat de\n\nmaatregelen van het Kaderbesluit in\n\n\n\n"
            "14186/07 GS/np 6\n\n\nBIJLAGE I DG H 2B NL\n\nwerking treden.\n\nEen nieuwe alinea begint.\n")
    norm = normalize_lines(lines_from_text(text), "x.txt")
    assert norm.layout == "double-spaced"
    assert [p.text for p in norm.paragraphs] == [
        "De lidstaten zorgen ervoor dat de maatregelen van het Kaderbesluit in werking treden.",
        "Een nieuwe alinea begint."]
    assert (norm.paragraphs[0].line_start, norm.paragraphs[0].line_end) == (1, 12)
    assert norm.count("furniture") == 2


def test_blank_separated_text_with_bullets_and_heading():
    text = ("ANNEX\nCOUNCIL CONCLUSIONS\n\nThe Council recalls that trafficking is a serious\n"
            "crime. It calls on Member States to:\n- step up prevention;\n- protect victims.\n")
    norm = normalize_lines(lines_from_text(text), "x.txt")
    assert [(p.kind, p.text) for p in norm.paragraphs] == [
        ("heading", "ANNEX"), ("heading", "COUNCIL CONCLUSIONS"),
        ("body", "The Council recalls that trafficking is a serious crime. It calls on Member States to:"),
        ("bullet", "- step up prevention;"), ("bullet", "- protect victims.")]


def test_reader_roles_are_not_second_guessed():
    lines = [SourceLine("The Group of Experts 1 was set up to assist the Commission in its", 1, 1),
             SourceLine("work.", 2, 1),
             SourceLine("1 Set up by Commission Decision of 17 October 2007.", 3, 1)]
    guessed = normalize_lines(lines, "x.pdf")
    assert [p.kind for p in guessed.paragraphs] == ["body", "footnote"]
    told = normalize_lines(lines[:2] + [SourceLine(lines[2].text, 3, 1, "body")], "x.pdf")
    assert [p.text for p in told.paragraphs] == [
        "The Group of Experts 1 was set up to assist the Commission in its work. "
        "1 Set up by Commission Decision of 17 October 2007."]
    assert not [r for r in told.removed if r.kind.startswith("footnote")]
