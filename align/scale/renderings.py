"""Corpus-wide term renderings: which approved target terms stand for which source concepts.

``term.inconsistent`` (bilingual) needs, per glossary concept, how often each rendering was
used, and per rendering, which source concepts it stood for. Shards of a corpus turn their
aligned pairs into :class:`RenderingRow` s (plain, picklable); a :class:`RenderingTable` tallies
them in one pass, keyed by (concept, rendering), never comparing pairs. A tally keeps its true
count and at most ``cap`` example locations (the earliest in corpus order), so the table stays
bounded by the glossary, not by the corpus; past ``max_rows`` stored locations it spills to an
embedded SQLite database, like the consistency table. Tallies merge by adding counts and
keeping the earliest locations, so the result does not depend on how the corpus was sharded.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable, Iterator

from align.model import Location
from align.scale.consistency import SpillTable

MAX_LOCATIONS = 20  # example locations kept per rendering in a streamed run
DEFAULT_MAX_ROWS = 100_000  # stored locations before the table spills to SQLite

BY_CONCEPT, BY_RENDERING = 0, 1
Order = tuple[int, int]  # (unit position in the corpus, span position in the unit)


@dataclass(frozen=True)
class RenderingRow:
    """One approved target term standing for one source concept in one aligned pair."""

    order: Order
    concept: str
    label: str  # the term used; for a case-sensitive term with other capitals, the spelling
    term_text: str
    term_status: str
    lang: str  # language of the target match
    target: Location
    source: Location  # the concept's occurrence in the source

    @property
    def rendering(self) -> str:
        return self.term_text.casefold()


@dataclass
class Tally:
    """A count with the earliest occurrence's term facts and the earliest locations."""

    count: int
    first: Order
    term_text: str = ""
    term_status: str = ""
    lang: str = ""
    places: list[tuple[Order, Location]] = field(default_factory=list)

    @property
    def locations(self) -> list[Location]:
        return [loc for _order, loc in self.places]


def _keep(places: list[tuple[Order, Location]], order: Order, loc: Location, cap: int | None) -> bool:
    """Insert in corpus order, keeping the first ``cap``; -> whether it was kept."""
    if cap is not None and len(places) >= cap and order >= places[-1][0]:
        return False
    if not places or order >= places[-1][0]:
        places.append((order, loc))
    else:
        bisect.insort(places, (order, loc), key=lambda p: p[0])
    if cap is not None and len(places) > cap:
        places.pop()
    return True


_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tallies (
        dir INTEGER NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, n INTEGER NOT NULL,
        unit INTEGER NOT NULL, seq INTEGER NOT NULL, term TEXT, status TEXT, lang TEXT,
        PRIMARY KEY (dir, k1, k2)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS places (
        dir INTEGER NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, unit INTEGER NOT NULL, seq INTEGER NOT NULL,
        side TEXT, file TEXT, line INTEGER, segment TEXT, lang TEXT, text TEXT, span_start INTEGER,
        span_end INTEGER, page INTEGER, unit_kind TEXT)""",
    "CREATE INDEX IF NOT EXISTS places_key ON places (dir, k1, k2, unit, seq)",
)
_UPSERT = """
INSERT INTO tallies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (dir, k1, k2) DO UPDATE SET
    n = n + excluded.n,
    term = CASE WHEN (excluded.unit, excluded.seq) < (unit, seq) THEN excluded.term ELSE term END,
    status = CASE WHEN (excluded.unit, excluded.seq) < (unit, seq) THEN excluded.status ELSE status END,
    lang = CASE WHEN (excluded.unit, excluded.seq) < (unit, seq) THEN excluded.lang ELSE lang END,
    seq = CASE WHEN (excluded.unit, excluded.seq) < (unit, seq) THEN excluded.seq ELSE seq END,
    unit = min(unit, excluded.unit)
"""
_PRUNE = """
DELETE FROM places WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY dir, k1, k2 ORDER BY unit, seq) AS rank
                       FROM places) WHERE rank > ?)
