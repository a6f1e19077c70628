from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import InputError, UsageError
from align.io import tabular
from align.io.tabular import read_csv, read_xlsx

from conftest import DGT

ROWS = [
    ("Kaderbesluit 2002/629/JBZ van de Raad", "Council Framework Decision 2002/629/JHA"),
    ("Raad; van de \"Europese\" Unie,\nmet een regel erbij", "Council of the European Union"),
    ("", "Only English"),
    ("Alleen Nederlands", ""),
    ("artikel 3, lid 2, onder b)", "Article 3(2)(b)"),
]


def write_csv(path: Path, header: list[str], rows, delimiter: str = ",", bom: bool = False) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")


def write_xlsx(path: Path, header: list[str], rows, start_row: int = 1) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Vertaling"
    for column, value in enumerate(header, start=1):
        sheet.cell(start_row, column, value)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(start_row + offset, column, value)
    workbook.save(path)


def _check_round_trip(bitext, rows, first_data_row: int, source_lang="nl", target_lang="en") -> None:
    assert (bitext.source.lang, bitext.target.lang) == (source_lang, target_lang)
    pairs = list(bitext.pairs())
    assert len(pairs) == len(rows)
    for offset, ((source, target), pair) in enumerate(zip(rows, pairs)):
        row = first_data_row + offset
        for text, segs, lang in ((source, pair.source, source_lang), (target, pair.target, target_lang)):
            if text:
                assert [(s.id, s.text, s.lang, s.origin.line_start, s.origin.unit) for s in segs] == [
                    (f"r{row}", text, lang, row, "row")]
            else:
                assert segs == ()


@pytest.mark.parametrize("header, delimiter, suffix, bom", [
    (["nl", "en"], ",", ".csv", False),
    (["Dutch", "English"], ";", ".csv", True),
    (["source (nl)", "target (en)"], "\t", ".tsv", False),
    (["NL-BE", "EN-GB"], "|", ".txt", True),
])
def test_csv_round_trip(tmp_path: Path, header, delimiter, suffix, bom) -> None:
    path = tmp_path / f"pairs{suffix}"
    write_csv(path, header, ROWS, delimiter, bom)
    bitext = read_csv(path)
    _check_round_trip(bitext, ROWS, 2)
    assert [link.kind for link in bitext.links] == ["1-1", "1-1", "0-1", "1-0", "1-1"]


def test_csv_reversed_direction_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    write_csv(path, ["id", "English", "Nederlands", "note"],
              [["1", "Council", "Raad", "x"], ["2", "Member State", "lidstaat", ""]])
    bitext = read_csv(path, "nl", "en")
    assert [s.text for s in bitext.source.segments] == ["Raad", "lidstaat"]
    assert [s.text for s in bitext.target.segments] == ["Council", "Member State"]
    assert read_csv(path).source.lang == "en"


def test_real_dgt_pairs_tsv_reads_as_table() -> None:
    # Four columns (doc_id, tu_index, en, nl), unquoted cells that may start with '"'.
    bitext = read_csv(DGT / "dgt_en_nl_pairs.tsv")
    assert (bitext.source.lang, bitext.target.lang) == ("en", "nl")
    with open(DGT / "dgt_en_nl_pairs.tsv", encoding="utf-8", newline="") as handle:
        expected = [(row["en"], row["nl"]) for row in csv.DictReader(handle, delimiter="\t",
                                                                      quoting=csv.QUOTE_NONE)]
    assert [(p.source_text, p.target_text) for p in bitext.pairs()] == expected
    assert bitext.source.segments[-1].id == f"r{len(expected) + 1}"


@pytest.mark.parametrize("text, langs, fragment, line", [
    ("Text,Translation\nHallo,Hello\n", (None, None), "cannot tell the languages from the header row", 1),
    ("nl,en\nRaad,Council\n\"open,x\nmore\n", (None, None), "unterminated quoted field starting at line 3", 3),
    ("nl,en\nRaad,Council\nRaad,van,de Raad\n", (None, None), "row 3 has 3 columns, the header (row 1) has 2", 3),
    ("nl,en\nRaad\n", (None, None), "row 2 has 1 columns", 2),
    ("nl,en\n\"Raad\"x,Council\n", (None, None), "malformed CSV", 2),
    ("nl,en,de\nRaad,Council,Rat\n", (None, None), "names 3 languages", 1),
    ("nl,en\nRaad,Council\n", ("de", None), "no column for source language 'de'", 1),
    ("nl,nl\nRaad,Raad\n", (None, None), "both name language 'nl'", 1),
    ("just one column\nline\n", (None, None), "no column delimiter", 1),
    ("\n\n", (None, None), "no rows in this table", None),
    ("nl,en\n,\n", (None, None), "no rows with text below the header (row 1)", 1),
])
def test_csv_errors(tmp_path: Path, text, langs, fragment, line) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csv(path, *langs)
    assert fragment in str(info.value)
    assert info.value.path == str(path) and info.value.line == line


