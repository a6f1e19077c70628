"""Bad Word files get one clear InputError naming the file, never a traceback or empty text."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from align.errors import InputError, UsageError
from align.io.docx import read_docx
from fixtures_pdfdocx.docx_builder import build_council_docx

SEED_PARAGRAPHS = [
    ("body", "Het Coreper wordt verzocht de Raad in overweging te geven bijgaande conclusies "
             "aan te nemen."),
    ("body", "Herhalend dat mensenhandel door de JBZ-Raad van juni 2007 is aangemerkt als een "
             "EU-prioriteit in de bestrijding van de georganiseerde criminaliteit."),
]


@pytest.fixture()
def good_docx(tmp_path: Path) -> Path:
    path = tmp_path / "good.docx"
    build_council_docx(path, SEED_PARAGRAPHS, footnote_anchor="", footnote_text="")
    return path


def _rewrite(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a DOCX, replacing (or with None: dropping) some of its parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in replace:
                if replace[item.filename] is not None:
                    zout.writestr(item.filename, replace[item.filename])
            else:
                zout.writestr(item, zin.read(item.filename))
        for name, data in replace.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)
    return target


def _error(path: Path, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        read_docx(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_good_fixture_reads(good_docx: Path) -> None:
    doc = read_docx(good_docx)
    assert [p.text for p in doc.paragraphs] == [text for _, text in SEED_PARAGRAPHS]


def test_plain_text_with_docx_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("Het Coreper wordt verzocht de Raad ...", encoding="utf-8")
    assert "not a DOCX file (not a ZIP container)" in _error(path)


def test_password_protected_or_old_word(tmp_path: Path) -> None:
    path = tmp_path / "protected.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "password-protected or old binary Word file" in _error(path)


def test_pdf_with_docx_name(tmp_path: Path) -> None:
    path = tmp_path / "doc.docx"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "PDF file" in _error(path)


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "Porto, 9th October 2007")
    assert "not a Word document" in _error(path)


def test_xlsx_renamed_docx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "table.docx"
    book = Workbook()
    book.active["A1"] = "mensenhandel"
    book.save(path)
    assert "XLSX workbook, not a Word document" in _error(path)


def test_truncated_docx(good_docx: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    data = good_docx.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = _error(path)
    assert "not a DOCX file" in message or "corrupt or truncated" in message


def test_malformed_document_xml_names_part_and_line(good_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(good_docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    broken = xml.replace("</w:body>", "<w:p><w:r><w:t>open</w:r></w:p></w:body>")
    path = _rewrite(good_docx, tmp_path / "broken.docx", {"word/document.xml": broken.encode()})
    message = _error(path)
    assert "malformed XML in word/document.xml line" in message


def test_malformed_footnotes_xml(good_docx: Path, tmp_path: Path) -> None:
    path = _rewrite(good_docx, tmp_path / "notes.docx",
                    {"word/footnotes.xml": b"<w:footnotes xmlns:w='x'><w:footnote>"})
    assert "malformed XML in word/footnotes.xml" in _error(path)


def test_missing_main_part(good_docx: Path, tmp_path: Path) -> None:
    path = _rewrite(good_docx, tmp_path / "nomain.docx", {"word/document.xml": None})
    message = _error(path)
    assert "Word document" in message or "missing" in message


def test_entities_are_never_expanded(good_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(good_docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, rest = xml.split("?>", 1)
    doctype = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY big "XXXXXXXXXX">]>'
    rest = rest.replace("Het Coreper", "&big;&secret;Het Coreper", 1)
    path = _rewrite(good_docx, tmp_path / "entity.docx",
                    {"word/document.xml": (head + "?>" + doctype + rest).encode()})
    message = _error(path)
    assert "document type declaration" in message and "XXXXXXXXXX" not in message


def test_zip_bomb_part_is_refused(good_docx: Path, tmp_path: Path) -> None:
    path = _rewrite(good_docx, tmp_path / "bomb.docx",
                    {"word/media/filler.bin": b"\0" * (3 * 1024 * 1024)})
    assert "ZIP bomb" in _error(path)


def test_unknown_view_is_a_usage_error(good_docx: Path) -> None:
    with pytest.raises(UsageError):
        read_docx(good_docx, view="final")


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert "empty" in _error(empty)
    assert "no such file" in _error(tmp_path / "absent.docx")


def test_corrupt_member_crc(good_docx: Path, tmp_path: Path) -> None:
    data = bytearray(good_docx.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
    data[start] ^= 0xFF
    path = tmp_path / "crc.docx"
    path.write_bytes(bytes(data))
    message = _error(path)
    assert "corrupt" in message or "malformed" in message


def test_document_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    build_council_docx(path, [], footnote_anchor="", footnote_text="")
    assert "no text: the document body has no paragraph with text" in _error(path)


def test_unknown_language(good_docx: Path) -> None:
    with pytest.raises(UsageError):
        read_docx(good_docx, lang="xx")


def test_strict_open_xml_is_named(good_docx: Path, tmp_path: Path) -> None:
    transitional = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    with zipfile.ZipFile(good_docx) as archive:
        parts = {name: archive.read(name).replace(transitional, strict)
                 for name in archive.namelist() if name.endswith(".xml")}
    path = _rewrite(good_docx, tmp_path / "strict.docx", parts)
    assert "Strict Open XML" in _error(path)


def test_package_python_docx_does_not_expect(tmp_path: Path) -> None:
    """Regression: a content-types part without its namespace crashed python-docx with an
    AttributeError (found by the bad-inputs suite)."""
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document xmlns:w='urn:w'><w:body/></w:document>")
    assert "not a valid Word package" in _error(path)