"""


def _place_values(direction: int, k1: str, k2: str, order: Order, loc: Location) -> tuple:
    span = loc.span or (None, None)
    return (direction, k1, k2, order[0], order[1], loc.side, loc.file, loc.line, loc.segment, loc.lang,
            loc.text, span[0], span[1], loc.page, loc.unit)


def _place(row: tuple) -> tuple[Order, Location]:
    unit, seq, side, file, line, segment, lang, text, start, end, page, unit_kind = row
    span = (start, end) if start is not None else None
    return (unit, seq), Location(side, file, line, segment, lang, text, span, page, unit_kind)


class RenderingTable(SpillTable):
    """Tallies of (concept, rendering label) and (rendering, source concept).

    ``cap`` is how many locations each tally keeps (None: all, as in the in-memory pipeline).
    """

    SCHEMA = _SCHEMA
    PREFIX = "align-renderings-"

    def __init__(self, max_rows: int = DEFAULT_MAX_ROWS, spill_dir: str | None = None,
                 cap: int | None = MAX_LOCATIONS):
        super().__init__(max_rows, spill_dir)
        self.cap = cap
        self._tallies: tuple[dict[tuple[str, str], Tally], dict[tuple[str, str], Tally]] = ({}, {})
        self._stored = 0  # locations held in memory
        self.rows_added = 0

    # -- building
    def add_rows(self, rows: Iterable[RenderingRow]) -> None:
        by_concept, by_rendering = self._tallies
        for row in rows:
            self.rows_added += 1
            self._add(by_concept, (row.concept, row.label), row, row.target, True)
            self._add(by_rendering, (row.rendering, row.concept), row, row.source, False)
        if self._stored > self.max_rows:
            self.spill()

    def _add(self, tallies: dict, key: tuple[str, str], row: RenderingRow, loc: Location, facts: bool) -> None:
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = Tally(0, row.order)
            if facts:
                tally.term_text, tally.term_status, tally.lang = row.term_text, row.term_status, row.lang
        elif row.order < tally.first:
            tally.first = row.order
            if facts:
                tally.term_text, tally.term_status, tally.lang = row.term_text, row.term_status, row.lang
        tally.count += 1
        before = len(tally.places)
        _keep(tally.places, row.order, loc, self.cap)
        self._stored += len(tally.places) - before

    def spill(self) -> None:
        """Move the in-memory tallies into the database (created on first use)."""
        if not any(self._tallies):
            return
        db = self._open_db()
        with db:
            for direction, tallies in enumerate(self._tallies):
                db.executemany(_UPSERT, ((direction, k1, k2, t.count, t.first[0], t.first[1], t.term_text,
                                          t.term_status, t.lang) for (k1, k2), t in tallies.items()))
                db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (_place_values(direction, k1, k2, order, loc)
                                for (k1, k2), t in tallies.items() for order, loc in t.places))
                tallies.clear()
            if self.cap is not None:
                db.execute(_PRUNE, (self.cap,))
        self._stored = 0
        self.spills += 1

    # -- reading
    def _heads(self, direction: int) -> dict[tuple[str, str], Tally]:
        if self._db is None:
            return self._tallies[direction]
        self.spill()
        return {(k1, k2): Tally(n, (unit, seq), term or "", status or "", lang or "")
                for k1, k2, n, unit, seq, term, status, lang in self._db.execute(
                    "SELECT k1, k2, n, unit, seq, term, status, lang FROM tallies WHERE dir = ?", (direction,))}

    def _filled(self, direction: int, key: tuple[str, str], tally: Tally) -> Tally:
        if self._db is None:
            return tally
        limit = -1 if self.cap is None else self.cap
        tally.places = [_place(r) for r in self._db.execute(
            "SELECT unit, seq, side, file, line, segment, lang, text, span_start, span_end, page, unit_kind "
            "FROM places WHERE dir = ? AND k1 = ? AND k2 = ? ORDER BY unit, seq LIMIT ?",
            (direction, key[0], key[1], limit))]
        return tally

    def grouped(self, direction: int) -> Iterator[tuple[str, list[tuple[str, Tally]]]]:
        """(first key, [(second key, tally)]) sorted by the first key; within a group, in order
        of first occurrence for :data:`BY_CONCEPT` (ties in counts go to the earlier rendering)
        and by concept id for :data:`BY_RENDERING`."""
        heads = self._heads(direction)
        for k1, keys in groupby(sorted(heads), key=lambda k: k[0]):
            keys = list(keys)
            if direction == BY_CONCEPT:
                keys.sort(key=lambda k: heads[k].first)
            yield k1, [(k[1], self._filled(direction, k, heads[k])) for k in keys]

    def stored_locations(self) -> int:
        """Locations held (memory and database): at most ``cap`` per tally."""
        if self._db is None:
            return self._stored
        self.spill()
        return self._db.execute("SELECT count(*) FROM places").fetchone()[0]

    def __len__(self) -> int:
        """Distinct tallies (both directions)."""
        if self._db is None:
            return sum(len(t) for t in self._tallies)
        self.spill()
        return self._db.execute("SELECT count(*) FROM tallies").fetchone()[0]
