"""A bilingual word lexicon: which target stems may render a source stem.

Learned with IBM Model 1 (nltk.translate.IBMModel1) from parallel sentences, loaded from a TSV
file, or taken from a glossary's concepts. Words are reduced to Snowball stems first, so that
'besluit'/'besluiten' and 'decision'/'decisions' share one entry; this lets a small corpus
cover more text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from nltk.stem.snowball import SnowballStemmer

from align.errors import InputError

SNOWBALL_LANGUAGES = {"nl": "dutch", "en": "english", "de": "german", "fr": "french", "es": "spanish",
                      "it": "italian", "pt": "portuguese", "da": "danish", "sv": "swedish", "fi": "finnish",
                      "hu": "hungarian", "ro": "romanian"}
MIN_CONTENT_LENGTH = 3
_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=None)
def _stemmer(lang: str):
    name = SNOWBALL_LANGUAGES.get(lang)
    return SnowballStemmer(name) if name else None


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Snowball stem of a lower-case word (the word itself for languages without a stemmer)."""
    stemmer = _stemmer(lang)
    return stemmer.stem(word) if stemmer is not None else word


def content_stems(words: Iterable[str], lang: str) -> list[str]:
    return [stem(w, lang) for w in words if len(w) >= MIN_CONTENT_LENGTH]


@dataclass(frozen=True)
class Lexicon:
    """source stem -> target stems, for one direction of one language pair."""

    src_lang: str
    tgt_lang: str
    entries: dict[str, frozenset[str]] = field(default_factory=dict)

    def translations(self, source_stem: str) -> frozenset[str]:
        return self.entries.get(source_stem, frozenset())

    def __len__(self) -> int:
        return len(self.entries)

    def reversed(self) -> "Lexicon":
        back: dict[str, set[str]] = {}
        for src, tgts in self.entries.items():
            for tgt in tgts:
                back.setdefault(tgt, set()).add(src)
        return Lexicon(self.tgt_lang, self.src_lang, {k: frozenset(v) for k, v in back.items()})

    def oriented(self, src_lang: str, tgt_lang: str) -> "Lexicon | None":
        """This lexicon for the direction asked, or None if it covers another language pair."""
        if (self.src_lang, self.tgt_lang) == (src_lang, tgt_lang):
            return self
        if (self.tgt_lang, self.src_lang) == (src_lang, tgt_lang):
            return self.reversed()
        return None

    def merged(self, other: "Lexicon") -> "Lexicon":
        other = other.oriented(self.src_lang, self.tgt_lang) or Lexicon(self.src_lang, self.tgt_lang)
        entries = dict(self.entries)
        for k, v in other.entries.items():
            entries[k] = entries.get(k, frozenset()) | v
        return Lexicon(self.src_lang, self.tgt_lang, entries)


def learn_ibm1(pairs: Sequence[tuple[str, str]], src_lang: str, tgt_lang: str, iterations: int = 4,
               min_probability: float = 0.15, max_translations: int = 3) -> Lexicon:
    """Learn source->target stem translations from sentence pairs with IBM Model 1.

    Model 1 estimates t(target stem | source stem); a pair is kept when that probability is at
    least ``min_probability`` (at most ``max_translations`` per source stem).
    """
    from nltk.translate import AlignedSent, IBMModel1

    bitext = []
    for src_text, tgt_text in pairs:
        src = content_stems((w.lower() for w in _WORD.findall(src_text)), src_lang)
        tgt = content_stems((w.lower() for w in _WORD.findall(tgt_text)), tgt_lang)
        if src and tgt:
            bitext.append(AlignedSent(tgt, src))  # nltk: words=target side, mots=source side
    if not bitext:
        return Lexicon(src_lang, tgt_lang)
    model = IBMModel1(bitext, iterations)
    best: dict[str, list[tuple[float, str]]] = {}
    for tgt_stem, row in model.translation_table.items():
        if tgt_stem is None:
            continue
        for src_stem, prob in row.items():
            if src_stem is None or prob < min_probability:
                continue
            best.setdefault(src_stem, []).append((prob, tgt_stem))
    entries = {src: frozenset(t for _, t in sorted(cands, reverse=True)[:max_translations])
               for src, cands in best.items()}
    return Lexicon(src_lang, tgt_lang, entries)


def save_lexicon(lexicon: Lexicon, path: str | Path, header: str = "") -> None:
    lines = [f"# {line}" for line in header.splitlines()] if header else []
    lines.append(f"{lexicon.src_lang}\t{lexicon.tgt_lang}")
    for src in sorted(lexicon.entries):
        for tgt in sorted(lexicon.entries[src]):
            lines.append(f"{src}\t{tgt}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a TSV lexicon: '#' comments, a header row with the two language codes, then stem pairs."""
    path = Path(path)
    entries: dict[str, set[str]] = {}
    langs: tuple[str, str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise InputError("expected two tab-separated columns", str(path), number)
        if langs is None:
            langs = (cells[0].strip(), cells[1].strip())
            continue
        entries.setdefault(cells[0], set()).add(cells[1])
    if langs is None:
        raise InputError("lexicon has no header row with the two language codes", str(path))
    return Lexicon(langs[0], langs[1], {k: frozenset(v) for k, v in entries.items()})


def lexicon_from_concepts(concepts: Iterable, src_lang: str, tgt_lang: str) -> Lexicon:
    """Word pairs from glossary concepts (``concept.terms[lang] -> tuple[Term]``): every content
    word of a source term may render every content word of a target term of the same concept."""
    entries: dict[str, set[str]] = {}
    for concept in concepts:
        terms = getattr(concept, "terms", {}) or {}
        src_terms, tgt_terms = terms.get(src_lang, ()), terms.get(tgt_lang, ())
        for s in src_terms:
            s_stems = content_stems((w.lower() for w in _WORD.findall(s.text)), src_lang)
            if not s_stems or len(s_stems) > 4:
                continue
            for t in tgt_terms:
                t_stems = content_stems((w.lower() for w in _WORD.findall(t.text)), tgt_lang)
                if not t_stems or len(t_stems) > 4:
                    continue
                for a in s_stems:
                    entries.setdefault(a, set()).update(t_stems)
    return Lexicon(src_lang, tgt_lang, {k: frozenset(v) for k, v in entries.items()})


SHIPPED_LEXICONS = Path(__file__).resolve().parent / "data"


def shipped_lexicon(src_lang: str, tgt_lang: str) -> Lexicon | None:
    """The lexicon shipped for this language pair (either direction), if there is one."""
    for a, b in ((src_lang, tgt_lang), (tgt_lang, src_lang)):
        path = SHIPPED_LEXICONS / f"lexicon_{a}_{b}.tsv"
        if path.is_file():
            return _load_cached(str(path)).oriented(src_lang, tgt_lang)
    return None


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> Lexicon:
    return load_lexicon(path)
