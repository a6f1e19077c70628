"""Normalisation of the real seed (Council document 14186/07, PDF text, double-spaced)."""
from __future__ import annotations

import pytest

from align.io.encoding import read_text
from align.io.plaintext import read_plaintext
from align.model import Origin
from align.text.normalize import lines_from_text, normalize_lines

from conftest import SEED


@pytest.fixture(scope="module")
def doc():
    return read_plaintext(SEED)


@pytest.fixture(scope="module")
def seed_lines():
    return SEED.read_text(encoding="utf-8").split("\n")


def _paragraph(doc, start: str):
    found = [p for p in doc.paragraphs if p.text.startswith(start)]
    assert len(found) == 1, f"{start!r}: {len(found)} paragraphs"
    return found[0]


def test_layout_is_double_spaced():
    decoded = read_text(SEED)
    assert normalize_lines(lines_from_text(decoded.text), decoded.path).layout == "double-spaced"


@pytest.mark.parametrize("joined, source_line", [
    ("bestrijding van mensenhandel, dat ten doel heeft", 40),
    ("de wettelijke en bestuursrechtelijke bepalingen van de lidstaten", 42),
    ("een raamwerk van gemeenschappelijke bepalingen op Europees niveau", 46),
    ("dat ten doel heeft om de wettelijke en bestuursrechtelijke bepalingen", 54),
    ("het raamwerk dat mensenhandel moet voorkomen", 63),
    ("functionarissen die slachtoffers van mensenhandel ondersteunen", 141),
])
def test_line_end_hyphens_joined(doc, joined, source_line):
    assert any(joined in p.text for p in doc.paragraphs)
    record = [r for r in doc.removed if r.kind == "hyphen-joined" and r.origin.line_start == source_line]
    assert len(record) == 1
    assert record[0].origin.line_end == source_line + 2
    assert "joined as" in record[0].detail and ("occurs" in record[0].detail or "word list" in record[0].detail)


@pytest.mark.parametrize("kept", [
    "bijgaande ontwerp-conclusies van de Raad",
    "het EU-plan inzake de beste praktijken",
    "door de JBZ-Raad van juni 2007",
    "18th of October-EU anti- trafficking day)",
    "het evaluatie- en bewakingsverslag",
    "issued to third-country nationals",
])
def test_real_hyphens_kept(doc, kept):
    assert any(kept in p.text for p in doc.paragraphs)


def test_kept_hyphen_recorded_with_evidence(doc):
    kept = [r for r in doc.removed if r.kind == "hyphen-kept"]
    assert [(r.text, r.origin.line_start) for r in kept] == [("October- EU", 305)]
    assert "capital" in kept[0].detail


def test_no_split_words_left(doc):
    for p in doc.paragraphs:
        for broken in ("mensen- handel", "mensen-handel", "slacht-offers", "bestuurs-rechtelijke",
                       "gemeenschappe-lijke"):
            assert broken not in p.text


def test_furniture_removed_and_recorded(doc):
    furniture = [(r.text, r.origin.line_start) for r in doc.removed if r.kind == "furniture"]
    assert furniture == [("________________", 202), ("14186/07 GS/np 6", 206),
                         ("BIJLAGE I DG H 2B NL", 207), ("__________________", 415)]
    for p in doc.paragraphs:
        assert "GS/np" not in p.text and "DG H 2B" not in p.text and "____" not in p.text


def test_annex_heading_kept_after_furniture(doc):
    annex = _paragraph(doc, "BIJLAGE I")
    assert annex.text == "BIJLAGE I" and annex.kind == "heading"
    assert (annex.origin.line_start, annex.origin.line_end) == (209, 209)
    title = _paragraph(doc, "PORTO’s DECLARATION")
    assert title.kind == "heading"


def test_footnote_linked(doc):
    notes = [p for p in doc.paragraphs if p.kind == "footnote"]
    assert len(notes) == 1
    note = notes[0]
    assert note.text == ("Opgericht bij Besluit van de Commissie van 17 oktober 2007, PB L 277 van "
                         "20.10.2007, blz. 29.")
    assert (note.origin.line_start, note.origin.line_end) == (110, 112)
    body = _paragraph(doc, "Benadrukkend dat mensenhandel voortdurend")
    assert body.footnotes == (note.id,)
    assert "Deskundigengroep mensenhandel is opgericht" in body.text
    assert "mensenhandel 1 is" not in body.text
    marks = [r for r in doc.removed if r.kind == "footnote-mark"]
    assert [(m.text, m.origin.line_start) for m in marks] == [("1", 85)]
    # the footnote follows the paragraph that cites it
    index = doc.paragraphs.index(body)
    assert doc.paragraphs[index + 1] is note


def test_page_break_mid_text_does_not_split_paragraph(doc):
    # line 112 ends the footnote, line 113 (" Verzoekt...") starts a page: the body before the
    # footnote ("samenwerken,") and after it are separate paragraphs, the footnote is not glued on
    before = _paragraph(doc, "Benadrukt dat het verschijnsel")
    assert before.text.endswith("binnen en buiten Europa, samenwerken,")
    after = _paragraph(doc, "Verzoekt de lidstaten om hun maatregelen")
    assert after.text.endswith("in acht te nemen,")
    assert "Opgericht" not in before.text + after.text


