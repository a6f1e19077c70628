"""The streaming check driver: a translation memory of any size, in bounded memory.

Units are read one at a time (``align.io.tmx``/``xliff`` stream them) and cut into chunks of
``chunk_size`` contiguous units. Chunk boundaries depend only on the file and ``chunk_size``,
never on ``jobs``, and results are merged in chunk order, so ``--jobs N`` gives exactly the
output of ``--jobs 1``. Each chunk runs every registered per-unit check (:func:`check_chunk`, the
function a process pool or a Dask cluster calls) and returns its findings plus a partial
consistency table; the parent keeps only finding ids (to drop repeats, as the in-memory pipeline
does) and the consistency table (which spills to SQLite).

An exact repeat of an earlier (source, target) pair is not checked again: its findings would
have the ids of the first occurrence's findings, which the in-memory pipeline de-duplicates
too. Repeats still count in the consistency tables, the term rendering tallies and the word
count.

Corpus-wide checks do not run in the chunks: each chunk also returns its consistency rows and
its term rendering rows (:mod:`align.scale.renderings`), and the parent tallies them in tables
that spill to SQLite; ``consistency.*`` and ``term.inconsistent`` findings come from those
tables at the end, once each, after every per-unit finding. The reference index of ``ref.*``
checks still sees one chunk at a time.
"""
from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from align.errors import UsageError
from align.model import Finding, Location
from align.scale.consistency import DEFAULT_MAX_ROWS, ConsistencyTable, Occurrence, Row, unit_rows
from align.scale.renderings import MAX_LOCATIONS, RenderingRow, RenderingTable
from align.scale.summary import RunSummary

DEFAULT_CHUNK_SIZE = 1000
TERM_RENDERINGS = "term.inconsistent"  # tallied corpus-wide from the chunks' rendering rows
STREAMING_FORMATS = ("tmx", "xliff")
# A unit as shipped to a worker: (id, source text, target text, source line, target line, check it?)
UnitTuple = tuple[str, "str | None", "str | None", "int | None", "int | None", bool]


@dataclass(frozen=True)
class ScanJob:
    """Everything a worker needs to check a chunk (picklable, so it can travel to a cluster)."""

    path: str
    source_lang: str
    target_lang: str
    glossaries: tuple[str, ...] = ()
    default_glossaries: bool = True
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    settings: tuple[tuple[str, Any], ...] = ()
    chunk_size: int = DEFAULT_CHUNK_SIZE

    def wants(self, check_id: str) -> bool:
        if check_id in self.skip or check_id.split(".")[0] in self.skip:
            return False
        return not self.only or check_id in self.only or check_id.split(".")[0] in self.only


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int  # corpus position of the first unit
    units: tuple[UnitTuple, ...]


@dataclass
class ChunkResult:
    index: int
    findings: list[Finding]
    rows: list[Row]  # partial consistency table
    units: int
    checked_units: int
    source_words: int
    renderings: list[RenderingRow] = field(default_factory=list)  # term rendering rows, corpus order


# ------------------------------------------------------------------ reading

@dataclass
class UnitStream:
    path: str
    format: str
    source_lang: str
    target_lang: str
    units: Iterable[Any]  # align.io.units.Unit


def _peek_tmx_languages(path: str, source_lang: str | None, target_lang: str | None,
                        max_units: int = 2000) -> tuple[str | None, str | None]:
    """Guess both languages from the first units, so a huge TMX is not read twice just to list
    its languages. Only a clear answer (exactly two languages) is used; else the reader decides."""
    from align.io.langcodes import normalise_lang
    from align.io.xmlsafe import XML_LANG, local_name, release, safe_iterparse

    header_src = None
    seen: dict[str, None] = {}
    count = 0
    for event, element in safe_iterparse(path, events=("end",)):
        tag = local_name(element.tag)
        if tag == "header" and element.get("srclang", "").lower() not in ("", "*all*"):
            header_src = normalise_lang(element.get("srclang"))
        elif tag == "tuv":
            lang = element.get(XML_LANG) or element.get("lang")
            if lang:
                seen.setdefault(normalise_lang(lang), None)
        elif tag == "tu":
            release(element)
            count += 1
            if count >= max_units:
                break
    langs = list(seen)
    if len(langs) != 2:
        return source_lang, target_lang
    src = source_lang or (header_src if header_src in langs else None)
    if src is None or src not in langs:
        return source_lang, target_lang
    tgt = target_lang or next(l for l in langs if l != src)
    return src, tgt


