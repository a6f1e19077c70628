"""Two-column tables (CSV, TSV, XLSX) whose header row names the two languages.

The header may say ``nl,en``, ``Dutch,English``, ``source (nl),target (en)`` or ``text_en``
(see ``langcodes.language_of_label``). Extra columns (ids, notes) are ignored when two
columns name languages. A header that names no languages is an error, unless both languages
are given: then the first two columns are source and target, and the first row is skipped
only if it holds nothing but role words (``Source``, ``Translation``...).

Each non-blank row becomes one unit ``r<row>`` (row 1 is the header); a row with one empty
cell becomes a 1-0 or 0-1 link. Cell text is kept as written (no whitespace collapsing); a
cell of only whitespace counts as empty. Origins count rows, not lines (``Origin.unit="row"``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import warnings
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

from align.errors import InputError, UsageError
from align.io.encoding import check_readable_file, read_text
from align.io.langcodes import is_generic_header, language_of_label, validate_lang
from align.io.units import Unit, bitext_from_units
from align.model import Bitext

MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200  # uncompressed:compressed, checked for members over 1 MB
_RATIO_MIN_SIZE = 1024 * 1024
DELIMITERS = ("\t", ",", ";", "|")
_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}

# (row number, line number or None, cells)
Row = tuple[int, int | None, list[str]]


def _where(path: str, row: int, line: int | None, message: str) -> InputError:
    if line is not None:
        return InputError(message, path, line)
    return InputError(message, path, row, unit="row")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _choose_columns(header: list[str], source: str | None, target: str | None, path: str,
                    row: int, line: int | None) -> tuple[int, int, str, str, bool]:
    """(source column, target column, source lang, target lang, header row is data)."""
    labelled = [(index, language_of_label(cell)) for index, cell in enumerate(header)]
    languages = [(index, lang) for index, lang in labelled if lang]
    seen: dict[str, int] = {}
    for index, lang in languages:
        if lang in seen:
            raise _where(path, row, line, f"columns {_column(seen[lang])} and {_column(index)} "
                         f"both name language '{lang}'")
        seen[lang] = index
    named = ", ".join(f"{lang} (column {_column(index)})" for index, lang in languages)
    if len(languages) >= 2:
        if source is None and target is None and len(languages) > 2:
            raise _where(path, row, line, f"the header names {len(languages)} languages: {named}; "
                         "choose two with --source-lang and --target-lang")
        for lang, side in ((source, "source"), (target, "target")):
            if lang is not None and lang not in seen:
                raise _where(path, row, line, f"no column for {side} language '{lang}'; "
                             f"the header names {named}")
        if source is None:
            candidates = [lang for _, lang in languages if lang != target]
            if len(candidates) != 1 and target is not None:
                raise _where(path, row, line, f"the header names {named}; choose the source "
                             "with --source-lang")
            source = candidates[0]
        if target is None:
            candidates = [lang for _, lang in languages if lang != source]
            if len(candidates) != 1:
                raise _where(path, row, line, f"the header names {named}; choose the target "
                             "with --target-lang")
            target = candidates[0]
        return seen[source], seen[target], source, target, False
    shown = ", ".join(repr(cell) for cell in header[:4])
    if source is None or target is None:
        raise _where(path, row, line, f"cannot tell the languages from the header row ({shown}); "
                     "name them in the header (e.g. 'nl,en' or 'Dutch,English') or give "
                     "--source-lang and --target-lang")
    if len(header) < 2:
        raise _where(path, row, line, f"expected two columns, found {len(header)}")
    is_header = all(not cell.strip() or is_generic_header(cell) or language_of_label(cell)
                    for cell in header)
    return 0, 1, source, target, not is_header


def units_from_rows(rows: Iterable[Row], path: str, source_lang: str | None,
                    target_lang: str | None, empty_message: str, pad_short_rows: bool = False
                    ) -> tuple[str, str, list[Unit]]:
    """Header detection, column choice and column-count checks shared by CSV and XLSX."""
    source_lang = validate_lang(source_lang, "source language")
    target_lang = validate_lang(target_lang, "target language")
    if source_lang and source_lang == target_lang:
        raise UsageError(f"source and target language are both '{source_lang}'")
    rows = iter(rows)
    header: Row | None = None
    for item in rows:
        if not _blank(item[2]):
            header = item
            break
    if header is None:
        raise InputError(empty_message, path)
    header_row, header_line, header_cells = header
    source_col, target_col, source, target, header_is_data = _choose_columns(
        header_cells, source_lang, target_lang, path, header_row, header_line)
    width = len(header_cells)
    units: list[Unit] = []
    for row, line, cells in ([header] if header_is_data else []) + list(rows):
        if _blank(cells):
            continue
        if pad_short_rows and len(cells) < width:  # XLSX rows end at their last filled cell
            cells = cells + [""] * (width - len(cells))
        if len(cells) < width or any(cell.strip() for cell in cells[width:]):
            raise _where(path, row, line, f"row {row} has {len(cells)} columns, the header "
                         f"(row {header_row}) has {width}")
        source_text = cells[source_col] if cells[source_col].strip() else None
        target_text = cells[target_col] if cells[target_col].strip() else None
        if source_text is None and target_text is None:
            continue
        units.append(Unit(f"r{row}", source_text, target_text,
                          row if source_text is not None else None,
                          row if target_text is not None else None))
    if not units:
        raise _where(path, header_row, header_line,
                     f"no rows with text below the header (row {header_row})")
    return source, target, units


def sniff_delimiter(text: str, path: str, suffix: str = "") -> str:
    """The commonest of tab, comma, semicolon, bar in the header line; tab first for .tsv/.tab."""
    lines = text.lstrip("\ufeff").splitlines()
    first_line = next((line for line in lines if line.strip()), None)
    if first_line is None:
        raise InputError("no rows in this table", path)
    if suffix in (".tsv", ".tab") and "\t" in first_line:
        return "\t"
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        raise InputError("no column delimiter in the header line (expected tab, comma, "
                         "semicolon or |); a table needs two columns", path, 1)
    return best


def csv_rows(text: str, path: str, delimiter: str, quoting: bool = True) -> Iterator[Row]:
    """Rows with the line each starts on; ``quoting=False`` splits on the delimiter only."""
    if quoting:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                            quoting=csv.QUOTE_NONE)
    row = 0
    start = 1
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            message = str(err)
            if "unexpected end of data" in message:
                raise InputError(f"unterminated quoted field starting at line {start}", path,
                                 start) from None
            if "field larger than field limit" in message:
                raise InputError(f"a cell longer than {csv.field_size_limit()} characters starting "
                                 f"at line {start} (an unterminated quote?)", path, start) from None
            raise InputError(f"malformed CSV: {message}", path, reader.line_num) from None
        row += 1
        yield row, start, cells


def read_csv(path: str | os.PathLike, source_lang: str | None = None,
             target_lang: str | None = None, delimiter: str | None = None,
             encoding: str | None = None) -> Bitext:
    decoded = read_text(path, encoding)
    name = decoded.path
    text = decoded.text.lstrip("\ufeff")
    delimiter = delimiter or sniff_delimiter(text, name, Path(name).suffix.lower())
    try:
        source, target, units = units_from_rows(csv_rows(text, name, delimiter), name,
                                                source_lang, target_lang, "no rows in this table")
    except InputError as quoted_error:
        # Tab-separated exports often do not quote at all ("Tampere" or a lone " in a cell);
        # if splitting on tabs alone gives a consistent table, that is what the file meant.
        if delimiter != "\t":
            raise
        try:
            source, target, units = units_from_rows(csv_rows(text, name, delimiter, quoting=False),
                                                    name, source_lang, target_lang,
                                                    "no rows in this table")
        except InputError:
            raise quoted_error from None
    meta = (("format", "tsv" if delimiter == "\t" else "csv"),
            ("delimiter", _DELIMITER_NAMES.get(delimiter, delimiter)))
    return bitext_from_units(units, name, source, target, unit="row", encoding=decoded.encoding,
                             source_meta=meta, target_meta=meta)


def check_xlsx_zip(path: str | os.PathLike) -> None:
    """Refuse non-ZIP files, ZIPs that are not workbooks, and zip bombs, before openpyxl runs.

    Python's zipfile never inflates a member past its declared size (a lying header ends in a
    CRC error), so checking declared sizes bounds what openpyxl can be made to read.
    """
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError("not an XLSX workbook: the file is not a ZIP archive", name) from None
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}", name) from None
    with archive:
        members = archive.infolist()
        if "xl/workbook.xml" not in {member.filename for member in members}:
            raise InputError("not an XLSX workbook: the ZIP archive has no xl/workbook.xml", name)
        total = sum(member.file_size for member in members)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise InputError(f"the XLSX declares {total / 2**20:.0f} MB of uncompressed content "
                             f"(limit {MAX_XLSX_UNCOMPRESSED // 2**20} MB); refused as a possible "
                             "zip bomb", name)
        for member in members:
            if member.file_size > _RATIO_MIN_SIZE and \
                    member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1):
                ratio = member.file_size // max(member.compress_size, 1)
                raise InputError(f"XLSX member {member.filename} expands {ratio}:1 (limit "
                                 f"{MAX_XLSX_RATIO}:1); refused as a possible zip bomb", name)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def xlsx_rows(path: str | os.PathLike, sheet: str | None = None) -> tuple[str, list[Row]]:
    """(sheet title, rows) of the first (or the named) worksheet, values as shown.

    openpyxl's warnings about oddities it repairs (sheet entries without an id, unknown
    extensions, missing styles) are silenced: they would be stray lines on the user's stderr.
    """
    name = str(path)
    check_readable_file(path)
    check_xlsx_zip(path)
    # The file is opened here so it is closed even when openpyxl gives up halfway.
    with warnings.catch_warnings(), open(path, "rb") as handle:
        warnings.simplefilter("ignore")
        return _xlsx_rows(handle, name, sheet)


def _xlsx_rows(handle, name: str, sheet: str | None) -> tuple[str, list[Row]]:
    import openpyxl  # imported here: only XLSX input pays for it

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for damaged files
        raise InputError(f"cannot read XLSX: {type(err).__name__}: {str(err)[:150]}", name) from None
    try:
        if not workbook.worksheets:
            raise InputError("the workbook has no worksheet", name)
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError(f"no sheet '{sheet}' (sheets: {', '.join(workbook.sheetnames)})", name)
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        worksheet.reset_dimensions()  # stored dimensions can be wrong; read what is there
        rows: list[Row] = []
        try:
            for values in worksheet.iter_rows(values_only=True):
                rows.append((len(rows) + 1, None, [_cell_text(value) for value in values]))
        except Exception as err:
            raise InputError(f"cannot read XLSX sheet '{worksheet.title}': {type(err).__name__}: "
                             f"{str(err)[:150]}", name) from None
        return worksheet.title, rows
    finally:
        workbook.close()


def read_xlsx(path: str | os.PathLike, source_lang: str | None = None,
              target_lang: str | None = None, sheet: str | None = None) -> Bitext:
    name = str(path)
    title, rows = xlsx_rows(path, sheet)
    source, target, units = units_from_rows(rows, name, source_lang, target_lang,
                                            f"sheet '{title}' is empty", pad_short_rows=True)
    meta = (("format", "xlsx"), ("sheet", title))
    return bitext_from_units(units, name, source, target, unit="row", encoding="xlsx",
                             source_meta=meta, target_meta=meta)
