"""Corpus-wide consistency tables: same source -> different targets, same target -> different sources.

Every unit contributes one row keyed by the hashes of its normalised source and target, so the
work is one pass and never a comparison of all pairs. The table lives in a dict until it
outgrows ``max_rows``; then it spills to an embedded SQLite database and keeps going, so memory
stays bounded whatever the corpus size. Shards build partial tables that merge by adding counts
and keeping the earliest occurrence, which makes the merged result independent of sharding.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

TRIVIAL = 0  # the key of a side that is too trivial to compare (numbers only, short codes)
DEFAULT_MAX_ROWS = 200_000
MAX_VARIANTS_SHOWN = 20

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00ad": None})
_LETTER_RUN = re.compile(r"[^\W\d_]{4,}")
_TRAILING = " .,;:"


def normalise(text: str) -> str:
    """What two segments must share to count as 'the same': case, spacing, quote style and a
    trailing full stop, comma, colon or semicolon aside."""
    if not text.isascii():  # ASCII is already NFC and has no typographic quotes
        text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return " ".join(text.casefold().split()).rstrip(_TRAILING)


def is_trivial(normalised: str) -> bool:
    """Numbers only, list marks, short codes ('(iii)', 'EEA', '22019D0391'): nothing to render."""
    tokens = normalised.split()
    if len(tokens) == 1 and any(ch.isdigit() for ch in tokens[0]):
        return True
    return _LETTER_RUN.search(normalised) is None


@lru_cache(maxsize=1 << 16)
def segment_key(text: str | None) -> int:
    """A signed 64-bit key of the normalised text, stable across processes and machines."""
    if not text:
        return TRIVIAL
    norm = normalise(text)
    if not norm or is_trivial(norm):
        return TRIVIAL
    key = int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big", signed=True)
    return key if key != TRIVIAL else 1


@dataclass(frozen=True)
class Occurrence:
    """The first occurrence of a (source, target) rendering: enough to build a Location."""

    order: int  # position of the unit in the corpus (0-based)
    source_id: str
    target_id: str
    source_file: str
    target_file: str
    source_line: int
    target_line: int
    source_text: str
    target_text: str


def astuple_occurrence(o: Occurrence) -> tuple:
    return (o.order, o.source_id, o.target_id, o.source_file, o.target_file, o.source_line,
            o.target_line, o.source_text, o.target_text)


# One row: (source key, target key, count, occurrence)
Row = tuple[int, int, int, Occurrence]


def unit_rows(occurrences: Iterable[Occurrence]) -> list[Row]:
    """Rows of a shard, duplicates within it already summed (first occurrence kept).

    Units with an empty side, or with both sides trivial, contribute nothing.
    """
    rows: dict[tuple[int, int], list] = {}
    for occ in occurrences:
        if not occ.source_text or not occ.target_text:
            continue
        skey, tkey = segment_key(occ.source_text), segment_key(occ.target_text)
        if skey == TRIVIAL and tkey == TRIVIAL:
            continue
        row = rows.get((skey, tkey))
        if row is None:
            rows[(skey, tkey)] = [1, occ]
        else:
            row[0] += 1
            if occ.order < row[1].order:
                row[1] = occ
    return [(s, t, n, occ) for (s, t), (n, occ) in rows.items()]


@dataclass(frozen=True)
class Group:
    """One inconsistency: a shared side (``key_side``) rendered in several ways."""

    key_side: str  # "source": same source, different targets; "target": same target, different sources
    variants: tuple[tuple[int, Occurrence], ...]  # (count, first occurrence), most frequent first

    @property
    def first_order(self) -> int:
        return min(occ.order for _n, occ in self.variants)

    @property
    def total(self) -> int:
        return sum(n for n, _occ in self.variants)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS pairs (
    skey INTEGER NOT NULL, tkey INTEGER NOT NULL, n INTEGER NOT NULL, ord INTEGER NOT NULL,
    sid TEXT, tid TEXT, sfile TEXT, tfile TEXT, sline INTEGER, tline INTEGER, stext TEXT, ttext TEXT,
    PRIMARY KEY (skey, tkey)) WITHOUT ROWID
"""
_UPSERT = """
INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (skey, tkey) DO UPDATE SET
    n = n + excluded.n,
    sid = CASE WHEN excluded.ord < ord THEN excluded.sid ELSE sid END,
    tid = CASE WHEN excluded.ord < ord THEN excluded.tid ELSE tid END,
    sfile = CASE WHEN excluded.ord < ord THEN excluded.sfile ELSE sfile END,
    tfile = CASE WHEN excluded.ord < ord THEN excluded.tfile ELSE tfile END,
    sline = CASE WHEN excluded.ord < ord THEN excluded.sline ELSE sline END,
    tline = CASE WHEN excluded.ord < ord THEN excluded.tline ELSE tline END,
    stext = CASE WHEN excluded.ord < ord THEN excluded.stext ELSE stext END,
    ttext = CASE WHEN excluded.ord < ord THEN excluded.ttext ELSE ttext END,
    ord = min(ord, excluded.ord)
"""


