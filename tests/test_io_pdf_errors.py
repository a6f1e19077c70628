"""PDFs that cannot be read give one clear line naming the file, never empty output."""
from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.io.pdf import read_pdf
from fixtures_pdfdocx.pdf_builder import build_scanned_pdf, build_small_pdf

LINES = ["Het Coreper wordt verzocht de Raad in overweging te geven bijgaande conclusies aan",
         "te nemen."]


def _error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_pdf(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


@pytest.fixture()
def good_pdf(tmp_path: Path) -> Path:
    return build_small_pdf(tmp_path / "good.pdf", LINES)


def test_good_small_pdf(good_pdf: Path) -> None:
    doc = read_pdf(good_pdf)
    assert [p.text for p in doc.paragraphs] == [" ".join(LINES)]
    assert doc.segments[0].origin.page == 1


def test_scanned_pdf(tmp_path: Path) -> None:
    path = build_scanned_pdf(tmp_path / "scan.pdf")
    assert _error(path).endswith("no text layer: this looks like a scanned PDF; run OCR first")


def test_partly_scanned_pdf_names_the_pages(tmp_path: Path) -> None:
    path = build_small_pdf(tmp_path / "mixed.pdf", LINES, scanned_pages=2)
    assert "no text layer on pages 2, 3" in _error(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = build_small_pdf(tmp_path / "locked.pdf", LINES, owner_password="raad",
                           user_password="geheim")
    assert "encrypted PDF: it needs a password to open" in _error(path)


def test_owner_password_only_is_readable(tmp_path: Path) -> None:
    """Permissions-only protection (no password to open) is common on published PDFs."""
    path = build_small_pdf(tmp_path / "perms.pdf", LINES, owner_password="raad")
    assert read_pdf(path).paragraphs[0].text.startswith("Het Coreper wordt verzocht")


def test_truncated_pdf(good_pdf: Path, tmp_path: Path) -> None:
    data = good_pdf.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) * 2 // 3])
    assert "truncated PDF" in _error(path)


def test_damaged_body_with_end_marker(good_pdf: Path, tmp_path: Path) -> None:
    data = good_pdf.read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:200] + b"\n%%EOF\n")
    assert "corrupt PDF" in _error(path)


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "text.pdf"
    path.write_text("Porto, 9th October 2007\n", encoding="utf-8")
    assert "not a PDF file" in _error(path)


def test_garbage_after_header(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert "corrupt PDF" in _error(path)


def test_empty_and_missing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty" in _error(empty)
    assert "no such file" in _error(tmp_path / "absent.pdf")


def test_only_furniture(tmp_path: Path) -> None:
    path = build_small_pdf(tmp_path / "furniture.pdf", ["14186/07 GS/np 6", "DG H 2B NL"])
    assert "no text left after removing page furniture" in _error(path)