def test_csv_whitespace_only_file_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("  ,  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no rows"):
        read_csv(path)


def test_unknown_header_with_languages_given_uses_first_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("Text,Translation\nHallo,Hello\n", encoding="utf-8")
    bitext = read_csv(path, "nl", "en")
    assert [(s.id, s.text) for s in bitext.source.segments] == [("r2", "Hallo")]
    path.write_text("Hallo,Hello\nRaad,Council\n", encoding="utf-8")  # no header at all
    bitext = read_csv(path, "nl", "en")
    assert [(s.id, s.text) for s in bitext.source.segments] == [("r1", "Hallo"), ("r2", "Raad")]
    with pytest.raises(UsageError, match="unknown language 'zz'"):
        read_csv(path, "zz", "en")


_CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=8),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_round_trips_arbitrary_cells(tmp_path: Path, rows, delimiter) -> None:
    path = tmp_path / "prop.csv"
    write_csv(path, ["nl", "en"], rows, delimiter)
    kept = [(row, s, t) for row, (s, t) in enumerate(rows, start=2) if s.strip() or t.strip()]
    if not kept:
        with pytest.raises(InputError):
            read_csv(path)
        return
    bitext = read_csv(path)
    got = [(int(p.source[0].id[1:]) if p.source else int(p.target[0].id[1:]),
            p.source[0].text if p.source else None, p.target[0].text if p.target else None)
           for p in bitext.pairs()]
    assert got == [(row, s if s.strip() else None, t if t.strip() else None) for row, s, t in kept]


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "pairs.xlsx"
    write_xlsx(path, ["Nederlands", "English"], ROWS, start_row=2)
    bitext = read_xlsx(path)
    _check_round_trip(bitext, ROWS, 3)
    assert ("sheet", "Vertaling") in bitext.source.meta


def test_xlsx_numbers_and_dates_as_text(tmp_path: Path) -> None:
    path = tmp_path / "values.xlsx"
    write_xlsx(path, ["en", "nl"], [(2002, 2002.0), (1.5, "1,5")])
    bitext = read_xlsx(path)
    assert [(p.source_text, p.target_text) for p in bitext.pairs()] == [("2002", "2002"), ("1.5", "1,5")]


def test_xlsx_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_zip = tmp_path / "fake.xlsx"
    not_zip.write_text("nl,en\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a ZIP archive"):
        read_xlsx(not_zip)

    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(InputError, match="no xl/workbook.xml"):
        read_xlsx(other_zip)

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    with pytest.raises(InputError, match=r"expands \d+:1 \(limit 200:1\); refused as a possible zip bomb"):
        read_xlsx(bomb)

    big = tmp_path / "big.xlsx"
    write_xlsx(big, ["nl", "en"], ROWS)
    monkeypatch.setattr(tabular, "MAX_XLSX_UNCOMPRESSED", 1000)
    with pytest.raises(InputError, match=r"uncompressed content \(limit 0 MB\)"):
        read_xlsx(big)
    monkeypatch.undo()

    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(InputError, match="sheet 'Sheet' is empty"):
        read_xlsx(empty)

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    with pytest.raises(InputError, match="cannot read XLSX"):
        read_xlsx(broken)


def test_xlsx_unknown_header_is_row_error(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    write_xlsx(path, ["Text", "Translation"], [("Hallo", "Hello")])
    with pytest.raises(InputError) as info:
        read_xlsx(path)
    assert str(info.value).startswith(f"{path}: row 1: cannot tell the languages")


def test_tsv_extension_with_commas_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.tsv"
    write_csv(path, ["en", "nl"], [("Council", "Raad")], delimiter=",")
    bitext = read_csv(path)
    assert bitext.source.segments[0].text == "Council" and ("delimiter", "comma") in bitext.source.meta


def test_xlsx_member_lying_about_its_size_is_an_input_error(tmp_path: Path) -> None:
    # A zip bomb can declare a small size; zipfile stops there and the CRC check fails.
    real = 2 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"A" * real)
    data = buffer.getvalue().replace(real.to_bytes(4, "little"), (1000).to_bytes(4, "little"))
    path = tmp_path / "liar.xlsx"
    path.write_bytes(data)
    assert zipfile.ZipFile(path).getinfo("xl/workbook.xml").file_size == 1000
    with pytest.raises(InputError, match="cannot read XLSX"):
        read_xlsx(path)
