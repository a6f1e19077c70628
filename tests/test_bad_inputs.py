"""Bad input gets one clear line and exit code 2, never a traceback, never a stray output file.

The table drives the real CLI (``align.cli.main`` through click's CliRunner; a few rows also
through ``python -m align`` in a subprocess, to prove nothing else reaches stderr). Every bad
file is generated in ``tmp_path`` so the table says exactly what is wrong with it. A row whose
command does not exist (yet) is skipped naming the command.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from align.cli import main
from conftest import SEED

ERROR_LINE = re.compile(r"^align: error: (?P<rest>.+)$")

NL_TEXT = ("De Raad van de Europese Unie neemt kennis van het verslag over mensenhandel.\n\n"
           "Het Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 blijft van toepassing.\n")
EN_TEXT = ("The Council of the European Union takes note of the report on trafficking in human beings.\n\n"
           "Council Framework Decision 2002/629/JHA of 19 July 2002 continues to apply.\n")

TMX_EN_FR = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>
  <body>
    <tu><tuv xml:lang="en"><seg>The Council.</seg></tuv><tuv xml:lang="fr"><seg>Le Conseil.</seg></tuv></tu>
  </body>
</tmx>
"""
MALFORMED_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en"/>
  <body>
    <tu><tuv xml:lang="en"><seg>The Council.</seg></tuv><tuv xml:lang="nl"><seg>De Raad.</tuv></tu>
  </body>
</tmx>
"""
MALFORMED_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="nl" target-language="en" datatype="plaintext" original="x">
    <body>
      <trans-unit id="1"><source>De Raad &amp; de Commissie</source><target>The Council & the Commission</target></trans-unit>
    </body>
  </file>
</xliff>
"""
LAUGHS = "".join(f'  <!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">\n' for i in range(1, 10))
BILLION_LAUGHS = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [
  <!ENTITY lol0 "lol">
{LAUGHS}]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="nl"><seg>&lol9;</seg></tuv></tu>
</body></tmx>
"""
SECRET = "ALIGN-SECRET-7f3a9c"  # content of the "local file" an external entity points at
XXE_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [ <!ENTITY leak SYSTEM "file://{secret}"> <!ENTITY pw SYSTEM "file:///etc/passwd"> ]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="nl" target-language="en" datatype="plaintext" original="x"><body>
    <trans-unit id="1"><source>&leak; &pw;</source><target>&leak; &pw;</target></trans-unit>
  </body></file>
</xliff>
"""
GLOSSARY_HEADER = "concept_id,lang,term,status\n"


# ---- bad files -----------------------------------------------------------------------------

def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document xmlns:w='urn:w'><w:body/></w:document>")
    return buffer.getvalue()


def _odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content xmlns:office='urn:o'/>")
    return buffer.getvalue()


def _xlsx_bomb(path: Path) -> None:
    """A ZIP with xl/workbook.xml and one member of 8 MB of zeros (about 8 kB compressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(8):
                member.write(block)


def _xlsx_huge(path: Path) -> None:
    """Declared uncompressed size above 200 MB, spread so no single member looks like a bomb."""
    import random

    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(1 << 16))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/media/big.bin", "w", force_zip64=True) as member:
            for _ in range(201 * 16):
                member.write(noise)


def _glossary_xlsx(path: Path, damage: Callable[[str, bytes], bytes]) -> None:
    """A real XLSX glossary (written by openpyxl) with one part damaged by ``damage(name, data)``."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in (["concept_id", "lang", "term", "status"], ["eu.ms", "nl", "lidstaat", "preferred"],
                ["eu.ms", "en", "Member State", "preferred"]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, damage(name, source.read(name)))


def _no_sheets(name: str, data: bytes) -> bytes:
    return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data) if name == "xl/workbook.xml" else data


