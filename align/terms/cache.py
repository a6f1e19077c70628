"""A per-user cache of loaded glossaries, so a run does not re-read and re-stem 35,000 terms.

Reading the shipped CSVs (2.7 MB, mostly EuroVoc) and tokenising and stemming every term costs
1.5-3.5 s per process; loading this cache costs well under 0.2 s. It lives in
``${XDG_CACHE_HOME:-~/.cache}/align/`` (``ALIGN_NO_CACHE=1`` switches it off) and holds plain
data only (strings, numbers, tuples), written with :mod:`marshal`.

The key is the sha256 of: every glossary file's path, priority and content hash, the code and
data that shape the result (align/terms/*, align/model.py, nltk's Snowball stemmer) and the
Python version. The payload carries its own sha256, checked before it is read. A missing,
stale, corrupt or unwritable cache is never an error: the glossary is built from the files.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from align import __version__
from align.model import Concept, Term, TermStatus
from align.terms.gcpause import gc_paused

FORMAT = b"align-glossary-cache 1\n"
KEEP = 8  # cache files kept per user (one per distinct set of glossary files)
_HERE = Path(__file__).resolve().parent
_STATUS = {s.value: s for s in TermStatus}
# to_plain/from_plain write and read these fields in this order
_FIELDS_AS_WRITTEN = (tuple(f.name for f in dataclasses.fields(Term))
                      == ("text", "status", "case_sensitive", "note", "replacement", "severity")
                      and tuple(f.name for f in dataclasses.fields(Concept))
                      == ("id", "terms", "domain", "source", "note", "priority"))


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off or no home directory is known."""
    if os.environ.get("ALIGN_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    except (RuntimeError, KeyError, OSError):  # no home directory
        return None
    return root / "align"


def _code_files() -> list[Path]:
    files = sorted(p for p in _HERE.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".tsv"))
    files.append(_HERE.parent / "model.py")
    try:
        spec = importlib.util.find_spec("nltk")  # finds the package without importing it (slow)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        files.append(Path(spec.origin).parent / "stem" / "snowball.py")
    return files


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the cached data depends on besides the glossary files themselves."""
    h = hashlib.sha256(FORMAT)
    h.update(f"{__version__}|{sys.version}|{marshal.version}".encode())
    for path in _code_files():
        h.update(path.name.encode())
        with contextlib.suppress(OSError):
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def cache_path(key: Sequence[tuple[str, int, str]]) -> Path | None:
    """The cache file for one set of glossary files ((path, priority, sha256) each)."""
    folder = cache_dir()
    if folder is None:
        return None
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(repr(tuple((str(p), int(pr), str(d)) for p, pr, d in key)).encode())
    return folder / f"glossary-{h.hexdigest()[:40]}.bin"


# -- plain data <-> objects -------------------------------------------------------------------
class LazyTermData(Mapping):
    """The matcher's per-language term data, kept marshalled until a language is first matched."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = blobs

    def __getitem__(self, lang: str) -> list:
        with gc_paused():
            return list(marshal.loads(self._blobs[lang]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def get(self, lang: str, default: list | None = None) -> list | None:
        try:
            return self[lang]
        except Exception:  # noqa: BLE001 - missing or unreadable: the matcher computes it instead
            return default


def to_plain(concepts: Sequence[Concept], files: Sequence[tuple[str, str]],
             data: dict[str, list]) -> tuple:
    plain_concepts = tuple(
        (c.id, c.domain, c.source, c.note, c.priority,
         tuple((lang, tuple((t.text, t.status.value, t.case_sensitive, t.note, t.replacement, t.severity)
                            for t in terms)) for lang, terms in c.terms.items()))
        for c in concepts)
    return (plain_concepts, tuple(tuple(f) for f in files),
            tuple((lang, marshal.dumps(tuple(rows))) for lang, rows in sorted(data.items())))


def from_plain(plain: tuple) -> tuple[list[Concept], list[tuple[str, str]], LazyTermData]:
    if not _FIELDS_AS_WRITTEN:
        raise ValueError("align.model.Term or Concept changed its fields: the cache cannot be read")
    plain_concepts, files, data = plain
    status = _STATUS
    with gc_paused():
        concepts = [  # positional arguments: a third faster than keywords, checked by _FIELDS_AS_WRITTEN
            Concept(cid, {lang: tuple(Term(text, status[st], cs, note, repl, sev)
                                      for text, st, cs, note, repl, sev in terms) for lang, terms in langs},
                    domain, source, note, priority)
            for cid, domain, source, note, priority, langs in plain_concepts]
    blobs = {lang: blob for lang, blob in data}
    if not all(isinstance(b, bytes) for b in blobs.values()):
        raise ValueError("cached term data of another shape")
    return concepts, [tuple(f) for f in files], LazyTermData(blobs)


# -- reading and writing ----------------------------------------------------------------------
def read(path: Path | None) -> Any | None:
    """The cached plain data, or None if there is none or it is damaged in any way."""
    if path is None:
        return None
    try:
        blob = path.read_bytes()
        head = len(FORMAT)
        if blob[:head] != FORMAT or len(blob) < head + 32:
            return None
        digest, payload = blob[head:head + 32], blob[head + 32:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        with gc_paused():
            return marshal.loads(payload)
    except Exception:  # noqa: BLE001 - unreadable, truncated or foreign: rebuild instead
        return None


def write(path: Path | None, plain: Any) -> bool:
    """Store the plain data atomically; False (and nothing raised) if that is not possible."""
    if path is None:
        return False
    try:
        from align.io.atomic import write_bytes_atomic

        payload = marshal.dumps(plain)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, FORMAT + hashlib.sha256(payload).digest() + payload)
        _prune(path.parent, keep=path)
        return True
    except Exception:  # noqa: BLE001 - read-only home, full disk, ...: the run goes on uncached
        return False


def _prune(folder: Path, keep: Path) -> None:
    """Keep the newest few cache files; a changed glossary leaves its old file behind otherwise."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob("glossary-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            if old != keep:
                with contextlib.suppress(OSError):
                    old.unlink()
