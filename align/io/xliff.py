"""XLIFF 1.2 (``file/body/[group/]trans-unit/source|target``) and XLIFF 2.x
(``file/[group/]unit/segment/source|target``), streamed unit by unit.

Languages come from the file (1.2: ``source-language``/``target-language`` on each ``<file>``;
2.x: ``srcLang``/``trgLang`` on ``<xliff>``). Given languages must match them, in either
direction: asking for ``nl`` -> ``en`` on an ``en`` -> ``nl`` file swaps the sides. A unit
without a target becomes a 1-0 link. Inline elements keep their text (``g``, ``mrk``, ``pc``);
native-code elements (1.2 ``bpt ept ph it``) are dropped; 2.x ``cp`` becomes its character.
Only direct ``source``/``target`` children count (``alt-trans`` proposals are ignored).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from align.errors import InputError, UsageError
from align.io.langcodes import normalise_lang, validate_lang
from align.io.units import Unit, bitext_from_units
from align.io.xmlsafe import (declared_encoding, inline_text, local_name, release,
                              safe_iterparse)
from align.model import Bitext

XLIFF1_CODES = frozenset({"bpt", "ept", "ph", "it", "x", "bx", "ex"})
XLIFF2_CODES = frozenset({"ph", "sc", "ec", "sm", "em"})
XLIFF2_CODE_POINTS = frozenset({"cp"})


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child.tag) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((child for child in element if local_name(child.tag) == name), None)


@dataclass
class XliffStream:
    """An opened XLIFF: version and languages known, units not yet read. Iterate once."""

    path: str
    version: str
    source_lang: str
    target_lang: str
    swapped: bool
    encoding: str
    _events: Iterator[tuple[str, etree._Element]] = field(repr=False)
    _file_languages: tuple[str, str | None] = ("", None)
    _file_index: int = 0
    unit_count: int = 0

    @property
    def is_v2(self) -> bool:
        return self.version.startswith("2")

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("format", "xliff"), ("xliff-version", self.version),
                ("direction", f"{self._file_languages[0]}->{self._file_languages[1]}"))

    def __iter__(self) -> Iterator[Unit]:
        for event, element in self._events:
            name = local_name(element.tag)
            if event == "start" and name == "file":
                self._start_file(element)
            elif event == "end" and name == "trans-unit" and not self.is_v2:
                self.unit_count += 1
                unit = self._unit_v1(element)
                release(element)
                if unit is not None:
                    yield unit
            elif event == "end" and name == "unit" and self.is_v2:
                self.unit_count += 1
                units = self._units_v2(element)
                release(element)
                yield from units
        if self.unit_count == 0:
            raise InputError("no translation units in this XLIFF (expected <trans-unit> or <unit>)",
                             self.path)

    def _start_file(self, element: etree._Element) -> None:
        self._file_index += 1
        if self.is_v2:
            return
        languages = _file_languages_v1(element, self.path)
        if self._file_index > 1 and languages != self._file_languages:
            raise InputError(f"this <file> is {languages[0]} -> {languages[1]}, the first one was "
                             f"{self._file_languages[0]} -> {self._file_languages[1]}",
                             self.path, element.sourceline)

    def _id(self, base: str) -> str:
        return base if self._file_index <= 1 else f"f{self._file_index}:{base}"

    def _make(self, unit_id: str, source: etree._Element | None, target: etree._Element | None,
              meta: tuple[tuple[str, str], ...], codes: frozenset[str],
              code_points: frozenset[str] = frozenset()) -> Unit | None:
        source_text = inline_text(source, codes, code_points, self.path) or None
        target_text = inline_text(target, codes, code_points, self.path) or None
        if source_text is None and target_text is None:
            return None
        source_line = source.sourceline if source_text is not None else None
        target_line = target.sourceline if target_text is not None else None
        if self.swapped:
            return Unit(unit_id, target_text, source_text, target_line, source_line, meta)
        return Unit(unit_id, source_text, target_text, source_line, target_line, meta)

    def _unit_v1(self, element: etree._Element) -> Unit | None:
        target = _child(element, "target")
        meta = tuple(("note", (note.text or "").strip()) for note in _children(element, "note"))
        if target is not None and target.get("state"):
            meta += (("state", target.get("state")),)
        unit_id = self._id(element.get("id") or f"tu{self.unit_count}")
        return self._make(unit_id, _child(element, "source"), target, meta, XLIFF1_CODES)

    def _units_v2(self, element: etree._Element) -> list[Unit]:
        notes = _child(element, "notes")
        meta = tuple(("note", (note.text or "").strip())
                     for note in (_children(notes, "note") if notes is not None else []))
        segments = _children(element, "segment")
        base = element.get("id") or f"u{self.unit_count}"
        units = []
        for index, segment in enumerate(segments, start=1):
            suffix = segment.get("id") or (str(index) if len(segments) > 1 else "")
            unit_id = self._id(f"{base}/{suffix}" if suffix else base)
            target = _child(segment, "target")
            seg_meta = meta + ((("state", segment.get("state")),) if segment.get("state") else ())
            unit = self._make(unit_id, _child(segment, "source"), target, seg_meta,
                              XLIFF2_CODES, XLIFF2_CODE_POINTS)
            if unit is not None:
                units.append(unit)
        return units


def _file_languages_v1(element: etree._Element, path: str) -> tuple[str, str | None]:
    source = element.get("source-language") or element.get("srclang")
    target = element.get("target-language") or element.get("trglang")
    if not source:
        raise InputError("<file> without source-language", path, element.sourceline)
    return normalise_lang(source), normalise_lang(target) if target else None


def _choose(file_source: str, file_target: str | None, source: str | None, target: str | None,
            path: str, line: int | None) -> tuple[str, str, bool]:
    """(source, target, swapped) for what was asked and what the file says."""
    swapped = (source is not None and source != file_source and source == file_target) or \
              (target is not None and target == file_source and target != file_target)
    if swapped:
        chosen = (file_target, file_source)
    else:
        chosen = (file_source, file_target if file_target else target)
    if chosen[1] is None:
        raise InputError("the XLIFF names no target language; give --target-lang", path, line)
    if (source and chosen[0] != source) or (target and chosen[1] != target):
        raise InputError(f"this XLIFF is {file_source} -> {file_target or '?'}; asked for "
                         f"{source or '?'} -> {target or '?'}", path, line)
    return chosen[0], chosen[1], swapped


def open_xliff(path: str | os.PathLike, source_lang: str | None = None,
               target_lang: str | None = None) -> XliffStream:
    name = str(path)
    source_lang = validate_lang(source_lang, "source language")
    target_lang = validate_lang(target_lang, "target language")
    if source_lang and source_lang == target_lang:
        raise UsageError(f"source and target language are both '{source_lang}'")
    events = safe_iterparse(path)
    version = ""
    languages: tuple[str, str | None] | None = None
    line = None
    for event, element in events:
        if event != "start":
            continue
        tag = local_name(element.tag)
        if element.getparent() is None:
            if tag != "xliff":
                raise InputError(f"not an XLIFF file: the root element is <{tag}>, not <xliff>",
                                 name, element.sourceline)
            namespace = element.tag[1:].split("}")[0] if element.tag.startswith("{") else ""
            version = element.get("version") or ("2.0" if ":2." in namespace else "1.2")
            line = element.sourceline
            if version.startswith("2"):
                source = element.get("srcLang")
                if not source:
                    raise InputError("<xliff> without srcLang", name, line)
                target = element.get("trgLang")
                languages = (normalise_lang(source), normalise_lang(target) if target else None)
                break
        elif tag == "file":
            languages = _file_languages_v1(element, name)
            line = element.sourceline
            break
    if languages is None:
        raise InputError("no translation units in this XLIFF (no <file> element)", name)
    chosen_source, chosen_target, swapped = _choose(languages[0], languages[1], source_lang,
                                                    target_lang, name, line)
    stream = XliffStream(name, version, chosen_source, chosen_target, swapped,
                         declared_encoding(name), events, (languages[0], languages[1]))
    if not version.startswith("2"):
        stream._file_index = 1  # the first <file> start event has been consumed above
    return stream


def iter_xliff_units(path: str | os.PathLike, source_lang: str | None = None,
                     target_lang: str | None = None) -> Iterator[Unit]:
    return iter(open_xliff(path, source_lang, target_lang))


def read_xliff(path: str | os.PathLike, source_lang: str | None = None,
               target_lang: str | None = None) -> Bitext:
    stream = open_xliff(path, source_lang, target_lang)
    units = list(stream)
    meta = stream.meta()
    return bitext_from_units(units, stream.path, stream.source_lang, stream.target_lang,
                             encoding=stream.encoding, source_meta=meta, target_meta=meta)