@pytest.mark.parametrize("start, lines, kind", [
    ("Ingevolge de vergaderingen van de Raden JBZ", (1, 3), "body"),
    ("Conclusies van de Raad van .....2007 inzake mensenhandel", (10, 14), "heading"),
    ("Indachtig Kaderbesluit 2002/629/JBZ", (40, 50), "body"),
    ("De nadruk leggend op het belang", (61, 65), "body"),
    ("De Raad van de Europese Unie,", (101, 101), "body"),
    ("Verzoekt de lidstaten om hun maatregelen", (113, 125), "body"),
    ("Porto’s Declaration, in the context", (213, 217), "body"),
    ("· Bearing in mind the Convention", (250, 254), "bullet"),
    ("Appeals to the Council, the Commission", (303, 303), "body"),
    ("Develop campaigns of sensitising", (305, 311), "body"),
    ("Porto, 9th October 2007", (413, 413), "heading"),
])
def test_paragraph_starts_kinds_and_origins(doc, seed_lines, start, lines, kind):
    p = _paragraph(doc, start)
    assert (p.origin.line_start, p.origin.line_end) == lines
    assert p.kind == kind
    assert p.origin.file == str(SEED)
    # the first and last words of the paragraph are on its first and last lines in the file
    assert seed_lines[lines[0] - 1].strip().startswith(p.text.split()[0])
    assert p.text.split()[-1] in seed_lines[lines[1] - 1]


def test_bullets_are_own_paragraphs(doc):
    bullets = [p for p in doc.paragraphs if p.kind == "bullet"]
    assert len(bullets) == 14
    assert all(p.text.startswith("· ") and p.lang == "en" for p in bullets)


def test_languages_body_dutch_annex_english(doc):
    for p in doc.paragraphs:
        if p.origin.line_start <= 209:
            assert p.lang == "nl", p.text
        else:
            assert p.lang == "en", p.text
    assert doc.lang == "mul"


@pytest.mark.parametrize("start, count", [
    ("Opgericht bij Besluit van de Commissie", 1),  # 20.10.2007, blz. 29. stay whole
    ("Verzoekt de lidstaten maatregelen te overwegen", 1),  # punt 4.2 van
    ("· Reminding also ILO Conventions Nº 29", 1),
    ("Indachtig Kaderbesluit 2002/629/JBZ", 1),
    ("De aanbevelingen die de Commissie", 1),
])
def test_sentence_counts(doc, start, count):
    p = _paragraph(doc, start)
    index = doc.paragraphs.index(p)
    sentences = [s for s in doc.segments if s.paragraph == index]
    assert len(sentences) == count
    assert " ".join(s.text for s in sentences) == p.text
    assert sentences[0].id == f"{p.id}.s1"


def test_every_sentence_has_origin_inside_its_paragraph(doc):
    for s in doc.segments:
        p = doc.paragraphs[s.paragraph]
        assert s.text in p.text
        assert p.origin.line_start <= s.origin.line_start <= s.origin.line_end <= p.origin.line_end
        assert s.lang == p.lang


def test_no_text_lost(doc):
    from align.text.normalize import non_space
    source = non_space([SEED.read_text(encoding="utf-8")])
    kept = non_space(p.text for p in doc.paragraphs)
    taken = non_space(r.text for r in doc.removed if r.kind in ("furniture", "footnote-mark", "footnote"))
    hyphens = non_space(r.text.split(" ")[0][-1] for r in doc.removed if r.kind == "hyphen-joined")
    assert kept + taken + hyphens == source


def test_single_spaced_seed_gives_same_paragraphs(doc):
    """The same text without the blank line after every line (pdftotext's usual output)."""
    single = "\n".join(line for line in SEED.read_text(encoding="utf-8").split("\n") if line != "")
    norm = normalize_lines(lines_from_text(single), "single.txt")
    assert norm.layout == "wrapped"
    assert [p.text for p in norm.paragraphs] == [p.text for p in doc.paragraphs]
    assert [p.kind for p in norm.paragraphs] == [p.kind for p in doc.paragraphs]
    for kind in ("furniture", "hyphen-joined", "hyphen-kept", "footnote", "footnote-mark"):
        assert norm.count(kind) == sum(1 for r in doc.removed if r.kind == kind)


def test_pages_from_a_reader_reach_the_origins(doc):
    """A PDF reader passes pages; origins then carry them (here: the seed's page joins)."""
    from align.text.normalize import SourceLine
    raw = SEED.read_text(encoding="utf-8").split("\n")
    page, lines = 1, []
    for number, text in enumerate(raw, start=1):
        if number > 1 and text[:1] == " " and raw[number - 2] != "":
            page += 1
        lines.append(SourceLine(text, number, page))
    norm = normalize_lines(lines, "seed.pdf")
    assert [p.text for p in norm.paragraphs] == [p.text for p in doc.paragraphs]
    def starting(text):
        return next(p for p in norm.paragraphs if p.text.startswith(text))
    assert starting("Verzoekt de lidstaten om hun").page == 4
    assert starting("Opgericht bij Besluit").origin("seed.pdf").page == 3
    assert starting("Indachtig Kaderbesluit").origin("seed.pdf") == Origin("seed.pdf", 40, 50, 2)