def open_units(path: str, source_lang: str | None = None, target_lang: str | None = None) -> UnitStream:
    """A stream of units of a bilingual file; TMX and XLIFF are streamed, tables read whole."""
    from align.io.reader import detect_format

    kind = detect_format(path)
    if kind == "tmx":
        from align.io.tmx import open_tmx

        if source_lang is None or target_lang is None:
            source_lang, target_lang = _peek_tmx_languages(path, source_lang, target_lang)
        stream = open_tmx(path, source_lang, target_lang)
        return UnitStream(stream.path, kind, stream.source_lang, stream.target_lang, stream)
    if kind == "xliff":
        from align.io.xliff import open_xliff

        stream = open_xliff(path, source_lang, target_lang)
        return UnitStream(stream.path, kind, stream.source_lang, stream.target_lang, stream)
    from align.io.reader import read_input
    from align.model import Bitext

    loaded = read_input(path, source_lang=source_lang, target_lang=target_lang)
    if not isinstance(loaded, Bitext):
        raise UsageError(f"{path}: the streaming driver needs a bilingual file (TMX, XLIFF, two-column table)")
    return UnitStream(str(path), kind, loaded.source.lang, loaded.target.lang, _bitext_units(loaded))


def _bitext_units(bitext) -> Iterator[Any]:
    from align.io.units import Unit

    src, tgt = bitext.source.segments, bitext.target.segments
    for link in bitext.links:
        s = src[link.source[0]] if link.source else None
        t = tgt[link.target[0]] if link.target else None
        yield Unit((s or t).id, s.text if s else None, t.text if t else None,
                   s.origin.line_start if s else None, t.origin.line_start if t else None)


def chunks(units: Iterable[Any], chunk_size: int, skip_repeats: bool = True) -> Iterator[Chunk]:
    """Contiguous chunks; exact repeats of an earlier (source, target) pair are marked unchecked."""
    seen: set[int] = set()
    batch: list[UnitTuple] = []
    start = index = 0
    for u in units:
        check = True
        if skip_repeats:
            h = hash((u.source_text, u.target_text))
            if h in seen:
                check = False
            else:
                seen.add(h)
        batch.append((u.id, u.source_text, u.target_text, u.source_line, u.target_line, check))
        if len(batch) >= chunk_size:
            yield Chunk(index, start, tuple(batch))
            index += 1
            start += len(batch)
            batch = []
    if batch:
        yield Chunk(index, start, tuple(batch))


# ------------------------------------------------------------------ the shard function

_GLOSSARIES: dict[tuple[tuple[str, ...], bool], Any] = {}


def _glossary(job: ScanJob):
    """The job's glossary, loaded once per process (inherited by forked workers)."""
    key = (job.glossaries, job.default_glossaries)
    if key not in _GLOSSARIES:
        from align.pipeline import CheckConfig, load_glossary

        config = CheckConfig(inputs=(job.path,), glossaries=job.glossaries,
                             default_glossaries=job.default_glossaries)
        glossary = load_glossary(config)
        _GLOSSARIES.clear()
        _GLOSSARIES[key] = glossary
        # The glossary and its indexes (~1M objects) live as long as the process: out of the
        # collector's sight, every later collection is cheaper (-25% CPU on a 20,000-unit TMX),
        # and forked workers do not copy the pages a collection would touch.
        gc.freeze()
    return _GLOSSARIES[key]


def per_unit_checks(job: ScanJob) -> tuple[str, ...]:
    """The checks a chunk runs: every wanted bilingual check except the corpus-wide ones."""
    from align.checks.consistency import CONSISTENCY_CHECKS
    from align.checks.registry import all_checks

    return tuple(spec.id for spec in all_checks()
                 if "bilingual" in spec.modes and spec.id not in CONSISTENCY_CHECKS
                 and spec.id != TERM_RENDERINGS and job.wants(spec.id))


def wants_consistency(job: ScanJob) -> bool:
    from align.checks.consistency import CONSISTENCY_CHECKS

    return any(job.wants(c) for c in CONSISTENCY_CHECKS)


def wants_renderings(job: ScanJob) -> bool:
    return job.wants(TERM_RENDERINGS)


def _context(job: ScanJob, units: Sequence[UnitTuple]):
    """A bilingual check context of some units of a chunk (one aligned pair per unit)."""
    from align.checks.registry import CheckContext
    from align.io.units import Unit, bitext_from_units

    bitext = bitext_from_units((Unit(u[0], u[1], u[2], u[3], u[4]) for u in units), job.path,
                               job.source_lang, job.target_lang)
    return CheckContext(mode="bilingual", pairs=tuple(bitext.pairs()),
                        documents=(bitext.source, bitext.target), source_lang=job.source_lang,
                        target_lang=job.target_lang, glossary=_glossary(job),
                        settings=dict(job.settings), annotations={})


