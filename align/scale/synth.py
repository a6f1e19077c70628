"""Large test translation memories from real pairs: streamed TMX writing and realistic repeats.

Used by ``benchmarks/scale.py`` and the scale tests. A real translation memory repeats itself:
the same sentence again, with another number, another case, or one term rendered differently.
:func:`perturbed_pairs` reproduces that mix from a list of real (source, target) pairs.
"""
from __future__ import annotations

import csv
import random
import re
from pathlib import Path
from typing import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

_NUMBER = re.compile(r"\b\d{1,4}\b")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Target-side renderings a translator might swap (Dutch): realistic inconsistencies.
TERM_SWAPS = (
    ("besluit", "beschikking"), ("overeenkomst", "akkoord"), ("lidstaten", "lidstaten van de EU"),
    ("Gemengd Comité", "Gemengde Commissie"), ("bijlage", "aanhangsel"), ("artikel", "art."),
    ("treedt in werking", "wordt van kracht"), ("Raad", "Raad van de EU"),
)
DEFAULT_MIX = (("repeat", 0.40), ("number", 0.30), ("case", 0.15), ("term", 0.15))


def read_pairs_tsv(path: str | Path) -> list[tuple[str, str]]:
    """(en, nl) pairs of ``corpora/dgt-en-nl/dgt_en_nl_pairs.tsv``."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["en"], r["nl"]) for r in rows if r["en"] and r["nl"]]


def _renumber(src: str, tgt: str, rng: random.Random) -> tuple[str, str]:
    numbers = [m.group() for m in _NUMBER.finditer(src) if m.group() in tgt]
    if not numbers:
        return src, tgt
    old = rng.choice(numbers)
    new = str(rng.randint(1, 9999))
    pattern = re.compile(rf"\b{re.escape(old)}\b")
    return pattern.sub(new, src, count=1), pattern.sub(new, tgt, count=1)


def _recase(src: str, tgt: str, rng: random.Random) -> tuple[str, str]:
    how = rng.choice((str.upper, str.lower, str.capitalize))
    return how(src), how(tgt)


def _swap_term(src: str, tgt: str, rng: random.Random) -> tuple[str, str]:
    present = [(a, b) for a, b in TERM_SWAPS if a in tgt]
    if not present:
        return src, tgt
    a, b = rng.choice(present)
    return src, tgt.replace(a, b, 1)


_PERTURB = {"number": _renumber, "case": _recase, "term": _swap_term}


def perturbed_pairs(pairs: Sequence[tuple[str, str]], count: int, seed: int = 8,
                    mix: Sequence[tuple[str, float]] = DEFAULT_MIX) -> Iterator[tuple[str, str]]:
    """``count`` pairs: every real pair once in order, then random pairs repeated or perturbed."""
    rng = random.Random(seed)
    kinds = [k for k, _w in mix]
    weights = [w for _k, w in mix]
    for i in range(count):
        if i < len(pairs):
            yield pairs[i]
            continue
        src, tgt = pairs[rng.randrange(len(pairs))]
        kind = rng.choices(kinds, weights)[0]
        if kind in _PERTURB:
            src, tgt = _PERTURB[kind](src, tgt, rng)
        yield src, tgt


def _xml_text(text: str) -> str:
    return escape(_XML_ILLEGAL.sub(" ", text))


def write_tmx(pairs: Iterable[tuple[str, str]], path: str | Path, source_lang: str = "en",
              target_lang: str = "nl") -> int:
    """Write a TMX 1.4 one unit per line, streaming (any number of pairs); -> units written."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                 f'<header creationtool="align-synth" creationtoolversion="1" segtype="sentence" '
                 f'o-tmf="align" adminlang="en" srclang={quoteattr(source_lang)} datatype="plaintext"/>\n'
                 '<body>\n')
        for src, tgt in pairs:
            n += 1
            fh.write(f'<tu tuid="{n}"><tuv xml:lang={quoteattr(source_lang)}><seg>{_xml_text(src)}</seg></tuv>'
                     f'<tuv xml:lang={quoteattr(target_lang)}><seg>{_xml_text(tgt)}</seg></tuv></tu>\n')
        fh.write("</body>\n</tmx>\n")
    return n
