"""read_plaintext: encodings, one-per-line input, forced language, bad input."""
from __future__ import annotations

import codecs

import pytest

from align.errors import InputError, UsageError
from align.io.plaintext import read_plaintext

from conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("data, encoding", [
    (SEED_TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SEED_TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
    (SEED_TEXT.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
     .replace("Nº", "No").replace("´", "'").encode("cp1252"), "cp1252"),
])
def test_encodings_give_same_paragraphs(tmp_path, data, encoding):
    # the cp1252 bytes of "geïntegreerde" are not UTF-8, so the fallback is really used
    path = tmp_path / "seed.txt"
    path.write_bytes(data)
    doc = read_plaintext(path)
    assert doc.encoding == encoding
    reference = read_plaintext(SEED)
    assert len(doc.paragraphs) == len(reference.paragraphs)
    assert [p.origin.line_start for p in doc.paragraphs] == [p.origin.line_start for p in reference.paragraphs]
    assert "geïntegreerde" in doc.paragraphs[10].text


def test_crlf_line_ends(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    doc = read_plaintext(path)
    assert [p.text for p in doc.paragraphs] == [p.text for p in read_plaintext(SEED).paragraphs]


def test_ids_and_paragraph_index():
    doc = read_plaintext(SEED)
    assert [p.id for p in doc.paragraphs] == [f"p{i}" for i in range(1, len(doc.paragraphs) + 1)]
    for seg in doc.segments:
        assert seg.id.startswith(doc.paragraphs[seg.paragraph].id + ".s")
    assert dict(doc.meta)["layout"] == "double-spaced"


def test_forced_language():
    doc = read_plaintext(SEED, lang="nl")
    assert {p.lang for p in doc.paragraphs} == {"nl"}
    assert doc.lang == "nl"
    with pytest.raises(UsageError):
        read_plaintext(SEED, lang="xx")


def test_one_per_line(tmp_path):
    path = tmp_path / "lines.nl"
    src = SEED.parent.parent / "dgt-en-nl" / "en-nl" / "22019D1360.nl"
    lines = src.read_text(encoding="utf-8").splitlines()[:12]
    path.write_text("\n".join(lines[:5]) + "\n\n" + "\n".join(lines[5:]) + "\n", encoding="utf-8")
    doc = read_plaintext(path, one_per_line=True)
    assert len(doc.segments) == 12 == len(doc.paragraphs)
    assert [s.id for s in doc.segments][:6] == ["l1", "l2", "l3", "l4", "l5", "l7"]
    assert doc.segments[5].origin.line_start == doc.segments[5].origin.line_end == 7
    assert doc.segments[5].text == lines[5].strip()
    assert doc.lang == "nl"
    assert doc.removed == ()


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n  \n", "only whitespace"),
    (b"%PDF-1.4 binary", "PDF"),
    (b"________\n14186/07 GS/np 6\n", "no text left"),
])
def test_bad_input_is_one_line_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_plaintext(path)
    assert message in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_plaintext(tmp_path / "nope.txt")