# Rendering rows of recently seen units, by (source, target) text, per process: an exact repeat
# (40 % of a typical translation memory) gets its first occurrence's rows, moved to its own
# place, instead of a second term matching. A miss only costs time: the rows are the same. Rows
# are remembered as small tuples without texts or places (a repeat brings its own): 50,000
# units take about 20 MB.
_MEMO_SIZE = 50_000
Template = tuple  # (span position, concept, label, term text, status, match lang, target span, source span)
_MEMO: "OrderedDict[int, tuple[Template, ...]]" = OrderedDict()
_MEMO_JOB: list[ScanJob] = []


def _memo_for(job: ScanJob) -> "OrderedDict[int, tuple[Template, ...]]":
    if not _MEMO_JOB or _MEMO_JOB[0] != job:
        _MEMO.clear()
        _MEMO_JOB[:] = [job]
    return _MEMO


def _template(row: RenderingRow) -> Template:
    return (row.order[1], row.concept, row.label, row.term_text, row.term_status, row.lang,
            row.target.span, row.source.span)


def _moved(job: ScanJob, template: Template, position: int, unit: UnitTuple) -> RenderingRow:
    """A repeat's row: its first occurrence's row at the repeat's own place (the Locations that
    :func:`align.io.units.bitext_from_units` segments give)."""
    seq, concept, label, term_text, status, lang, target_span, source_span = template
    return RenderingRow((position, seq), concept, label, term_text, status, lang,
                        Location("target", job.path, unit[4] or 0, unit[0], job.target_lang, unit[2], target_span),
                        Location("source", job.path, unit[3] or 0, unit[0], job.source_lang, unit[1], source_span))


def _rendering_rows(job: ScanJob, ctx, placed: Sequence[tuple[int, UnitTuple]]) -> list[RenderingRow]:
    """Rows of some units of a chunk; ``ctx`` (built if None) holds exactly these units."""
    from align.checks.terminology import rendering_rows

    memo = _memo_for(job)
    out: list[RenderingRow] = []
    todo: list[tuple[int, UnitTuple]] = []
    for pos, u in placed:
        key = hash((u[1], u[2]))
        known = memo.get(key) if ctx is None else None
        if known is None:
            todo.append((pos, u))
        else:  # least recently used goes first: a sentence the memory keeps repeating stays in
            memo.move_to_end(key)
            out += [_moved(job, t, pos, u) for t in known]
    if todo:
        if ctx is None:
            ctx = _context(job, [u for _pos, u in todo])
        # units with neither side make no pair (bitext_from_units): keep positions in step with pairs
        todo = [(pos, u) for pos, u in todo if u[1] is not None or u[2] is not None]
        fresh = rendering_rows(ctx, [pos for pos, _u in todo])
        by_unit: dict[int, list[RenderingRow]] = {}
        for row in fresh:
            by_unit.setdefault(row.order[0], []).append(row)
        for pos, u in todo:
            key = hash((u[1], u[2]))
            memo[key] = tuple(_template(r) for r in by_unit.get(pos, ()))
            memo.move_to_end(key)
        while len(memo) > _MEMO_SIZE:
            memo.popitem(last=False)
        out += fresh
    out.sort(key=lambda r: r.order)
    return out


# The cyclic garbage collector is off during a streamed run and runs once every this many
# chunks checked or merged in a process (a single-process run both checks and merges). Left to itself it walks the caches of a long run again and again: at
# 1,000,000 units that was 40% of all CPU time (228 s wall with it, 142 s without, on 2
# cores), while a run without it kept the same peak memory (nothing the checks make is
# cyclic garbage worth mentioning). The explicit collections bound memory all the same.
COLLECT_EVERY = 200
_calls_since_collect = [0]


def _collect_now_and_then() -> None:
    _calls_since_collect[0] += 1
    if _calls_since_collect[0] >= COLLECT_EVERY:
        _calls_since_collect[0] = 0
        gc.collect()
        gc.freeze()  # what survived (caches, mostly) is not walked again by the next collection


def check_chunk(job: ScanJob, chunk: Chunk) -> ChunkResult:
    """Check one chunk: findings of the per-unit checks, the chunk's consistency rows and its
    term rendering rows (repeats included: they count in the corpus-wide tallies)."""
    from align.terms.gcpause import gc_paused

    with gc_paused():  # already off in local runs (see COLLECT_EVERY); this covers Dask workers
        result = _check_chunk(job, chunk)
    _collect_now_and_then()
    return result


