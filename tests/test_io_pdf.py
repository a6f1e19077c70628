"""read_pdf on the seed Council document laid out as the Council publishes it (8 pages,
running header and footers, a superscript footnote mark with its footnote under a rule,
hyphenated line ends, a page break inside a hyphenated word)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from align.errors import UsageError
from align.io.pdf import read_pdf
from align.io.pdf_extract import extract_pages
from align.io.plaintext import read_plaintext
from align.text.normalize import non_space
from fixtures_pdfdocx.pdf_builder import (RIGHT, LEFT, build_council_pdf, build_spaced_pdf,
                                          build_two_footnote_pdf,
                                          widest_line)
from fixtures_pdfdocx.seed import SEED


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pdf") / "st14186-07.nl.pdf"
    fixture = build_council_pdf(path)
    return fixture, read_pdf(path)


@pytest.fixture(scope="module")
def seed_text_document():
    return read_plaintext(SEED)


def test_fixture_is_what_it_claims() -> None:
    assert widest_line() < RIGHT - LEFT  # no seed line runs off the page


def test_fixture_pages(council) -> None:
    fixture, doc = council
    assert fixture.pages == 8 and fixture.hyphen_page_break == 1
    assert dict(doc.meta)["pages"] == "8" and dict(doc.meta)["format"] == "pdf"


def test_same_paragraphs_as_the_plain_text_reader(council, seed_text_document) -> None:
    _, doc = council
    assert [(p.kind, p.text) for p in doc.paragraphs] == \
        [(p.kind, p.text) for p in seed_text_document.paragraphs]


def test_same_sentences_and_languages_as_the_plain_text_reader(council, seed_text_document) -> None:
    _, doc = council
    assert [(s.lang, s.text) for s in doc.segments] == \
        [(s.lang, s.text) for s in seed_text_document.segments]
    assert doc.lang == seed_text_document.lang == "mul"


def test_every_character_of_the_seed_is_accounted_for(council) -> None:
    """Seed text minus its own furniture == paragraphs + recorded marks, footnote numbers
    and joined hyphens: nothing is lost or invented between the PDF and the Document."""
    _, doc = council
    seed_lines = [line for line in SEED.read_text(encoding="utf-8").splitlines()
                  if line.strip() not in ("14186/07 GS/np 6", "BIJLAGE I DG H 2B NL")]
    expected = non_space(seed_lines)
    found = non_space(p.text for p in doc.paragraphs)
    found.update(non_space(r.text for r in doc.removed
                           if r.kind in ("footnote-mark", "footnote")
                           or r.detail == "separator line"))
    found["-"] += sum(1 for r in doc.removed if r.kind == "hyphen-joined")
    assert expected == found


def test_no_furniture_inside_the_text(council) -> None:
    fixture, doc = council
    furniture = [r for r in doc.removed if r.kind == "furniture" and r.detail != "separator line"]
    assert len(furniture) == fixture.furniture_lines == 23
    body = "\n".join(p.text for p in doc.paragraphs)
    for piece in ("GS/np", "DG H 2B", "BIJLAGE I DG"):
        assert piece not in body
    assert sum(1 for p in doc.paragraphs if p.text.startswith("14186/07")) == 0
    pages = sorted({r.origin.page for r in furniture})
    assert pages == list(range(1, 9))
    footers = [r for r in furniture if re.fullmatch(r"14186/07 GS/np \d", r.text)]
    assert [int(r.text[-1]) for r in footers] == [r.origin.page for r in footers]


def test_separators_are_recorded_not_dropped(council) -> None:
    _, doc = council
    separators = [r for r in doc.removed if r.detail == "separator line"]
    assert [r.origin.page for r in separators] == [4, 8]


@pytest.mark.parametrize("joined", ["mensenhandel, dat ten doel", "bestuursrechtelijke bepalingen",
                                    "gemeenschappelijke bepalingen", "slachtoffers van mensenhandel"])
def test_line_end_hyphens_joined(council, joined: str) -> None:
    _, doc = council
    assert any(joined in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("kept", ["ontwerp-conclusies", "EU-plan", "JBZ-Raad", "evaluatie- en",
                                  "October-EU", "anti- trafficking"])
def test_real_hyphens_survive(council, kept: str) -> None:
    _, doc = council
    assert any(kept in p.text for p in doc.paragraphs)


def test_hyphen_over_a_page_break(council) -> None:
    _, doc = council
    record = next(r for r in doc.removed if r.kind == "hyphen-joined" and r.origin.page == 1
                  and "next page" in r.detail)
    assert record.text == "bestuurs- rechtelijke"
    assert record.origin.line_start == record.origin.line_end == 28


def test_footnote_apart_and_linked(council) -> None:
    fixture, doc = council
    notes = [p for p in doc.paragraphs if p.kind == "footnote"]
    assert [n.text for n in notes] == [
        "Opgericht bij Besluit van de Commissie van 17 oktober 2007, PB L 277 van 20.10.2007, blz. 29."]
    note = notes[0]
    owners = [p for p in doc.paragraphs if note.id in p.footnotes]
    assert len(owners) == 1
    assert "Deskundigengroep mensenhandel is opgericht" in owners[0].text
    index = doc.paragraphs.index(owners[0])
    assert doc.paragraphs[index + 1] is note  # right after its paragraph, as plain text does
    assert note.origin.page == fixture.mark_page
    assert sum("Opgericht bij Besluit" in p.text for p in doc.paragraphs) == 1
    mark = next(r for r in doc.removed if r.kind == "footnote-mark")
    assert (mark.text, mark.origin.page, mark.origin.line_start) == \
        ("1", fixture.mark_page, fixture.mark_line)
    assert "after 'mensenhandel'" in mark.detail


def test_origins_name_page_and_line_on_the_page(council) -> None:
    fixture, doc = council
    pages = {page.number: {line.number: line.text for line in page.lines}
             for page in extract_pages(fixture.path)}
    for seg in doc.segments:
        assert seg.origin.page is not None and seg.origin.unit == "line"
        line = pages[seg.origin.page][seg.origin.line_start]
        first_word = seg.text.split()[0]
        assert first_word.rstrip("-") in line or line.rstrip("-") in first_word, (seg, line)
        assert seg.origin.line_start <= seg.origin.line_end
    label = doc.segments[0].origin.label()
    assert label.endswith(":p. 1, line 1-2")


def test_annex_is_english(council) -> None:
    _, doc = council
    annex = [p for p in doc.paragraphs if p.origin.page and p.origin.page >= 5]
    assert annex and Counter(p.lang for p in annex).most_common(1)[0][0] == "en"


def test_forced_language(council) -> None:
    fixture, _ = council
    doc = read_pdf(fixture.path, lang="nl")
    assert {p.lang for p in doc.paragraphs} == {"nl"} and doc.lang == "nl"
    with pytest.raises(UsageError):
        read_pdf(fixture.path, lang="klingon")


def test_paragraph_spacing_ends_paragraphs(tmp_path: Path, seed_text_document) -> None:
    """The annex's "Appeals to the Council, the Commission and the Member States to" set as
    one full-width line: no punctuation and no short line end it, only the space after it
    (the text heuristics alone join it to "Develop campaigns ...")."""
    from fixtures_pdfdocx.pdf_builder import BODY_SIZE, _new_pdf

    start = next(i for i, p in enumerate(seed_text_document.paragraphs)
                 if p.text.startswith("Appeals to the Council"))
    chosen = [p.text for p in seed_text_document.paragraphs[start:start + 3]]
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=BODY_SIZE)
    width = pdf.get_string_width(chosen[0]) + 1
    doc = read_pdf(build_spaced_pdf(tmp_path / "spaced.pdf", chosen, width=width, gap=9))
    assert [p.text for p in doc.paragraphs] == chosen


def test_two_footnotes_one_running_on_to_the_next_page(tmp_path: Path) -> None:
    body = [["Indachtig Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 inzake bestrijding",
             "van mensenhandel, en herinnerend aan de conclusies van de Raad over mensenhandel",
             "van 4-5 december 2006, naar aanleiding waarvan de Deskundigengroep mensenhandel",
             "is opgericht."],
            ["Verzoekt de lidstaten om hun maatregelen ter bescherming en ondersteuning van de",
             "slachtoffers op te voeren."]]
    marks = [(1, 0, "2002/629/JBZ", "1"), (1, 2, "Deskundigengroep mensenhandel", "2")]
    notes = [[("1", "PB L 203 van 1.8.2002, blz. 1."),
              ("2", "Opgericht bij Besluit van de Commissie van 17 oktober 2007, PB L 277 van")],
             [("", "20.10.2007, blz. 29.")]]
    doc = read_pdf(build_two_footnote_pdf(tmp_path / "notes.pdf", body, marks, notes))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("body", "Indachtig Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 inzake "
                 "bestrijding van mensenhandel, en herinnerend aan de conclusies van de Raad "
                 "over mensenhandel van 4-5 december 2006, naar aanleiding waarvan de "
                 "Deskundigengroep mensenhandel is opgericht."),
        ("footnote", "PB L 203 van 1.8.2002, blz. 1."),
        ("footnote", "Opgericht bij Besluit van de Commissie van 17 oktober 2007, PB L 277 van "
                     "20.10.2007, blz. 29."),
        ("body", "Verzoekt de lidstaten om hun maatregelen ter bescherming en ondersteuning "
                 "van de slachtoffers op te voeren.")]
    assert doc.paragraphs[0].footnotes == ("p2", "p3")
    marks_found = [(r.text, r.origin.page, r.origin.line_start) for r in doc.removed
                   if r.kind == "footnote-mark"]
    assert marks_found == [("1", 1, 1), ("2", 1, 3)]


@pytest.mark.parametrize("gap", [2.2, 2.78, 6.0])  # tight, a normal space at 10 pt, justified
def test_words_without_space_characters(tmp_path: Path, gap: float) -> None:
    from fixtures_pdfdocx.pdf_builder import build_positioned_words_pdf

    lines = ["Gelet op Kaderbesluit 2004/68/JBZ van de Raad van 22 december 2003 ter bestrijding",
             "van seksuele uitbuiting van kinderen en kinderpornografie."]
    doc = read_pdf(build_positioned_words_pdf(tmp_path / "words.pdf", lines, gap))
    assert [p.text for p in doc.paragraphs] == [" ".join(lines)]
