"""Language codes: one spelling ("en", "nl") for every way files and users write them.

TMX writes ``EN-GB`` or ``DA-01``, XLIFF ``nl-NL``, spreadsheets ``Dutch`` or ``source (nl)``.
Everything inside align uses the lower-case primary subtag. The known languages and their
names are data (``align/lang/langcodes.json``), so adding one is adding an entry there.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from align.errors import UsageError
from align.resources import lang_file

_SUBTAG_SPLIT = re.compile(r"[-_\s.]")
_PAREN_CODE = re.compile(r"[(\[]\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\s*[)\]]")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(lang_file("langcodes.json"), encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, entry in _data()["languages"].items():
        table[code] = code
        for alias in entry.get("aliases", ()):
            table[alias.lower()] = code
    return table


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, entry in _data()["languages"].items():
        for name in entry.get("names", ()):
            table[name.casefold()] = code
    return table


@lru_cache(maxsize=1)
def _generic_headers() -> frozenset[str]:
    return frozenset(word.casefold() for word in _data().get("generic_headers", ()))


def known_languages() -> tuple[str, ...]:
    return tuple(_data()["languages"])


def language_name(code: str) -> str:
    entry = _data()["languages"].get(code)
    return entry["names"][0] if entry else code


def normalise_lang(code: str) -> str:
    """``EN-GB`` -> ``en``, ``nl_NL`` -> ``nl``, ``DA-01`` -> ``da``, ``dut`` -> ``nl``.

    Unknown primary subtags are returned lower-cased rather than refused: a TMX may hold
    languages align has no data for, and they must still be listable in error messages.
    """
    primary = _SUBTAG_SPLIT.split(code.strip(), maxsplit=1)[0].lower()
    return _aliases().get(primary, primary)


def is_known(code: str) -> bool:
    return normalise_lang(code) in _data()["languages"]


def validate_lang(code: str | None, option: str = "language") -> str | None:
    """Normalise a user-given code or raise UsageError ``unknown language 'xx'``."""
    if code is None:
        return None
    if not code.strip():
        raise UsageError(f"empty {option}; give a code such as 'en' or 'nl'")
    norm = normalise_lang(code)
    if norm not in _data()["languages"]:
        raise UsageError(f"unknown language '{code.strip()}' (known: {', '.join(known_languages())})")
    return norm


def is_generic_header(label: str) -> bool:
    """True for column titles that name a role (``source``, ``Translation``), not a language."""
    words = _WORDS.findall(label.casefold())
    return bool(words) and all(word in _generic_headers() for word in words)


def language_of_label(label: str) -> str | None:
    """The language a column header names, or None.

    Accepted: a code (``nl``, ``EN-GB``), a name (``Dutch``, ``Nederlands``), a code in
    brackets (``source (nl)``, ``Text [EN]``), or a name/code next to role words only
    (``English text``, ``text_en``). A bare two-letter token inside other words is not taken
    (``it`` in ``is it``), to avoid reading ordinary words as languages.
    """
    text = label.strip()
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", text) and is_known(text):
        return normalise_lang(text)
    by_name = _names().get(text.casefold())
    if by_name:
        return by_name
    bracketed = _PAREN_CODE.search(text)
    outside = _PAREN_CODE.sub(" ", text) if bracketed else text
    named = {_names()[w] for w in _WORDS.findall(outside.casefold()) if w in _names()}
    if len(named) == 1:  # "English (UK)" is English, not Ukrainian
        return named.pop()
    if bracketed and is_known(bracketed.group(1)) and not named:
        return normalise_lang(bracketed.group(1))
    found = set()
    for word in _WORDS.findall(outside.casefold()):
        if word in _names():
            found.add(_names()[word])
        elif word in _generic_headers():
            continue
        elif word in _aliases():
            found.add(_aliases()[word])
        else:
            return None
    return found.pop() if len(found) == 1 else None
