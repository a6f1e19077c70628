from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from align.errors import InputError, UsageError
from align.io import reader
from align.io.langcodes import language_of_label, normalise_lang, validate_lang
from align.io.reader import detect_format, read_input
from align.model import Bitext

from conftest import DGT, SEED

FIXTURES = Path(__file__).parent / "fixtures" / "io"


def _xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["nl", "en"])
    workbook.active.append(["Raad", "Council"])
    workbook.save(path)
    return path


def _docx_like(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize("make, expected", [
    (lambda d: DGT / "tmx" / "22019D0391.tmx", "tmx"),
    (lambda d: FIXTURES / "inline.tmx", "tmx"),
    (lambda d: FIXTURES / "sample-1.2.xlf", "xliff"),
    (lambda d: FIXTURES / "sample-2.0.xlf", "xliff"),
    (lambda d: _xlsx(d / "t.xlsx"), "xlsx"),
    (lambda d: _docx_like(d / "t.docx"), "docx"),
    (lambda d: DGT / "dgt_en_nl_pairs.tsv", "tsv"),
    (lambda d: SEED, "text"),
    # content beats extension
    (lambda d: Path(shutil.copy(DGT / "tmx" / "22019D0391.tmx", d / "memory.txt")), "tmx"),
    (lambda d: Path(shutil.copy(FIXTURES / "sample-2.0.xlf", d / "memory.csv")), "xliff"),
    (lambda d: _xlsx(d / "renamed.bin"), "xlsx"),
    (lambda d: (d / "x.pdf").write_bytes(b"%PDF-1.4\n...") and d / "x.pdf", "pdf"),
    (lambda d: (d / "scan.txt").write_bytes(b"%PDF-1.7\n") and d / "scan.txt", "pdf"),
    # extension decides what content cannot
    (lambda d: (d / "t.csv").write_text("nl,en\n") and d / "t.csv", "csv"),
    (lambda d: (d / "broken.xlsx").write_text("nl,en\n") and d / "broken.xlsx", "xlsx"),
    (lambda d: (d / "notes.txt").write_text("<p>not XML-declared</p>") and d / "notes.txt", "text"),
    (lambda d: (d / "t.tmx").write_text("<?xml version='1.0'?><martif/>") and d / "t.tmx", "tmx"),
])
def test_detect_format(tmp_path: Path, make, expected: str) -> None:
    assert detect_format(make(tmp_path)) == expected


def test_other_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    path.write_text("<?xml version='1.0'?>\n<!-- <tmx> -->\n<martif type='TBX'/>\n")
    with pytest.raises(InputError, match="XML document with root <martif>, neither TMX nor XLIFF"):
        read_input(path)


def test_zip_that_is_neither_workbook_nor_document(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(InputError, match="neither an XLSX workbook nor a DOCX"):
        detect_format(path)


def test_read_input_dispatches_bilingual_formats(tmp_path: Path) -> None:
    tmx = read_input(DGT / "tmx" / "22019D0391.tmx", "en", "NL-NL")
    assert isinstance(tmx, Bitext) and len(tmx.links) == 25
    xliff = read_input(FIXTURES / "sample-2.0.xlf", "nl", "en")
    assert xliff.source.lang == "nl"
    table = read_input(_xlsx(tmp_path / "t.xlsx"))
    assert table.source.segments[0].text == "Raad"
    tsv = read_input(DGT / "dgt_en_nl_pairs.tsv", "nl", "en")
    assert tsv.source.segments[0].text == "VERTALING"


def test_read_input_validates_languages_first(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown language 'xx'"):
        read_input(DGT / "tmx" / "22019D0391.tmx", "xx", "nl")


def test_missing_optional_reader_is_a_clear_input_error(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "align.io.pdf", None)  # import fails as if not written
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputError, match="PDF input is not supported yet"):
        read_input(path)


def test_plain_text_goes_to_plaintext_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_loader(module, function, what, path):
        calls.append((module, function))
        return lambda p, **kw: ("document", kw)

    monkeypatch.setattr(reader, "_lazy", fake_loader)
    result = read_input(SEED, "NL", one_per_line=True, encoding="utf-8")
    assert calls == [("align.io.plaintext", "read_plaintext")]
    assert result == ("document", {"lang": "nl", "one_per_line": True, "encoding": "utf-8"})


@pytest.mark.parametrize("code, expected", [
    ("EN-GB", "en"), ("nl-NL", "nl"), ("DA-01", "da"), ("nl_BE", "nl"), ("dut", "nl"),
    ("ENG", "en"), (" de ", "de"), ("x-klingon", "x"),
])
def test_normalise_lang(code: str, expected: str) -> None:
    assert normalise_lang(code) == expected


@pytest.mark.parametrize("label, expected", [
    ("nl", "nl"), ("EN-GB", "en"), ("Dutch", "nl"), ("Nederlands", "nl"), ("English", "en"),
    ("source (nl)", "nl"), ("target (en)", "en"), ("Text [FR]", "fr"), ("English (UK)", "en"),
    ("text_en", "en"), ("Dutch translation", "nl"), ("Text", None), ("Translation", None),
    ("is it", None), ("Notes", None), ("", None), ("doc_id", None),
])
def test_language_of_label(label: str, expected: str | None) -> None:
    assert language_of_label(label) == expected


def test_validate_lang() -> None:
    assert validate_lang(None) is None
    assert validate_lang("NL-nl") == "nl"
    for code in ("bg", "ga", "mt", "hr", "sv"):
        assert validate_lang(code) == code
    with pytest.raises(UsageError, match="unknown language 'xx'"):
        validate_lang("xx")
    with pytest.raises(UsageError, match="empty"):
        validate_lang(" ")


@pytest.mark.parametrize("text, expected", [
    ('<?xml version="1.0"?>\n<!-- a <tmx> in a comment -->\n<martif/>', "martif"),
    ('<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">', "tmx"),
    ('<!DOCTYPE x [ <!ELEMENT x ANY> <!-- <xliff> --> ]><x:xliff xmlns:x="urn:x">', "xliff"),
    ("<?xml version='1.0'?>", None),
    ("plain < text", None),
])
def test_root_element_name(text: str, expected: str | None) -> None:
    assert reader.root_element_name(text) == expected