def _check_chunk(job: ScanJob, chunk: Chunk) -> ChunkResult:
    from align.checks.registry import run_checks

    path = job.path
    words = sum(count_words(u[1]) for u in chunk.units if u[1])
    rows: list[Row] = []
    if wants_consistency(job):
        rows = unit_rows(Occurrence(chunk.start + i, u[0], u[0], path, path, u[3] or 0, u[4] or 0, u[1], u[2])
                         for i, u in enumerate(chunk.units) if u[1] and u[2])
    checked = [(chunk.start + i, u) for i, u in enumerate(chunk.units) if u[5]]
    findings: list[Finding] = []
    renderings: list[RenderingRow] = []
    wanted = per_unit_checks(job)
    tally = wants_renderings(job)
    if checked and (wanted or tally):
        ctx = _context(job, [u for _pos, u in checked])
        if wanted:
            findings = run_checks(ctx, only=wanted)
        if tally:  # after the checks: the term index they built is reused
            renderings = _rendering_rows(job, ctx, checked)
    repeats = [(chunk.start + i, u) for i, u in enumerate(chunk.units) if not u[5]]
    if tally and repeats:
        renderings += _rendering_rows(job, None, repeats)
        renderings.sort(key=lambda r: r.order)
    return ChunkResult(chunk.index, findings, rows, len(chunk.units), len(checked), words, renderings)


_WORD_CHARACTER = re.compile(r"\w")


@lru_cache(maxsize=1 << 16)
def count_words(text: str) -> int:
    """``align.report.score.count_words`` for one text (tokens with a letter or digit), with a fast
    path for the usual all-alphanumeric token: it runs for every unit of the corpus."""
    return sum(1 for tok in text.split() if tok.isalnum() or _WORD_CHARACTER.search(tok))


def _pool_check(args: tuple[ScanJob, Chunk]) -> ChunkResult:
    return check_chunk(*args)


# ------------------------------------------------------------------ running

Sink = Callable[[Finding], None]
Runner = Callable[[ScanJob, Iterator[Chunk]], Iterator[ChunkResult]]


@dataclass
class ScanResult:
    job: ScanJob
    format: str
    summary: RunSummary
    consistency_rows: int = 0
    spilled: bool = False
    chunks: int = 0


def _ordered_results(job: ScanJob, todo: Iterator[Chunk], jobs: int, start_method: str | None
                     ) -> Iterator[ChunkResult]:
    """Chunk results in chunk order, with at most a few chunks in flight (bounded memory)."""
    first = next(todo, None)
    if first is None:
        return
    yield check_chunk(job, first)  # in the parent: warms glossary matchers before workers fork
    if jobs <= 1:
        for chunk in todo:
            yield check_chunk(job, chunk)
        return
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    context = multiprocessing.get_context(method)
    window = deque()
    with context.Pool(jobs) as pool:
        for chunk in todo:
            window.append(pool.apply_async(_pool_check, ((job, chunk),)))
            if len(window) >= 2 * jobs + 1:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()


def merge_results(job: ScanJob, results: Iterable[ChunkResult], sink: Sink,
                  table: ConsistencyTable, summary: RunSummary,
                  renderings: RenderingTable | None = None) -> int:
    """Feed chunk results (in chunk order) to the sink and the tables; -> chunks merged."""
    seen: set[str] = set()
    n = 0
    for res in results:
        n += 1
        _collect_now_and_then()
        summary.units += res.units
        summary.checked_units += res.checked_units
        summary.source_words += res.source_words
        table.add_rows(res.rows)
        if renderings is not None:
            renderings.add_rows(res.renderings)
        for f in res.findings:
            if f.id not in seen:
                seen.add(f.id)
                summary.add(f)
                sink(f)
    return n


def finish_consistency(job: ScanJob, table: ConsistencyTable, sink: Sink, summary: RunSummary) -> None:
    from align.checks.consistency import CONSISTENCY_CHECKS, table_findings

    wanted = [c for c in CONSISTENCY_CHECKS if job.wants(c)]
    if wanted:
        for f in table_findings(table, job.source_lang, job.target_lang, wanted):
            summary.add(f)
            sink(f)