class SpillTable:
    """The spilling part of a corpus-wide table: rows in memory until ``max_rows``, then an
    embedded SQLite database in ``spill_dir`` (default: the system temporary folder), deleted
    by :meth:`close`. Subclasses give the schema and decide what a row is."""

    SCHEMA: tuple[str, ...] = ()
    PREFIX = "align-table-"

    def __init__(self, max_rows: int = DEFAULT_MAX_ROWS, spill_dir: str | None = None):
        self.max_rows = max(1, max_rows)
        self.spill_dir = spill_dir
        self._db: sqlite3.Connection | None = None
        self._db_path: str | None = None
        self.spills = 0

    @property
    def spilled(self) -> bool:
        return self._db is not None

    def _open_db(self) -> sqlite3.Connection:
        if self._db is None:
            fd, self._db_path = tempfile.mkstemp(prefix=self.PREFIX, suffix=".sqlite", dir=self.spill_dir)
            os.close(fd)
            db = sqlite3.connect(self._db_path)
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA cache_size=-65536")  # 64 MB page cache, then disk
            for statement in self.SCHEMA:
                db.execute(statement)
            self._db = db
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._db_path and os.path.exists(self._db_path):
            os.unlink(self._db_path)
        self._db_path = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class ConsistencyTable(SpillTable):
    """Counts of (source key, target key) with each pair's first occurrence; spills to SQLite.

    ``spill_dir`` is where the database goes once the table passes ``max_rows`` distinct pairs
    (default: the system temporary folder); it is deleted by :meth:`close`.
    """

    SCHEMA = (_SCHEMA,)
    PREFIX = "align-consistency-"

    def __init__(self, max_rows: int = DEFAULT_MAX_ROWS, spill_dir: str | None = None):
        super().__init__(max_rows, spill_dir)
        self._rows: dict[tuple[int, int], list] = {}

    # -- building
    def add_rows(self, rows: Iterable[Row]) -> None:
        table = self._rows
        for skey, tkey, n, occ in rows:
            row = table.get((skey, tkey))
            if row is None:
                table[(skey, tkey)] = [n, occ]
            else:
                row[0] += n
                if occ.order < row[1].order:
                    row[1] = occ
        if len(table) > self.max_rows:
            self.spill()

    def merge(self, other: "ConsistencyTable") -> None:
        self.add_rows(other.rows())

    def spill(self) -> None:
        """Move the in-memory rows into the database (created on first use)."""
        if not self._rows:
            return
        db = self._open_db()
        with db:
            db.executemany(_UPSERT, ((s, t, n, *astuple_occurrence(o)) for (s, t), (n, o) in self._rows.items()))
        self._rows.clear()
        self.spills += 1

    def __len__(self) -> int:
        """Distinct (source, target) pairs so far."""
        if self._db is None:
            return len(self._rows)
        self.spill()  # memory rows may repeat pairs already in the database
        return self._db.execute("SELECT count(*) FROM pairs").fetchone()[0]

    # -- reading
    def rows(self) -> Iterator[Row]:
        """Every row (for merging); memory rows only if nothing was spilled."""
        if self._db is not None:
            self.spill()
            for s, t, n, *occ in self._db.execute("SELECT * FROM pairs"):
                yield s, t, n, Occurrence(*occ)
        else:
            for (s, t), (n, occ) in self._rows.items():
                yield s, t, n, occ

    def groups(self) -> list[Group]:
        """Every inconsistency, both directions, in order of first occurrence (deterministic)."""
        if self._db is not None:
            self.spill()
            found = list(self._db_groups())
        else:
            found = list(self._memory_groups())
        return sorted(found, key=lambda g: (g.first_order, g.key_side))

    def _memory_groups(self) -> Iterator[Group]:
        for side, index in (("source", 0), ("target", 1)):
            by_key: dict[int, list[tuple[int, Occurrence]]] = {}
            for pair_key, (n, occ) in self._rows.items():
                key = pair_key[index]
                if key != TRIVIAL:
                    by_key.setdefault(key, []).append((n, occ))
            for variants in by_key.values():
                if len(variants) > 1:
                    yield _group(side, variants)

    def _db_groups(self) -> Iterator[Group]:
        db = self._db
        assert db is not None
        db.execute("CREATE INDEX IF NOT EXISTS pairs_tkey ON pairs (tkey)")
        for side, column in (("source", "skey"), ("target", "tkey")):
            keys = [k for (k,) in db.execute(
                f"SELECT {column} FROM pairs WHERE {column} != ? GROUP BY {column} HAVING count(*) > 1",
                (TRIVIAL,))]
            for key in keys:
                variants = [(n, Occurrence(*occ)) for n, *occ in db.execute(
                    f"SELECT n, ord, sid, tid, sfile, tfile, sline, tline, stext, ttext FROM pairs "
                    f"WHERE {column} = ?", (key,))]
                yield _group(side, variants)


def _group(side: str, variants: Sequence[tuple[int, Occurrence]]) -> Group:
    ordered = sorted(variants, key=lambda v: (-v[0], v[1].order))
    return Group(side, tuple(ordered))
