"""read_docx on the seed Council document written as a Word file: metadata table, running
header and footers, Heading and List Bullet styles, a footnote, a tracked change, a deleted
paragraph mark and a reviewer's comment."""
from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from align.io.docx import read_docx
from align.io.plaintext import read_plaintext
from fixtures_pdfdocx.docx_builder import TrackedEdit, build_council_docx
from fixtures_pdfdocx.seed import SEED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE = [("Betreft:", "Ontwerp-conclusies van de Raad inzake mensenhandel"),
         ("nr. vorig doc.:", "14186/07 CRIMORG 156 MIGR 106")]
EDIT = TrackedEdit("Het Coreper wordt verzocht", "verzocht", "gevraagd")
SPLIT = "Herhalend dat mensenhandel door de JBZ-Raad"
ANCHOR = "Deskundigengroep mensenhandel"
COMMENTED = "Porto, 9th October 2007"


def _without_bullet(text: str) -> str:
    return text[2:] if text.startswith("· ") else text


@pytest.fixture(scope="module")
def seed_doc():
    return read_plaintext(SEED)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory, seed_doc):
    body = [(p.kind, _without_bullet(p.text)) for p in seed_doc.paragraphs if p.kind != "footnote"]
    note = next(p.text for p in seed_doc.paragraphs if p.kind == "footnote")
    path = tmp_path_factory.mktemp("docx") / "st14186-07.nl.docx"
    fixture = build_council_docx(path, body, footnote_anchor=ANCHOR, footnote_text=note,
                                 table=TABLE, edit=EDIT, split_paragraph_start=SPLIT,
                                 comment_on=COMMENTED)
    return fixture, body, note


@pytest.fixture(scope="module")
def accepted(council):
    return read_docx(council[0].path)


@pytest.fixture(scope="module")
def original(council):
    return read_docx(council[0].path, view="original")


def test_body_paragraphs_are_the_seed_paragraphs(council, accepted) -> None:
    _, body, _ = council
    found = [(p.kind, p.text) for p in accepted.paragraphs
             if p.kind != "footnote" and p.origin.line_start > 2 * len(TABLE)]
    assert found == body


def test_table_read_cell_by_cell_first(accepted) -> None:
    cells = [p.text for p in accepted.paragraphs[: 2 * len(TABLE)]]
    assert cells == [text for row in TABLE for text in row]
    assert [p.origin.line_start for p in accepted.paragraphs[:4]] == [1, 2, 3, 4]
    assert dict(accepted.meta)["table-paragraphs"] == "4"


def test_headers_and_footers_are_furniture(accepted) -> None:
    furniture = [r for r in accepted.removed if r.kind == "furniture"]
    assert [(r.detail, r.text) for r in furniture] == [
        ("section 1 header", "14186/07 CRIMORG 156 MIGR 106"),
        ("section 1 footer", "14186/07 GS/np DG H 2B NL"),
        ("section 2 footer", "14186/07 GS/np BIJLAGE I DG H 2B NL")]
    body = " ".join(p.text for p in accepted.paragraphs)
    assert "GS/np" not in body and "DG H 2B" not in body


def test_footnote_apart_linked_and_placed_after_its_paragraph(council, accepted) -> None:
    _, _, note_text = council
    notes = [p for p in accepted.paragraphs if p.kind == "footnote"]
    assert [n.text for n in notes] == [note_text]
    note = notes[0]
    assert (note.origin.unit, note.origin.line_start) == ("footnote", 1)
    assert note.origin.label().endswith(":footnote 1")
    index = accepted.paragraphs.index(note)
    owner = accepted.paragraphs[index - 1]
    assert owner.footnotes == (note.id,) and ANCHOR + " is opgericht" in owner.text
    assert sum(note_text in p.text for p in accepted.paragraphs) == 1


def test_accepted_view_of_tracked_changes(accepted) -> None:
    texts = [p.text for p in accepted.paragraphs]
    assert any(t.startswith("Het Coreper wordt verzocht de Raad") for t in texts)
    assert not any("gevraagd" in t for t in texts)
    joined = [p for p in accepted.paragraphs if p.text.startswith(SPLIT)]
    assert len(joined) == 1 and joined[0].text.endswith("georganiseerde criminaliteit.")
    assert joined[0].origin.line_end == joined[0].origin.line_start + 1
    assert joined[0].origin.label().endswith(
        f"paragraph {joined[0].origin.line_start}-{joined[0].origin.line_end}")
    meta = dict(accepted.meta)
    assert (meta["view"], meta["tracked-insertions"], meta["tracked-deletions"]) == \
        ("accepted", "1", "2")


def test_original_view_of_tracked_changes(accepted, original) -> None:
    texts = [p.text for p in original.paragraphs]
    assert any(t.startswith("Het Coreper wordt gevraagd de Raad") for t in texts)
    assert not any(t.startswith("Het Coreper wordt verzocht") for t in texts)
    halves = [t for t in texts if t.startswith(SPLIT) or t.startswith("van juni 2007")]
    assert halves == ["Herhalend dat mensenhandel door de JBZ-Raad",
                      "van juni 2007 is aangemerkt als een EU-prioriteit in de bestrijding van "
                      "de georganiseerde criminaliteit."]
    assert len(original.paragraphs) == len(accepted.paragraphs) + 1


def test_comments_ignored(accepted) -> None:
    assert not any("Nagaan" in p.text for p in accepted.paragraphs)
    assert any(p.text == COMMENTED for p in accepted.paragraphs)


def test_styles_give_kinds(accepted) -> None:
    kinds = {p.text: p.kind for p in accepted.paragraphs}
    assert kinds["BIJLAGE I"] == "heading"
    assert kinds["Reminding the Council Framework Decision 2002/629/JHA of 19 July 2002 on "
                 "combating trafficking in human beings;"] == "bullet"


def test_paragraph_numbers_are_word_paragraph_positions(council, accepted) -> None:
    """Origin n is the n-th w:p of the body in document order (tables included), so a
    reviser can go to it; checked against the XML itself."""
    with zipfile.ZipFile(council[0].path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    all_p = list(root.find(f"{W}body").iter(f"{W}p"))
    for par in accepted.paragraphs:
        if par.kind == "footnote":
            continue
        element = all_p[par.origin.line_start - 1]
        words = "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText")).split()
        assert par.text.startswith(" ".join(words[:3])), (par.origin, words[:5])


def test_languages_and_sentences(seed_doc, accepted) -> None:
    assert accepted.lang == "mul"
    annex = [p for p in accepted.paragraphs if "trafficking" in p.text]
    assert annex and all(p.lang == "en" for p in annex)
    ids = [s.id for s in accepted.segments]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"p\d+\.s\d+", i) for i in ids)
    seed_sentences = [_without_bullet(s.text) for s in seed_doc.segments]
    docx_sentences = [s.text for s in accepted.segments
                      if s.origin.unit == "footnote" or s.origin.line_start > 2 * len(TABLE)]
    assert docx_sentences == seed_sentences
    for seg in accepted.segments:
        assert seg.origin.unit in ("paragraph", "footnote") and seg.origin.page is None


def test_forced_language(council) -> None:
    doc = read_docx(council[0].path, lang="en")
    assert doc.lang == "en" and {p.lang for p in doc.paragraphs} == {"en"}