def _bad_cell_xml(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    return data.replace(b"</sheetData>", b'<row r="9"><c r="A9" t="inlineStr"><is><t>x&</t></is></c></row></sheetData>')


def _write(data: bytes | str, name: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return build


def _custom(name: str, maker: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        maker(path)
        return path
    return build


def _xxe(tmp: Path) -> Path:
    secret = tmp / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    path = tmp / "xxe.xlf"
    path.write_text(XXE_TEMPLATE.format(secret=secret), encoding="utf-8")
    return path


def _secret_xml(name: str, template: str) -> Callable[[Path], Path]:
    """An XML file pointing at a local file (the 'secret') through a DTD, parameter entity or XInclude."""
    def build(tmp: Path) -> Path:
        secret = tmp / "secret.txt"
        secret.write_text(SECRET + "\n", encoding="utf-8")
        dtd = tmp / "evil.dtd"
        dtd.write_text(f'<!ENTITY leak SYSTEM "file://{secret}">', encoding="utf-8")
        path = tmp / name
        path.write_text(template.format(secret=secret, dtd=dtd), encoding="utf-8")
        return path
    return build


_TMX_BODY = ('<tmx version="1.4" xmlns:xi="http://www.w3.org/2001/XInclude"><header srclang="en"/><body>\n'
             '<tu><tuv xml:lang="en"><seg>a {ref} b</seg></tuv><tuv xml:lang="nl"><seg>x</seg></tuv></tu>\n'
             "</body></tmx>\n")
PARAMETER_ENTITY = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]>\n'
                    + _TMX_BODY.replace("{ref}", "&leak;"))
EXTERNAL_DTD = '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "file://{dtd}">\n' + _TMX_BODY.replace("{ref}", "&leak;")
XINCLUDE = '<?xml version="1.0"?>\n' + _TMX_BODY.replace(
    "{ref}", '<xi:include href="file://{secret}" parse="text"/>')


def _directory(tmp: Path) -> Path:
    path = tmp / "adir.txt"
    path.mkdir()
    return path


def _symlink_loop(tmp: Path) -> Path:
    first, second = tmp / "loop-a.txt", tmp / "loop-b.txt"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


LONG_NAME = "n" * 300  # longer than any file system allows for one name (255 bytes)

FILES: dict[str, Callable[[Path], Path]] = {
    "nl": _write(NL_TEXT, "source.nl.txt"),
    "en": _write(EN_TEXT, "target.en.txt"),
    "missing": lambda tmp: tmp / "no-such-file.txt",
    "directory": _directory,
    "name_too_long": lambda tmp: tmp / f"{LONG_NAME}.txt",
    "name_too_long_tmx": lambda tmp: tmp / f"{LONG_NAME}.tmx",
    "device": lambda tmp: Path("/dev/zero"),
    "symlink_loop": _symlink_loop,
    "empty": _write(b"", "empty.txt"),
    "whitespace": _write(b" \n\n\t \r\n", "blank.txt"),
    "binary": _write(bytes(range(256)) * 40, "binary.txt"),
    "pdf_as_text": _write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n", "report.txt"),
    "pdf_real_name": _write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n", "report.pdf"),
    "docx_as_text": _write(_docx_bytes(), "letter.txt"),
    # valid cp1252, invalid UTF-8, the bad byte on line 3
    "cp1252": _write("Eerste regel.\nTweede regel.\nDe caf\u00e9 is dicht.\n".encode("cp1252"), "legacy.txt"),
    # bytes that are neither UTF-8 nor cp1252 (0x81, 0x8d are undefined in cp1252), on line 2
    "undecodable": _write(b"Eerste regel.\nDit is \x81\x8d kapot \xe9.\n", "broken.txt"),
    "xml_bad_encoding": _write(TMX_EN_FR.replace("The Council.", "The Conseil \xe9t\xe9.").encode("latin-1"),
                               "latin.tmx"),
    "malformed_tmx": _write(MALFORMED_TMX, "broken.tmx"),
    "malformed_xliff": _write(MALFORMED_XLIFF, "broken.xlf"),
    "tmx_en_fr": _write(TMX_EN_FR, "en-fr.tmx"),
    "billion_laughs": _write(BILLION_LAUGHS, "laughs.tmx"),
    "xxe": _xxe,
    "parameter_entity": _secret_xml("pe.tmx", PARAMETER_ENTITY),
    "external_dtd_entity": _secret_xml("ext.tmx", EXTERNAL_DTD),
    "xinclude": _secret_xml("xinclude.tmx", XINCLUDE),
    "xml_other_root": _write('<?xml version="1.0"?>\n<html><body>x</body></html>\n', "page.xml"),
    "xlsx_not_zip": _write(b"nl,en\nDe Raad,The Council\n", "table.xlsx"),
    "xlsx_zip_no_workbook": _write(_odt_bytes(), "table.xlsx"),
    "docx_damaged": _write(_docx_bytes(), "letter.docx"),  # a ZIP with word/document.xml, nothing else
    "en_tsv": _write(EN_TEXT, "target.tsv"),
    "xlsx_bomb": _custom("bomb.xlsx", _xlsx_bomb),
    "xlsx_huge": _custom("huge.xlsx", _xlsx_huge),
    "tmx_huge_text": _write(TMX_EN_FR.replace("<seg>The Council.</seg>", "<seg>" + "word " * 2_100_000 + "</seg>"),
                            "huge-text.tmx"),
    "tmx_deep": _write(TMX_EN_FR.replace("The Council.", "<hi>" * 300 + "x" + "</hi>" * 300), "deep.tmx"),
    "csv_huge_cell": _write('nl,en\nDe Raad,The Council\n"' + "a" * 200_000 + '",b\n', "pairs.csv"),
    "csv_no_langs": _write("id,text,comment\n1,De Raad,x\n", "pairs.csv"),
    "csv_unterminated": _write('nl,en\nDe Raad,The Council\n"De Commissie,The Commission\nEinde,End\n', "pairs.csv"),
    "csv_ragged": _write("nl,en\nDe Raad,The Council\nDe Commissie,The Commission,extra\n", "pairs.csv"),
    "gloss_wrong_columns": _write("id,language,word\nx,nl,lidstaat\n", "terms.csv"),
    "gloss_unterminated": _write(GLOSSARY_HEADER + 'eu.ms,nl,lidstaat,preferred\neu.ms,en,"Member State,preferred\n'
                                 "eu.x,nl,raad,preferred\n", "terms.csv"),
    "gloss_empty_term": _write(GLOSSARY_HEADER + "eu.ms,nl,lidstaat,preferred\neu.ms,en,,preferred\n", "terms.csv"),
    "gloss_conflict": _write(GLOSSARY_HEADER + "eu.ms,nl,lidstaat,preferred\neu.ms,en,Member State,preferred\n"
                             "eu.ms,nl,lidstaat,forbidden\n", "terms.csv"),
    "gloss_bad_status": _write(GLOSSARY_HEADER + "eu.ms,nl,lidstaat,prefered\n", "terms.csv"),
    "gloss_unknown_format": _write("lidstaat\n", "terms.docx"),
    "gloss_xlsx_bomb": _custom("terms.xlsx", _xlsx_bomb),
    "gloss_xlsx_no_sheets": _custom("terms.xlsx", lambda p: _glossary_xlsx(p, _no_sheets)),
    "gloss_xlsx_bad_xml": _custom("terms.xlsx", lambda p: _glossary_xlsx(p, _bad_cell_xml)),
    "xlsx_bad_xml": _custom("pairs.xlsx", lambda p: _glossary_xlsx(p, _bad_cell_xml)),
    "xlsx_no_sheets": _custom("pairs.xlsx", lambda p: _glossary_xlsx(p, _no_sheets)),
    "gloss_xlsx_not_zip": _write(GLOSSARY_HEADER + "eu.ms,nl,lidstaat,preferred\n", "terms.xlsx"),
}


# ---- the table ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """``argv`` items: ``@key`` is a file from FILES, ``%name`` an output path in ``out/``,
    ``%%name`` an output path in a directory that does not exist, ``!unwritable/name`` an
    output in a directory align cannot write in."""

    id: str
    argv: tuple[str, ...]
    message: str                     # regex searched in the part after "align: error: "
    names: str | None = None         # key of the file the line must start with
    line: int | None = None          # the line (or row) the message must name
    unit: str = "line"               # "line" -> "path:N:", "row" -> "path: row N:"
    must_not_print: tuple[str, ...] = ()
    subprocess: bool = False         # also run through `python -m align`
    marks: tuple = field(default=())

    @property
    def command(self) -> str:
        return " ".join(self.argv[:2]) if self.argv[0] in ("glossary", "review") else self.argv[0]


def R(id: str, argv: str, message: str, names: str | None = None, **kw) -> "pytest.param":
    row = Row(id, tuple(argv.split()), message, names, **kw)
    return pytest.param(row, id=id, marks=row.marks)


JSON = "--json %f.json"
CHECK = "check @nl @en -o %review.xlsx " + JSON

ROWS = [
    # -- missing / directory / empty / binary, every command that reads a file
    R("segment-missing", "segment @missing", r": no such file$", "missing", subprocess=True),
    R("segment-directory", "segment @directory", r"is a directory", "directory"),
    R("segment-name-too-long", "segment @name_too_long", r"cannot open file: File name too long", "name_too_long",
      subprocess=True),
    R("segment-device", "segment @device", r"not a regular file", "device"),
    R("segment-symlink-loop", "segment @symlink_loop", r"cannot open file: Too many levels of symbolic links",
      "symlink_loop"),
    R("check-name-too-long", "check @name_too_long_tmx " + JSON, r"File name too long", "name_too_long_tmx"),
    R("refs-name-too-long", "refs @name_too_long", r"File name too long", "name_too_long"),
    # regression: align/terms/glossary.py glossary_key let OSError ENAMETOOLONG through (exit 3)
    R("check-glossary-name-too-long", CHECK + " -g @name_too_long", r"cannot open glossary: File name too long",
      "name_too_long"),
    R("glossary-name-too-long", "glossary check @name_too_long", r"(File name too long|not found)", "name_too_long"),
    R("pair-output-name-too-long", f"pair @nl @en -o %{LONG_NAME}.tsv", r"cannot use this output path: File name too long"),
    R("segment-empty", "segment @empty", r"file is empty", "empty"),
    R("segment-whitespace", "segment @whitespace", r"(no text|whitespace|empty)", "whitespace"),
    R("segment-binary", "segment @binary", r"binary file", "binary", subprocess=True),
    R("segment-pdf-as-text", "segment @pdf_as_text", r"PDF", "pdf_as_text"),
    R("segment-docx-as-text", "segment @docx_as_text", r"(ZIP container \(DOCX|Word package)", "docx_as_text"),
    R("segment-undecodable", "segment @undecodable", r"not UTF-8 .* not cp1252", "undecodable", line=2),
    R("segment-declared-utf8", "segment @cp1252 --encoding utf-8", r"not valid utf-8 \(byte 0xe9\)", "cp1252", line=3),
    R("segment-unknown-encoding", "segment @nl --encoding klingon", r"unknown encoding", "nl"),
    R("segment-unknown-lang", "segment @nl --lang xx", r"unknown language 'xx'"),
    R("pair-missing-source", "pair @missing @en -o %out.tmx", r"no such file", "missing"),
    R("pair-directory-target", "pair @nl @directory -o %out.tmx", r"is a directory", "directory"),
    R("pair-empty", "pair @empty @en -o %out.json", r"file is empty", "empty"),
    R("pair-binary", "pair @nl @binary -o %out.tsv", r"binary file", "binary"),
    R("pair-undecodable", "pair @undecodable @en -o %out.tmx", r"not UTF-8", "undecodable", line=2),
    R("pair-unknown-source-lang", "pair @nl @en -o %out.tmx --source-lang xx", r"unknown language 'xx'",
      subprocess=True),
    R("pair-bilingual-input", "pair @tmx_en_fr @en -o %out.tmx", r"bilingual file", "tmx_en_fr"),
    R("check-missing", "check @missing -o %review.xlsx " + JSON, r"no such file", "missing", subprocess=True),
    R("check-directory", "check @directory " + JSON, r"is a directory", "directory"),
    R("check-empty", "check @empty " + JSON, r"file is empty", "empty"),
    R("check-binary", "check @binary -o %review.xlsx", r"binary file", "binary"),
    R("check-pdf-as-text", "check @pdf_as_text " + JSON, r"PDF", "pdf_as_text"),
    R("check-docx-damaged", "check @docx_damaged " + JSON, r"(DOCX|Word)", "docx_damaged"),
    R("segment-docx-real-name", "segment @docx_damaged", r"(ZIP container|DOCX|Word)", "docx_damaged"),
    R("check-pdf-damaged", "check @pdf_real_name " + JSON, r"PDF", "pdf_real_name"),
    R("check-undecodable", "check @undecodable @en " + JSON, r"not UTF-8", "undecodable", line=2),
    R("check-unknown-source-lang", CHECK + " --source-lang xx", r"unknown language 'xx'", subprocess=True),
    R("check-unknown-target-lang", "check @tmx_en_fr " + JSON + " --target-lang klingon",
      r"unknown language 'klingon'"),
    # -- XML
    R("check-malformed-tmx", "check @malformed_tmx -o %review.xlsx " + JSON, r"malformed XML", "malformed_tmx",
      line=5, subprocess=True),
    R("check-malformed-xliff", "check @malformed_xliff " + JSON, r"malformed XML", "malformed_xliff", line=5),
    R("check-xml-declared-encoding", "check @xml_bad_encoding " + JSON + " --target-lang fr",
      r"malformed XML", "xml_bad_encoding", line=5),
    R("check-tmx-missing-language", "check @tmx_en_fr " + JSON + " --source-lang en --target-lang nl",
      r"no (text in )?target language 'nl'.*en \(en\), fr \(fr\)", "tmx_en_fr"),
    R("check-tmx-missing-source-language", "check @tmx_en_fr " + JSON + " --source-lang de",
      r"no (text in )?source language 'de'", "tmx_en_fr"),
    R("check-billion-laughs", "check @billion_laughs -o %review.xlsx " + JSON, r"defines entities",
      "billion_laughs", subprocess=True),
    R("check-xxe", "check @xxe -o %review.xlsx " + JSON, r"defines entities", "xxe",
      must_not_print=(SECRET, "root:"), subprocess=True),
    R("refs-xxe", "refs @xxe --json %refs.json", r"defines entities", "xxe", must_not_print=(SECRET, "root:")),
    R("check-parameter-entity", "check @parameter_entity " + JSON + " --source-lang en --target-lang nl",
      r"defines entities", "parameter_entity", must_not_print=(SECRET,)),
    R("check-external-dtd-entity", "check @external_dtd_entity -o %review.xlsx --source-lang en --target-lang nl",
      r"entity reference &leak;", "external_dtd_entity", line=4, must_not_print=(SECRET,)),
    R("check-xml-text-limit", "check @tmx_huge_text " + JSON + " --target-lang fr",
      r"longer than 10,000,000 characters", "tmx_huge_text", line=5),
    R("check-xml-depth-limit", "check @tmx_deep " + JSON + " --target-lang fr", r"nested more than 256 levels",
      "tmx_deep", line=5),
    R("check-xml-not-tmx", "check @xml_other_root " + JSON, r"neither TMX nor XLIFF", "xml_other_root"),
    # -- tables
    R("check-xlsx-not-zip", "check @xlsx_not_zip " + JSON, r"not a ZIP archive", "xlsx_not_zip"),
    R("check-xlsx-zip-no-workbook", "check @xlsx_zip_no_workbook " + JSON, r"(neither an XLSX|no xl/workbook)",
      "xlsx_zip_no_workbook"),
    R("check-xlsx-bomb", "check @xlsx_bomb -o %review.xlsx " + JSON, r"expands \d+:1 .*zip bomb", "xlsx_bomb"),
    R("check-xlsx-huge", "check @xlsx_huge " + JSON, r"declares 201 MB .*limit 200 MB", "xlsx_huge"),
    R("check-csv-no-languages", "check @csv_no_langs " + JSON, r"cannot tell the languages", "csv_no_langs",
      line=1),
    R("check-csv-unterminated", "check @csv_unterminated " + JSON, r"unterminated quoted field", "csv_unterminated",
      line=3),
    R("check-csv-cell-limit", "check @csv_huge_cell " + JSON, r"a cell longer than 131072 characters",
      "csv_huge_cell", line=3),
    R("check-csv-ragged", "check @csv_ragged " + JSON, r"has 3 columns, the header .* has 2", "csv_ragged", line=3),
    # -- glossaries, on their own and given to check
    R("glossary-wrong-columns", "glossary check @gloss_wrong_columns", r"header lacks column\(s\) term",
      "gloss_wrong_columns", line=1),
    # regression: align/terms/readers.py named the last line (4, 'unexpected end of data')
    R("glossary-unterminated", "glossary check @gloss_unterminated", r"malformed CSV: unterminated quoted field",
      "gloss_unterminated", line=3),
    R("glossary-unterminated-any-line", "glossary check @gloss_unterminated", r"(malformed CSV|unterminated|quote)",
      "gloss_unterminated"),
    R("glossary-empty-term", "glossary check @gloss_empty_term", r"empty term", "gloss_empty_term", line=3),
    R("glossary-conflict", "glossary check @gloss_conflict", r"(status|preferred.*forbidden|forbidden.*preferred)",
      "gloss_conflict", line=4),
    R("glossary-bad-status", "glossary check @gloss_bad_status", r"status", "gloss_bad_status", line=2),
    R("glossary-missing", "glossary check @missing", r"no such file", "missing"),
    R("glossary-unknown-format", "glossary check @gloss_unknown_format", r"unknown glossary format",
      "gloss_unknown_format"),
    R("glossary-xlsx-not-zip", "glossary check @gloss_xlsx_not_zip", r"(not a ZIP|cannot read XLSX)",
      "gloss_xlsx_not_zip"),
    # regressions (the last two found by benchmarks/fuzz.py): align/terms/readers.py opened XLSX glossaries
    # without the zip-bomb check, raised IndexError on a workbook without sheets and ParseError on a
    # damaged sheet (exit 3)
    R("glossary-xlsx-bomb", "glossary check @gloss_xlsx_bomb", r"zip bomb", "gloss_xlsx_bomb"),
    R("check-glossary-xlsx-bomb", CHECK + " -g @gloss_xlsx_bomb", r"zip bomb", "gloss_xlsx_bomb"),
    R("glossary-xlsx-no-sheets", "glossary check @gloss_xlsx_no_sheets", r"the workbook has no worksheet",
      "gloss_xlsx_no_sheets"),
    R("glossary-xlsx-bad-xml", "glossary check @gloss_xlsx_bad_xml", r"cannot read XLSX sheet 'Sheet': ParseError",
      "gloss_xlsx_bad_xml"),
    R("check-xlsx-no-sheets", "check @xlsx_no_sheets " + JSON, r"no worksheet", "xlsx_no_sheets"),
    R("check-xlsx-bad-xml", "check @xlsx_bad_xml " + JSON, r"cannot read XLSX sheet 'Sheet': ParseError",
      "xlsx_bad_xml"),
    R("check-glossary-conflict", CHECK + " -g @gloss_conflict", r"(status|forbidden)", "gloss_conflict", line=4),
    R("check-glossary-wrong-columns", CHECK + " -g @gloss_wrong_columns", r"header lacks column",
      "gloss_wrong_columns", line=1, subprocess=True),
    R("check-glossary-missing", CHECK + " -g @missing", r"(no such file|not found)", "missing"),
    # -- references
    R("refs-missing", "refs @missing", r"no such file", "missing"),
    R("refs-binary", "refs @binary", r"binary file", "binary"),
    R("refs-undecodable", "refs @undecodable", r"not UTF-8", "undecodable", line=2),
    R("refs-malformed-tmx", "refs @malformed_tmx", r"malformed XML", "malformed_tmx", line=5),
    # -- outputs
    R("pair-output-dir-missing", "pair @nl @en -o %%out.tmx", r"output directory does not exist"),
    R("check-output-dir-missing", "check @nl @en -o %%review.xlsx", r"output directory does not exist"),
    R("check-json-dir-missing", "check @nl @en --json %%f.json", r"output directory does not exist"),
    R("refs-json-dir-missing", "refs @nl --json %%refs.json", r"output directory does not exist"),
    R("pair-output-unwritable", "pair @nl @en -o !unwritable/out.tmx", r"(not writable|cannot write)"),
    R("check-json-unwritable", "check @nl @en --json !unwritable/f.json", r"(not writable|cannot write)"),
    R("pair-output-is-input", "pair @nl @en_tsv -o @en_tsv", r"output path is also an input", "en_tsv"),
    R("pair-output-is-input-txt", "pair @nl @en -o @en", r"unknown output format '\.txt'"),
    R("check-json-is-input", "check @nl @en --json @en", r"output path is also an input", "en"),
    R("check-output-is-glossary", "check @nl @en -g @gloss_conflict --json @gloss_conflict",
      r"output path is also an input", "gloss_conflict"),
    R("check-output-not-xlsx", "check @nl @en -o %review.txt", r"must be an \.xlsx"),
    R("pair-output-unknown-format", "pair @nl @en -o %out.docx", r"unknown output format"),
]


# ---- running ----------------------------------------------------------------------------------

def _command_exists(row: Row) -> None:
    group = main
    for word in row.command.split():
        commands = getattr(group, "commands", {})
        if word not in commands:
            pytest.fail(f"command 'align {row.command}' is missing")
        group = commands[word]


def _unwritable_dir(tmp: Path) -> Path:
    """A directory align cannot create files in, even when the tests run as root."""
    if os.geteuid() == 0:
        for candidate in (Path("/sys"), Path("/proc/sys")):
            if candidate.is_dir():
                return candidate
        pytest.skip("running as root and no read-only directory to write into")
    path = tmp / "locked"
    path.mkdir()
    path.chmod(0o500)
    return path


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system
        return False


@dataclass
class Prepared:
    argv: list[str]
    files: dict[str, Path]
    out_dir: Path
    inputs: list[Path]


def prepare(row: Row, tmp: Path) -> Prepared:
    files: dict[str, Path] = {}
    out_dir = tmp / "out"
    out_dir.mkdir()
    argv: list[str] = []
    for item in row.argv:
        if item.startswith("@"):
            key = item[1:]
            if key not in files:
                files[key] = FILES[key](tmp)
            argv.append(str(files[key]))
        elif item.startswith("%%"):
            argv.append(str(tmp / "no-such-dir" / item[2:]))
        elif item.startswith("%"):
            argv.append(str(out_dir / item[1:]))
        elif item.startswith("!unwritable/"):
            argv.append(str(_unwritable_dir(tmp) / item.split("/", 1)[1]))
        else:
            argv.append(item)
    inputs = [p for p in files.values() if _is_file(p)]
    return Prepared(argv, files, out_dir, inputs)


def _checksums(paths: list[Path]) -> dict[Path, bytes]:
    import hashlib

    return {p: hashlib.sha256(p.read_bytes()).digest() for p in paths}


def assert_one_clear_line(row: Row, prep: Prepared, exit_code: int, stdout: str, stderr: str) -> None:
    assert exit_code != 3, f"internal error (a bug) for {row.id}: {stderr.strip()}"
    assert exit_code == 2, f"exit code {exit_code} for {row.id}; stderr: {stderr!r}; stdout: {stdout[-300:]!r}"
    assert "Traceback" not in stderr and "Traceback" not in stdout
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    match = ERROR_LINE.match(lines[0])
    assert match, f"not an 'align: error:' line: {lines[0]!r}"
    rest = match.group("rest")
    if row.names is not None:
        name = str(prep.files[row.names])
        assert rest.startswith(name), f"message does not start with the file {name}: {rest!r}"
        after = rest[len(name):]
        if row.line is not None:
            where = f":{row.line}:" if row.unit == "line" else f": row {row.line}:"
            assert after.startswith(where), f"message does not name {row.unit} {row.line}: {rest!r}"
    assert re.search(row.message, rest), f"{rest!r} does not match {row.message!r}"
    for secret in row.must_not_print:
        assert secret not in stdout and secret not in stderr


def assert_nothing_written(prep: Prepared) -> None:
    leftovers = sorted(p.name for p in prep.out_dir.iterdir())
    assert leftovers == [], f"files left in the output directory: {leftovers}"


@pytest.mark.parametrize("row", ROWS)
def test_bad_input_gives_one_line_and_exit_2(row: Row, tmp_path: Path) -> None:
    _command_exists(row)
    prep = prepare(row, tmp_path)
    before = _checksums(prep.inputs)
    result = CliRunner().invoke(main, prep.argv, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(f"{row.id}: exception escaped the CLI: {type(result.exception).__name__}: {result.exception}")
    assert_one_clear_line(row, prep, result.exit_code, result.stdout, result.stderr)
    assert_nothing_written(prep)
    assert _checksums(prep.inputs) == before, "an input file was modified"


SUBPROCESS_ROWS = [p for p in ROWS if p.values[0].subprocess]


@pytest.mark.parametrize("row", SUBPROCESS_ROWS)
def test_bad_input_through_python_m_align(row: Row, tmp_path: Path) -> None:
    """The real process: stderr holds exactly the one line, whatever logging or warnings do."""
    _command_exists(row)
    prep = prepare(row, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "ALIGN_DEBUG"}
    env["PYTHONWARNINGS"] = "default"  # a stray warning would be a second line on stderr
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "align", *prep.argv], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert_one_clear_line(row, prep, proc.returncode, proc.stdout, proc.stderr)
    assert_nothing_written(prep)
    assert time.monotonic() - started < 60


def test_billion_laughs_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    """10^9 'lol's would be 3 GB; the refusal must come in well under a second of parsing
    and without the process growing (measured in a child with a 512 MB address-space cap)."""
    path = FILES["billion_laughs"](tmp_path)
    code = ("import resource, time\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, resource.RLIM_INFINITY))\n"
            "from align.io.reader import read_input\nfrom align.errors import InputError\n"
            "print('baseline_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
            f"t = time.monotonic()\ntry:\n    read_input({str(path)!r}, 'en', 'nl')\n"
            "except InputError as e:\n    print('refused', time.monotonic() - t, e)\n"
            "print('maxrss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1].startswith("refused"), proc.stdout
    assert float(lines[1].split()[1]) < 2.0
    grown_kb = int(lines[2].split()[1]) - int(lines[0].split()[1])
    assert grown_kb < 64 * 1024, proc.stdout  # the expansion alone would be gigabytes


@pytest.mark.parametrize("key", ["xxe", "billion_laughs", "malformed_tmx", "malformed_xliff"])
def test_refused_xml_leaves_no_open_file(tmp_path: Path, key: str) -> None:
    """A refused XML file is closed: a ResourceWarning would be a second line on stderr."""
    path = FILES[key](tmp_path)
    code = ("from align.errors import InputError\nfrom align.io.reader import read_input\n"
            f"try:\n    read_input({str(path)!r}, 'en', 'nl')\nexcept InputError:\n    print('refused')\n")
    proc = subprocess.run([sys.executable, "-W", "always", "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "refused"
    assert "ResourceWarning" not in proc.stderr, proc.stderr


def test_xinclude_is_not_processed(tmp_path: Path) -> None:
    """XInclude is ordinary markup to align: the included file is never read."""
    from align.io.reader import read_input

    bitext = read_input(FILES["xinclude"](tmp_path), "en", "nl")
    assert [segment.text for segment in bitext.source.segments] == ["a b"]


def test_external_entity_content_never_reaches_any_output(tmp_path: Path) -> None:
    """Beyond the refusal: nothing the entity points at appears in stdout, stderr or files."""
    path = _xxe(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for argv in (["check", str(path), "--json", str(out / "f.json"), "-o", str(out / "r.xlsx")],
                 ["refs", str(path), "--json", str(out / "r.json")],
                 ["segment", str(path), "--format", "json"]):
        if argv[0] not in main.commands:
            continue
        result = CliRunner().invoke(main, argv)
        assert SECRET not in result.output and "root:x:0" not in result.output
        for produced in out.iterdir():
            assert SECRET.encode() not in produced.read_bytes()


# ---- inputs that look odd but are fine -----------------------------------------------------------

def test_mixed_line_endings_are_read_with_the_right_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"De Raad neemt kennis.\r\nHet verslag is goed.\rDe lidstaten zijn het eens.\nEinde.\r\n")
    result = CliRunner().invoke(main, ["segment", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    starts = [p["origin"]["line_start"] for p in data["paragraphs"]]
    texts = [p["text"] for p in data["paragraphs"]]
    assert texts == ["De Raad neemt kennis.", "Het verslag is goed.", "De lidstaten zijn het eens.", "Einde."]
    assert starts == [1, 2, 3, 4]


def test_ten_megabyte_single_line_is_handled(tmp_path: Path) -> None:
    """A 10 MB line (a text exported without line breaks) is read, not refused, in bounded time."""
    sentence = "De Raad van de Europese Unie neemt kennis van het verslag over mensenhandel, "
    path = tmp_path / "one-line.txt"
    path.write_text(sentence * (10 * 1024 * 1024 // len(sentence) + 1) + "Einde.\n", encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "align", "segment", str(path)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert "Traceback" not in proc.stderr
    assert "1 paragraphs" in proc.stderr
    assert time.monotonic() - started < 120


@pytest.mark.parametrize("run", ["a" * 12_000, "a" * 12_000 + "-", "a" * 12_000 + ".b-", "-" * 12_000])
def test_long_run_without_spaces_is_read_in_linear_time(tmp_path: Path, run: str) -> None:
    """Regression: align/text/normalize.py searched r"(\\S*?)([-‐\\u00ad])$" on every line and
    r"[^\\W_]+(?:[-‐][^\\W_]+)*$" on the fragment: quadratic in a run without spaces (12,000
    characters took ~6 s, 80,000 took 450 s; found by benchmarks/fuzz.py)."""
    from align.errors import InputError
    from align.io.reader import read_input

    path = tmp_path / "no-spaces.txt"
    path.write_text("De Raad neemt kennis. " + run + "\nvolgende regel.\n", encoding="utf-8")
    started = time.monotonic()
    try:
        read_input(path)
    except InputError:
        pass
    assert time.monotonic() - started < 1.5


def test_long_run_keeps_the_hyphenation_decision(tmp_path: Path) -> None:
    """The linear rewrite decides line-end hyphens as before: joined inside a word, kept before a capital."""
    from align.io.reader import read_input

    path = tmp_path / "hyphens.txt"
    path.write_text("De strijd tegen mensen-\nhandel gaat door en het EU-\nActieplan ook.\n"
                    "Een bestuursrechte-\nlijke aanpak.\n", encoding="utf-8")
    text = " ".join(p.text for p in read_input(path, "nl").paragraphs)
    assert "mensenhandel" in text and "EU-Actieplan" in text and "bestuursrechtelijke" in text


def test_xlsx_that_openpyxl_repairs_leaves_stderr_empty(tmp_path: Path) -> None:
    """Regression (found by benchmarks/fuzz.py): openpyxl's UserWarning about a <sheet> without
    an id reached stderr as two stray lines."""
    import openpyxl

    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["nl", "en"])
    book.active.append(["De Raad", "The Council"])
    book.save(good)
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'<sheet name="Old" sheetId="9"/></sheets>')
            target.writestr(name, data)
    out = tmp_path / "f.json"
    proc = subprocess.run([sys.executable, "-m", "align", "check", str(odd), "--no-default-glossaries", "--json",
                           str(out)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONWARNINGS="default"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert out.exists()


def test_cp1252_file_is_read_and_the_encoding_is_said(tmp_path: Path) -> None:
    path = FILES["cp1252"](tmp_path)
    result = CliRunner().invoke(main, ["segment", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "encoding cp1252" in result.stderr
    assert "De café is dicht." in result.stdout


def test_seed_document_is_not_a_bad_input() -> None:
    """Control row: the table's assertions would fail on a good input."""
    result = CliRunner().invoke(main, ["segment", str(SEED)])
    assert result.exit_code == 0
    assert not ERROR_LINE.match(result.stderr.splitlines()[0])


# ---- property: whatever the bytes, an answer or an AlignError -------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_TMX_SEED = TMX_EN_FR.encode("utf-8")
_CSV_SEED = "nl,en\nDe Raad,The Council\n\"De Commissie\",\"The Commission\"\n".encode("utf-8")


def _mutated(seed: bytes):
    """Arbitrary bytes, or the seed with a slice replaced by arbitrary bytes."""
    return st.one_of(
        st.binary(max_size=300),
        st.tuples(st.integers(0, len(seed)), st.integers(0, 40), st.binary(max_size=40)).map(
            lambda t: seed[:t[0]] + t[2] + seed[t[0] + t[1]:]),
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_bytes_give_a_result_or_an_align_error(tmp_path_factory, data) -> None:
    from align.errors import AlignError
    from align.io.reader import read_input

    suffix, seed = data.draw(st.sampled_from([(".tmx", _TMX_SEED), (".xlf", _TMX_SEED), (".csv", _CSV_SEED),
                                              (".tsv", _CSV_SEED), (".txt", NL_TEXT.encode()), (".xlsx", b"PK\x03\x04")]))
    content = data.draw(_mutated(seed))
    path = tmp_path_factory.mktemp("prop") / f"input{suffix}"
    path.write_bytes(content)
    try:
        read_input(path, *data.draw(st.sampled_from([(None, None), ("en", "fr"), ("nl", "en")])))
    except AlignError as err:
        assert str(err).startswith(str(path)) or "language" in str(err), str(err)
