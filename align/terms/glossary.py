"""A loaded set of glossaries: its concepts, where they came from, and a term finder over them.

Priorities: user glossaries (``-g``) 200, shipped curated glossaries 100, shipped general
glossaries (``glossaries/general/``, e.g. the EuroVoc import) 10. A user concept with the id of
a shipped one replaces it. General concepts only count where no curated or user term matches.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from align.errors import GlossaryError
from align.io.encoding import file_sha256
from align.model import Concept, Term
from align.resources import glossary_dir
from align.terms import cache
from align.terms.gcpause import gc_paused
from align.terms.matcher import SPECIFIC_PRIORITY, Matcher, TermData, TermMatch
from align.terms.readers import FORMATS, read_rows
from align.terms.rows import build_concepts

USER_PRIORITY = 200
CURATED_PRIORITY = 100
GENERAL_PRIORITY = 10


class Glossary:
    """Concepts plus a matcher; immutable once built."""

    def __init__(self, concepts: Sequence[Concept], files: Sequence[tuple[str, str]] = (),
                 term_data: Mapping[str, list[TermData]] | None = None) -> None:
        """``term_data``: the matcher's per-language term words and stems, if already known (cache)."""
        by_id: dict[str, Concept] = {}
        for c in concepts:  # later (higher-priority) files replace earlier ids
            if c.id in by_id and by_id[c.id].priority > c.priority:
                continue
            by_id[c.id] = c
        self.concepts: tuple[Concept, ...] = tuple(by_id.values())
        self.files: tuple[tuple[str, str], ...] = tuple(files)
        self._by_id = by_id
        self._matcher: Matcher | None = None
        self._term_data = term_data

    def __len__(self) -> int:
        return len(self.concepts)

    def __repr__(self) -> str:
        return f"Glossary({len(self.concepts)} concepts from {len(self.files)} files)"

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher(self.concepts, self._term_data)
        return self._matcher

    def concept(self, concept_id: str) -> Concept:
        return self._by_id[concept_id]

    def get(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def languages(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for c in self.concepts:
            for lang in c.terms:
                seen.setdefault(lang, None)
        return tuple(seen)

    def find(self, text: str, lang: str, nested: bool = False, compounds: bool = True) -> list[TermMatch]:
        """Terms of language ``lang`` in ``text`` (longest non-overlapping; all with ``nested``)."""
        return [m for _, m in self.matcher.find(text, lang, nested=nested, compounds=compounds)]

    def approved(self, concept_id: str, lang: str) -> tuple[Term, ...]:
        c = self._by_id.get(concept_id)
        return tuple(t for t in c.terms.get(lang, ()) if t.status.approved) if c else ()

    def preferred(self, concept_id: str, lang: str) -> Term | None:
        terms = self.approved(concept_id, lang)
        return next((t for t in terms if t.status.value == "preferred"), terms[0] if terms else None)

    def is_specific(self, concept_id: str) -> bool:
        c = self._by_id.get(concept_id)
        return c is not None and c.priority >= SPECIFIC_PRIORITY


def read_glossary_file(path: str | Path, priority: int = USER_PRIORITY) -> list[Concept]:
    """Concepts of one file; the first problem found raises GlossaryError (exit 2)."""
    concepts, errors = build_concepts(read_rows(path), str(path), priority)
    if errors:
        raise errors[0]
    return concepts


def shipped_glossary_paths() -> tuple[Path, ...]:
    """Curated files in ``glossaries/`` then general ones in ``glossaries/general/``."""
    root = glossary_dir()
    if not root.is_dir():
        return ()
    curated = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in FORMATS
                     and p.suffix.lower() not in (".txt", ".xml"))
    general_dir = root / "general"
    general = sorted(p for p in general_dir.iterdir() if p.is_file() and p.suffix.lower() in FORMATS
                     and p.suffix.lower() not in (".txt", ".xml")) if general_dir.is_dir() else []
    return tuple(curated) + tuple(general)


def _shipped_priority(path: Path) -> int:
    return GENERAL_PRIORITY if path.parent.name == "general" else CURATED_PRIORITY


@lru_cache(maxsize=4)
def _load_cached(key: tuple[tuple[str, int, str], ...]) -> Glossary:
    return load_key(key)


def load_key(key: Sequence[tuple[str, int, str]]) -> Glossary:
    """The glossary of these (path, priority, sha256) files: from the user's cache when it has it.

    Not memoised (``load_glossaries`` is); a cache that cannot be read or written is skipped.
    """
    key = tuple(key)
    files = [(path, digest) for path, _, digest in key]
    cache_file = cache.cache_path(key)
    cached = _from_cache(cache_file, files)
    if cached is not None:
        return cached
    concepts: list[Concept] = []
    with gc_paused():
        for path, priority, _ in key:
            concepts.extend(read_glossary_file(path, priority))
        glossary = Glossary(concepts, files)
        if cache_file is not None:  # tokenise and stem every language now, to store it for next time
            data = {lang: glossary.matcher.term_data(lang) for lang in glossary.languages()}
            cache.write(cache_file, cache.to_plain(glossary.concepts, glossary.files, data))
    return glossary


def _from_cache(cache_file: Path | None, files: list[tuple[str, str]]) -> Glossary | None:
    plain = cache.read(cache_file)
    if plain is None:
        return None
    try:
        concepts, cached_files, data = cache.from_plain(plain)
    except Exception:  # noqa: BLE001 - a cache of another shape: rebuild from the files
        return None
    if cached_files != files:
        return None
    return Glossary(concepts, files, data)


def load_glossaries(paths: Sequence[str] = (), include_shipped: bool = True,
                    include_general: bool = True) -> Glossary:
    """The glossary a run uses: shipped files (unless excluded) plus user files on top.

    ``include_general=False`` leaves out the general shipped glossaries (EuroVoc).
    Loaded once per distinct set of files (content hashes are part of the cache key).
    """
    return _load_cached(glossary_key(paths, include_shipped, include_general))


def glossary_key(paths: Sequence[str] = (), include_shipped: bool = True,
                 include_general: bool = True) -> tuple[tuple[str, int, str], ...]:
    """(path, priority, sha256) of every file :func:`load_glossaries` would read, in order."""
    key: list[tuple[str, int, str]] = []
    if include_shipped:
        for p in shipped_glossary_paths():
            if not include_general and _shipped_priority(p) == GENERAL_PRIORITY:
                continue
            key.append((str(p), _shipped_priority(p), file_sha256(p)))
    for p in paths:
        path = Path(p)
        try:
            missing = not path.is_file() and not path.exists()
            not_file = not missing and not path.is_file()
        except OSError as err:  # a name too long, a symlink loop
            raise GlossaryError(f"cannot open glossary: {err.strerror or err}", str(p)) from None
        if missing or not_file:
            raise GlossaryError("glossary file not found" if missing else "not a file", str(p))
        key.append((str(p), USER_PRIORITY, file_sha256(path)))
    return tuple(key)


def shipped_glossary() -> Glossary:
    return load_glossaries((), include_shipped=True)
