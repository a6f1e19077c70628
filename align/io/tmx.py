"""TMX 1.4 (and the 1.1-style ``lang`` attribute DGT still writes): any two languages of a
multi-language translation memory, streamed unit by unit.

Choosing the languages: ``source_lang``/``target_lang`` match the primary subtag of
``xml:lang`` case-insensitively (``en`` matches ``EN-GB``). Without ``source_lang`` the
header's ``srclang`` is the source; without ``target_lang`` the one other language in the
file is the target, and a file with more languages is an error that lists them.

A TU that lacks one side (DGT has many English-only TUs) still yields a unit, with the
missing side ``None``; a TU with neither language is skipped (its number is still used, so
ids stay ``tu<n>`` with n counting every TU). Inline codes (``bpt ept ph it ut``) hold
native markup, not text: their content is dropped, the surrounding text kept; ``hi`` keeps
its text. Whitespace runs inside ``<seg>`` collapse to one space.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from align.errors import InputError, UsageError
from align.io.langcodes import normalise_lang, validate_lang
from align.io.units import Unit, bitext_from_units
from align.io.xmlsafe import XML_LANG, declared_encoding, inline_text, local_name, release, safe_iterparse
from align.model import Bitext

TMX_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
_HEADER_ATTRIBUTES = ("srclang", "adminlang", "o-tmf", "creationtool", "creationtoolversion",
                      "segtype", "datatype")


def _tuv_lang(tuv: etree._Element, path: str) -> str:
    lang = tuv.get(XML_LANG) or tuv.get("lang")
    if not lang:
        raise InputError("<tuv> without xml:lang", path, tuv.sourceline)
    return lang


def _describe(languages: dict[str, list[str]]) -> str:
    if not languages:
        return "none"
    return ", ".join(f"{code} ({'/'.join(variants)})" for code, variants in languages.items())


def tmx_languages(path: str | os.PathLike) -> dict[str, list[str]]:
    """Primary subtag -> the variants written in the file, in order of first appearance."""
    languages: dict[str, list[str]] = {}
    name = str(path)
    for _event, element in safe_iterparse(path, events=("end",)):
        tag = local_name(element.tag)
        if tag == "tuv":
            variant = _tuv_lang(element, name)
            variants = languages.setdefault(normalise_lang(variant), [])
            if variant not in variants:
                variants.append(variant)
        elif tag == "tu":
            release(element)
    return languages


@dataclass
class TmxStream:
    """An opened TMX: header facts and chosen languages known, units not yet read.

    Iterate it (once) for ``Unit``s. Memory stays flat: each TU is freed once yielded.
    """

    path: str
    source_lang: str
    target_lang: str
    version: str
    encoding: str
    header: dict[str, str]
    _events: Iterator[tuple[str, etree._Element]] = field(repr=False)
    source_variants: list[str] = field(default_factory=list)
    target_variants: list[str] = field(default_factory=list)
    languages_seen: dict[str, list[str]] = field(default_factory=dict)
    tu_count: int = 0

    def meta(self, side: str) -> tuple[tuple[str, str], ...]:
        variants = self.source_variants if side == "source" else self.target_variants
        items = [("format", "tmx"), ("tmx-version", self.version)]
        items += [(key, value) for key, value in self.header.items()]
        if variants:
            items.append(("xml:lang", "/".join(variants)))
        return tuple(items)

    def __iter__(self) -> Iterator[Unit]:
        yield from self._units(self._events)
        self._check_languages_present()

    def _check_languages_present(self) -> None:
        for side, lang in (("source", self.source_lang), ("target", self.target_lang)):
            if lang not in self.languages_seen:
                raise InputError(f"no {side} language '{lang}' text in this TMX; languages "
                                 f"present: {_describe(self.languages_seen)}", self.path)

    def _units(self, events: Iterator[tuple[str, etree._Element]]) -> Iterator[Unit]:
        for event, element in events:
            if event != "end" or local_name(element.tag) != "tu":
                continue
            self.tu_count += 1
            unit = self._unit(element)
            release(element)
            if unit is not None:
                yield unit

    def _unit(self, tu: etree._Element) -> Unit | None:
        sides: dict[str, tuple[str, int | None]] = {}
        meta: list[tuple[str, str]] = []
        for child in tu:
            name = local_name(child.tag)
            if name == "tuv":
                variant = _tuv_lang(child, self.path)
                lang = normalise_lang(variant)
                variants = self.languages_seen.setdefault(lang, [])
                if variant not in variants:
                    variants.append(variant)
                if lang not in (self.source_lang, self.target_lang) or lang in sides:
                    continue
                seg = next((c for c in child if local_name(c.tag) == "seg"), None)
                text = inline_text(seg, TMX_CODES, path=self.path)
                if text:
                    sides[lang] = (text, seg.sourceline)
                    chosen = self.source_variants if lang == self.source_lang else self.target_variants
                    if variant not in chosen:
                        chosen.append(variant)
            elif name == "prop":
                meta.append((f"prop:{child.get('type', '')}", (child.text or "").strip()))
            elif name == "note":
                meta.append(("note", (child.text or "").strip()))
        if not sides:
            return None
        tuid = tu.get("tuid") or f"tu{self.tu_count}"
        source = sides.get(self.source_lang)
        target = sides.get(self.target_lang)
        return Unit(tuid, source[0] if source else None, target[0] if target else None,
                    source[1] if source else None, target[1] if target else None, tuple(meta))


def open_tmx(path: str | os.PathLike, source_lang: str | None = None,
             target_lang: str | None = None) -> TmxStream:
    """Read the header, choose the two languages, and return a stream of units.

    Raises InputError for a non-TMX root, malformed XML, unusable language choice.
    Without both languages given, the file is read once beforehand to list its languages.
    """
    name = str(path)
    source_lang = validate_lang(source_lang, "source language")
    target_lang = validate_lang(target_lang, "target language")
    if source_lang and source_lang == target_lang:
        raise UsageError(f"source and target language are both '{source_lang}'")
    events = safe_iterparse(path)
    version, header, encoding = "", {}, "utf-8"
    for event, element in events:
        tag = local_name(element.tag)
        if element.getparent() is None and event == "start":
            if tag != "tmx":
                raise InputError(f"not a TMX file: the root element is <{tag}>, not <tmx>",
                                 name, element.sourceline)
            version = element.get("version", "")
            encoding = declared_encoding(name)
        elif tag == "header" and event == "end":
            header = {key: element.get(key) for key in _HEADER_ATTRIBUTES if element.get(key)}
            for child in element:
                if local_name(child.tag) == "prop" and child.text:
                    header[f"prop:{child.get('type', '')}"] = child.text.strip()
            break
        elif tag in ("body", "tu"):  # no header; a TU's end event is still ahead
            break
    srclang = header.get("srclang", "")
    if source_lang is None or target_lang is None:
        languages = tmx_languages(path)
        if source_lang is None:
            if srclang and srclang.lower() != "*all*":
                source_lang = normalise_lang(srclang)
            elif len(languages) == 2:
                source_lang = next(iter(languages))
            else:
                raise InputError(f"the TMX header names no single source language "
                                 f"(srclang={srclang or 'missing'}); languages present: "
                                 f"{_describe(languages)}; choose two with --source-lang and "
                                 "--target-lang", name)
        if source_lang not in languages:
            raise InputError(f"no text in source language '{source_lang}' in this TMX; "
                             f"languages present: {_describe(languages)}", name)
        if target_lang is None:
            others = [code for code in languages if code != source_lang]
            if len(others) != 1:
                raise InputError(f"this TMX has {len(languages)} languages: "
                                 f"{_describe(languages)}; choose the target with --target-lang",
                                 name)
            target_lang = others[0]
        elif target_lang not in languages:
            raise InputError(f"no text in target language '{target_lang}' in this TMX; "
                             f"languages present: {_describe(languages)}", name)
    events.close()  # the header is read; close the file now
    # The units are read by a second parse that reports only <tu> ends (the first one stops
    # after the header); elements are freed as before, so memory stays flat.
    units = safe_iterparse(path, events=("end",), tag="{*}tu")
    return TmxStream(name, source_lang, target_lang, version, encoding, header, units)


def iter_tmx_units(path: str | os.PathLike, source_lang: str | None = None,
                   target_lang: str | None = None) -> Iterator[Unit]:
    """Units of a TMX one at a time (for files too large to hold as a Bitext)."""
    return iter(open_tmx(path, source_lang, target_lang))


def read_tmx(path: str | os.PathLike, source_lang: str | None = None,
             target_lang: str | None = None) -> Bitext:
    stream = open_tmx(path, source_lang, target_lang)
    units = list(stream)
    return bitext_from_units(units, stream.path, stream.source_lang, stream.target_lang,
                             encoding=stream.encoding, source_meta=stream.meta("source"),
                             target_meta=stream.meta("target"))
