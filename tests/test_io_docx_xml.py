"""The Word constructs that change what the text is: fields, content controls, nested tables,
soft and non-breaking hyphens, symbols, tracked table rows and paragraphs, numbering,
endnotes. Each body is the OOXML Word writes, around sentences of the seed."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from align.io.docx import read_docx
from align.io.docx_extract import clean_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHANGE = 'w:author="GS" w:date="2007-11-09T10:00:00Z"'
NUMBERING = f"""<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="·"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="11"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
<w:lvl w:ilvl="2"><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2.%3"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="12"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="12"/></w:num></w:numbering>"""


def _p(inner: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{inner}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def make_docx(path: Path, body: str, endnotes: list[str] = ()) -> Path:
    document = docx.Document()
    element = document.element.body
    for child in list(element):
        if not child.tag.endswith("sectPr"):
            element.remove(child)
    wrapper = parse_xml(f'<w:body xmlns:w="{W_NS}">{body}</w:body>')
    for child in list(wrapper):
        element.insert(len(element) - 1, child)
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    if endnotes:
        notes = "".join(f'<w:endnote w:id="{i}"><w:p><w:r><w:endnoteRef/></w:r>{_r(" " + t)}</w:p>'
                        f"</w:endnote>" for i, t in enumerate(endnotes, start=1))
        xml = f'<w:endnotes xmlns:w="{W_NS}">{notes}</w:endnotes>'
        part = Part(PackURI("/word/endnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
                    xml.encode(), document.part.package)
        document.part.relate_to(part, RT.ENDNOTES)
    document.save(str(path))
    return path


def texts(path: Path, view: str = "accepted") -> list[str]:
    return [p.text for p in read_docx(path, view=view).paragraphs]


def test_field_codes_are_not_text(tmp_path: Path) -> None:
    body = _p(_r("Zie bladzijde ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGEREF _Ref1 \\h </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("6")
              + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + _r(" van document 14186/07."))
    simple = _p('<w:fldSimple w:instr=" DATE "><w:r><w:t>9 november 2007</w:t></w:r></w:fldSimple>')
    assert texts(make_docx(tmp_path / "f.docx", body + simple)) == [
        "Zie bladzijde 6 van document 14186/07.", "9 november 2007"]


def test_hyphens_tabs_breaks_and_symbols(tmp_path: Path) -> None:
    body = _p(_r("mensen") + "<w:r><w:softHyphen/></w:r>" + _r("handel en het EU")
              + "<w:r><w:noBreakHyphen/></w:r>" + _r("plan") + "<w:r><w:tab/></w:r>"
              + _r("2002/629/JBZ") + "<w:r><w:br/></w:r>" + _r("Porto")
              + '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'
              + '<w:r><w:sym w:font="Arial" w:char="00B7"/></w:r>')
    assert texts(make_docx(tmp_path / "h.docx", body)) == [
        "mensenhandel en het EU-plan 2002/629/JBZ Porto·"]


def test_content_controls_hyperlinks_and_nested_tables(tmp_path: Path) -> None:
    nested = ("<w:tbl><w:tr><w:tc>" + _p(_r("binnen")) + "</w:tc><w:tc>" + _p(_r("tabel"))
              + "</w:tc></w:tr></w:tbl>")
    body = ("<w:sdt><w:sdtPr/><w:sdtContent>" + _p(_r("Betreft: mensenhandel"))
            + "</w:sdtContent></w:sdt>"
            + _p('<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships">' + _r("PB L 277") + "</w:hyperlink>")
            + "<w:tbl><w:tr><w:tc>" + _p(_r("buiten")) + nested + _p("") + "</w:tc><w:tc>"
            + _p(_r("rechts")) + "</w:tc></w:tr></w:tbl>" + _p(_r("Slot.")))
    doc = read_docx(make_docx(tmp_path / "c.docx", body))
    assert [(p.text, p.origin.line_start) for p in doc.paragraphs] == [
        ("Betreft: mensenhandel", 1), ("PB L 277", 2), ("buiten", 3), ("binnen", 4),
        ("tabel", 5), ("rechts", 7), ("Slot.", 8)]


def test_tracked_table_row_and_inserted_paragraph(tmp_path: Path) -> None:
    row = ("<w:tr><w:trPr><w:del w:id='1' " + CHANGE + "/></w:trPr><w:tc>"
           + _p(f"<w:del w:id='2' {CHANGE}><w:r><w:delText>Oude rij</w:delText></w:r></w:del>")
           + "</w:tc></w:tr>")
    kept = "<w:tr><w:tc>" + _p(_r("Nieuwe rij")) + "</w:tc></w:tr>"
    inserted = _p(f"<w:ins w:id='3' {CHANGE}>" + _r("Ingevoegde alinea.") + "</w:ins>",
                  f"<w:pPr><w:rPr><w:ins w:id='4' {CHANGE}/></w:rPr></w:pPr>")
    body = "<w:tbl>" + row + kept + "</w:tbl>" + inserted + _p(_r("Laatste alinea."))
    path = make_docx(tmp_path / "t.docx", body)
    assert texts(path) == ["Nieuwe rij", "Ingevoegde alinea.", "Laatste alinea."]
    assert texts(path, "original") == ["Oude rij", "Nieuwe rij", "Laatste alinea."]


def _numbered(num_id: int, text: str, level: int = 0) -> str:
    return _p(_r(text), f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                        f"</w:numPr></w:pPr>")


def test_numbering_gives_bullets_and_list_items(tmp_path: Path) -> None:
    body = (_numbered(1, "Recalling the Charter of Fundamental Rights of the EU;")
            + _numbered(2, "Verzoekt de lidstaten maatregelen te overwegen,")
            + _numbered(0, "Zonder nummering."))
    doc = read_docx(make_docx(tmp_path / "n.docx", body))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("bullet", "Recalling the Charter of Fundamental Rights of the EU;"),
        ("list", "1. Verzoekt de lidstaten maatregelen te overwegen,"),
        ("body", "Zonder nummering.")]


def test_list_numbers_as_word_shows_them(tmp_path: Path) -> None:
    """Levels restart under a new parent; a list restarted with startOverride; a second
    list on the same abstract numbering continues it."""
    body = (_numbered(2, "Benadrukt dat het verschijnsel dient te worden bezien,")
            + _numbered(2, "de slachtoffers,", 1) + _numbered(2, "de kinderen,", 1)
            + _numbered(2, "met name seksuele uitbuiting,", 2)
            + _numbered(2, "Verzoekt de lidstaten,")
            + _numbered(2, "hun maatregelen op te voeren,", 1)
            + _numbered(3, "Recalling the Charter;") + _numbered(4, "Reaffirming the Treaty;"))
    labels = [p.text.split()[0] for p in read_docx(make_docx(tmp_path / "l.docx", body)).paragraphs]
    assert labels == ["1.", "(a)", "(b)", "1.b.i", "2.", "(a)", "IX.", "X."]  # %2 keeps its own format


def test_hidden_text_is_not_read(tmp_path: Path) -> None:
    body = _p(_r("Kaderbesluit 2002/629/JBZ")
              + '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (verborgen)</w:t></w:r>'
              + '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t xml:space="preserve"> van de Raad</w:t></w:r>')
    assert texts(make_docx(tmp_path / "v.docx", body)) == ["Kaderbesluit 2002/629/JBZ van de Raad"]


def test_endnotes_are_notes_with_their_own_numbers(tmp_path: Path) -> None:
    body = (_p(_r("Kaderbesluit 2002/629/JBZ") + '<w:r><w:endnoteReference w:id="1"/></w:r>'
               + _r(" van de Raad.")) + _p(_r("Richtlijn 2004/81/EG.")))
    doc = read_docx(make_docx(tmp_path / "e.docx", body,
                              endnotes=["PB L 203 van 1.8.2002, blz. 1."]))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("body", "Kaderbesluit 2002/629/JBZ van de Raad."),
        ("footnote", "PB L 203 van 1.8.2002, blz. 1."),
        ("body", "Richtlijn 2004/81/EG.")]
    assert doc.paragraphs[0].footnotes == ("p2",)
    assert doc.paragraphs[1].origin.label().endswith(":endnote 1")


@pytest.mark.parametrize("raw, clean", [
    ("  Porto,\t9th\nOctober 2007 ", "Porto, 9th October 2007"),
    ("nr.\u00a01234/2007", "nr.\u00a01234/2007"),  # a no-break space is meaningful
    ("", ""),
])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


_PIECE = st.text(alphabet="abcdeëïz ’–·-.,", min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_PIECE, st.sampled_from(["plain", "ins", "del"])), min_size=1,
                max_size=10))
def test_tracked_views_keep_exactly_their_pieces(pieces) -> None:
    """Whatever runs a paragraph is cut into, the accepted view is every piece not deleted
    and the original view every piece not inserted, in order."""
    from xml.sax.saxutils import escape

    from lxml import etree

    from align.io.docx_extract import _Walker

    xml = ""
    for k, (text, how) in enumerate(pieces):
        run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        if how == "ins":
            run = f'<w:ins w:id="{k}" {CHANGE}>{run}</w:ins>'
        elif how == "del":
            run = (f'<w:del w:id="{k}" {CHANGE}><w:r><w:delText xml:space="preserve">'
                   f"{escape(text)}</w:delText></w:r></w:del>")
        xml += run
    p = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')
    accepted, _ = _Walker("accepted").paragraph(p)
    original, _ = _Walker("original").paragraph(p)
    assert accepted == "".join(text for text, how in pieces if how != "del")
    assert original == "".join(text for text, how in pieces if how != "ins")