def finish_renderings(job: ScanJob, renderings: RenderingTable, sink: Sink, summary: RunSummary) -> None:
    """Corpus-wide ``term.inconsistent``: one finding per concept (or rendering), true counts,
    at most ``renderings.cap`` locations per rendering."""
    from align.checks.terminology import rendering_findings

    if wants_renderings(job):
        for f in rendering_findings(renderings, _glossary(job), job.source_lang, job.target_lang):
            summary.add(f)
            sink(f)


def scan(path: str, sink: Sink, *, source_lang: str | None = None, target_lang: str | None = None,
         glossaries: Sequence[str] = (), default_glossaries: bool = True, only: Sequence[str] = (),
         skip: Sequence[str] = (), settings: Mapping[str, Any] | None = None, jobs: int = 1,
         chunk_size: int = DEFAULT_CHUNK_SIZE, max_table_rows: int = DEFAULT_MAX_ROWS,
         spill_dir: str | None = None, start_method: str | None = None,
         progress: Callable[[int], None] | None = None, runner: Runner | None = None) -> ScanResult:
    """Check a bilingual file of any size; every finding goes to ``sink`` as soon as it is final.

    Per-unit findings come in file order (chunk by chunk); the corpus-wide findings come last:
    consistency, then term.inconsistent. ``max_table_rows`` bounds each corpus-wide table in
    memory (distinct pairs, stored rendering locations) before it spills to SQLite.
    ``runner`` maps (job, chunks) to chunk results in chunk order; default: local processes.
    """
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    stream = open_units(path, source_lang, target_lang)
    job = ScanJob(stream.path, stream.source_lang, stream.target_lang, tuple(sorted(set(glossaries))),
                  default_glossaries, tuple(only), tuple(skip),
                  tuple(sorted((settings or {}).items())), chunk_size)
    summary = RunSummary()
    if runner is None:
        results = _ordered_results(job, chunks(stream.units, chunk_size), jobs, start_method)
    else:
        results = runner(job, chunks(stream.units, chunk_size))
    if progress is not None:
        results = _reporting(results, progress)
    from align.terms.gcpause import gc_paused

    # collector off for the whole run, in this process and in the workers forked from it
    with gc_paused(), ConsistencyTable(max_table_rows, spill_dir) as table, \
            RenderingTable(max_table_rows, spill_dir, cap=MAX_LOCATIONS) as renderings:
        n = merge_results(job, results, sink, table, summary, renderings)
        rows, spilled = len(table), table.spilled
        finish_consistency(job, table, sink, summary)
        finish_renderings(job, renderings, sink, summary)
    return ScanResult(job, stream.format, summary, rows, spilled, n)


def _reporting(results: Iterable[ChunkResult], progress: Callable[[int], None]) -> Iterator[ChunkResult]:
    done = 0
    for res in results:
        done += res.units
        progress(done)
        yield res


# ------------------------------------------------------------------ sinks

def finding_line(finding: Finding) -> str:
    """One finding as one JSON line (keys sorted: same findings, same bytes)."""
    return json.dumps(finding.to_json(), ensure_ascii=False, sort_keys=True)


class JsonlWriter:
    """Findings to a JSON Lines file as they are found; the file replaces ``path`` atomically
    when the run ends well (a failed run leaves no half file under the final name)."""

    def __init__(self, path: str, inputs: Sequence[str] = ()):
        from align.io.atomic import atomic_path

        self.path = path
        self._ctx = atomic_path(path, inputs)
        self._tmp = self._ctx.__enter__()
        self._fh = open(self._tmp, "w", encoding="utf-8", newline="\n")
        self.count = 0

    def __call__(self, finding: Finding) -> None:
        self._fh.write(finding_line(finding))
        self._fh.write("\n")
        self.count += 1

    def close(self, ok: bool = True) -> None:
        self._fh.close()
        if ok:
            self._ctx.__exit__(None, None, None)
        else:
            err = RuntimeError("run failed")
            try:
                self._ctx.__exit__(RuntimeError, err, None)
            except RuntimeError:
                pass

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(exc_type is None)


def read_jsonl(path: str) -> Iterator[Finding]:
    """Findings back from a JSONL file (for the workbook after a streamed run)."""
    from align.model import Location, Severity

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            locs = tuple(Location(l["side"], l["file"], l["line"], l["segment"], l["lang"], l["text"],
                                  tuple(l["span"]) if l.get("span") is not None else None, l.get("page"))
                         for l in d.get("locations", ()))
            yield Finding(d["id"], d["check"], d["category"], Severity.parse(d["severity"]), d["message"],
                          d.get("expected", ""), d.get("found", ""), locs, d.get("subcategory", ""),
                          tuple(sorted(d.get("extra", {}).items())))
