"""``align check`` for large translation memories: the streaming driver plus its outputs.

:func:`streaming_check` is what the CLI calls when the input is a TMX/XLIFF and ``--jobs`` or
``--jsonl`` is given or the file is large. Findings are spooled to JSONL as they are found (the
user's ``--jsonl`` file, or a temporary one), then the workbook and findings.json are written
from the spool, so no output needs all findings in memory.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

from align.errors import UsageError
from align.scale.driver import DEFAULT_CHUNK_SIZE, STREAMING_FORMATS, JsonlWriter, ScanResult, read_jsonl, scan

LARGE_UNITS = 50_000
_MIN_BYTES_PER_UNIT = 60
_UNIT_TAGS = (b"<tu>", b"<tu ", b"<trans-unit", b"<unit ")


def count_units(path: str, stop_at: int | None = None, block_size: int = 1 << 22) -> int:
    """Unit start tags in a TMX/XLIFF, counted on the raw bytes (UTF-8 or UTF-16), without parsing."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00" or head[:1] == b"\x00":
            codec = "utf-16-le" if head[:2] == b"\xff\xfe" or head[1:2] == b"\x00" else "utf-16-be"
            tags = tuple(t.decode("ascii").encode(codec) for t in _UNIT_TAGS)
        else:
            tags = _UNIT_TAGS
        longest = max(len(t) for t in tags)
        count, tail, pending = 0, b"", 0
        while True:
            block = fh.read(block_size)
            if not block:
                return count + pending
            data = tail + block
            # tags wholly inside the kept tail are counted with the next block, never twice
            tail = data[-(longest - 1):]
            pending = sum(tail.count(t) for t in tags)
            count += sum(data.count(t) for t in tags) - pending
            if stop_at is not None and count >= stop_at:
                return count


def is_large(path: str, threshold: int = LARGE_UNITS) -> bool:
    """More than ``threshold`` units (cheap: small files are ruled out by size alone)."""
    try:
        if os.path.getsize(path) < threshold * _MIN_BYTES_PER_UNIT:
            return False
    except OSError:
        return False
    return count_units(path, stop_at=threshold + 1) > threshold


def wants_streaming(path: str, jobs: int | None, jsonl: str | None, threshold: int = LARGE_UNITS) -> bool:
    """Route ``align check`` to the streaming driver? Only bilingual XML files stream."""
    from align.io.reader import detect_format

    try:
        kind = detect_format(path)
    except Exception:  # unreadable input: let the normal path report it
        return False
    if kind not in STREAMING_FORMATS:
        return False
    return bool(jobs) or bool(jsonl) or is_large(path, threshold)


@dataclass
class StreamingReport:
    result: ScanResult
    outputs: list[tuple[str, str]] = field(default_factory=list)  # (what, path)
    weights: tuple[float, ...] = (0.0, 1.0, 5.0, 25.0)
    review: Any = None  # align.scale.review.StreamedReview when decisions, --max-findings or --score apply

    def summary_lines(self, fail_on=None) -> list[str]:
        r = self.result
        s = r.summary
        lines = [f"align check: {r.job.path} [bilingual, {r.job.source_lang}->{r.job.target_lang}, "
                 f"{s.units} units, {s.checked_units} checked (exact repeats skipped), streamed]"]
        review = self.review
        sev = review.by_severity() if review is not None else s.to_json()["by_severity"]
        total = sum(sev.values()) if review is not None else s.total
        lines.append(f"findings: {total} (critical {sev['critical']}, major {sev['major']}, "
                     f"minor {sev['minor']}, neutral {sev['neutral']})")
        if review is not None and review.state.hidden:
            lines.append(f"  {len(review.state.hidden)} accepted false positive(s) hidden")
        by_check = review.by_check if review is not None else s.by_check
        for check, n in sorted(by_check.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {check:<23} {n}")
        if review is not None and review.state.compared:
            lines.append(f"since previous: {review.new} new, {review.still_open} still open, "
                         f"{len(review.state.gone)} gone")
        if review is not None and review.left_out:
            lines.append(f"workbook: {review.shown_total} of {review.total} findings (--max-findings "
                         f"{review.max_findings}); the JSON and JSONL have them all")
        try:
            score = review.score if review is not None else s.mqm(self.weights)
            lines.append(f"MQM ({score.basis}): quality {score.quality:.2f}, {score.normed_penalty:.2f} penalty "
                         f"points per 1,000 source words ({s.source_words} words), "
                         f"{'PASS' if score.passed else 'FAIL'}")
        except ImportError:
            pass
        if r.spilled:
            lines.append(f"consistency table: {r.consistency_rows} distinct pairs (spilled to SQLite)")
        for what, path in self.outputs:
            lines.append(f"{what}: {path}")
        return lines

    def gate(self, threshold) -> bool:
        """--fail-on: a finding at or above ``threshold`` that no reviewer accepted (False positive, Won't fix)."""
        worst = self.review.worst_gating if self.review is not None else self.result.summary.worst()
        return worst is not None and threshold is not None and worst >= threshold


def streaming_check(input_path: str, *, jobs: int = 1, jsonl: str | None = None, output: str | None = None,
                    json_path: str | None = None, glossaries: Sequence[str] = (), default_glossaries: bool = True,
                    source_lang: str | None = None, target_lang: str | None = None, only: Sequence[str] = (),
                    skip: Sequence[str] = (), settings: Mapping[str, Any] | None = None,
                    weights: Sequence[float] = (0.0, 1.0, 5.0, 25.0), dask_address: str | None = None,
                    chunk_size: int = DEFAULT_CHUNK_SIZE, protected: Sequence[str] = (),
                    progress: Callable[[int], None] | None = None, previous: Any = None,
                    score_basis: str = "all", max_findings: int | None = None,
                    workbook_row_limit: int | None = None) -> StreamingReport:
    """Run the streaming driver and write the requested outputs; nothing is printed.

    ``previous`` (an ``align.report.review.PreviousRun``) carries reviewers' decisions over by finding
    id; ``score_basis`` and ``max_findings`` are ``align check``'s --score and --max-findings.
    """
    from align.checks.registry import all_checks

    known = {spec.id for spec in all_checks()}
    families = {k.split(".")[0] for k in known}
    for wanted in (*only, *skip):
        if wanted not in known and wanted not in families:
            raise UsageError(f"unknown check {wanted!r} (see `align checks`)")
    protected = tuple({input_path, *glossaries, *protected})
    spool_dir = None
    spool = jsonl
    if spool is None:
        spool_dir = tempfile.mkdtemp(prefix="align-spool-")
        spool = os.path.join(spool_dir, "findings.jsonl")
    outputs: list[tuple[str, str]] = []
    try:
        options = dict(source_lang=source_lang, target_lang=target_lang, glossaries=glossaries,
                       default_glossaries=default_glossaries, only=only, skip=skip, settings=settings,
                       chunk_size=chunk_size, progress=progress)
        with JsonlWriter(spool, protected) as sink:
            if dask_address:
                from align.scale.dask_runner import scan_on_dask

                result = scan_on_dask(input_path, sink, dask_address, **options)
            else:
                result = scan(input_path, sink, jobs=jobs, **options)
        if jsonl:
            outputs.append(("findings JSONL", jsonl))
        review = None
        if previous is not None or max_findings is not None or score_basis != "all":
            from align.scale.review import StreamedReview

            review = StreamedReview.learn(lambda: read_jsonl(spool), previous, result.summary.source_words,
                                          weights, score_basis, max_findings)
        if output:
            from align.scale.workbook import ROW_LIMIT, write_large_workbook

            write_large_workbook(read_jsonl(spool), output, result.summary, inputs=[input_path], protected=protected,
                                 row_limit=workbook_row_limit or ROW_LIMIT, review=review)
            outputs.append(("review workbook", output))
        if json_path:
            write_findings_json_streamed(spool, json_path, result, weights, protected, review)
            outputs.append(("findings JSON", json_path))
    finally:
        if spool_dir is not None:
            for name in os.listdir(spool_dir):
                os.unlink(os.path.join(spool_dir, name))
            os.rmdir(spool_dir)
    return StreamingReport(result, outputs, tuple(weights), review)


def write_findings_json_streamed(spool: str, path: str, result: ScanResult, weights: Sequence[float],
                                 protected: Sequence[str] = (), review: Any = None) -> None:
    """findings.json (the contract's keys) written from the JSONL spool, one finding at a time.

    With a ``review`` (StreamedReview) every finding carries its decision, mark and effective
    severity, and the summary counts what still stands, as in the normal findings.json.
    """
    from align import __version__
    from align.io.atomic import atomic_path

    head = {
        "tool": "align", "version": __version__, "mode": "bilingual",
        "languages": {"source": result.job.source_lang, "target": result.job.target_lang},
        "inputs": [{"path": result.job.path, "role": "bilingual", "format": result.format,
                    "lang": f"{result.job.source_lang}-{result.job.target_lang}"}],
        "glossaries": [{"path": p} for p in result.job.glossaries],
        "summary": result.summary.to_json(weights),
    }
    if review is not None:
        head["summary"].update(review.summary_json())
    with atomic_path(path, protected) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.write("{\n")
        for key in sorted(head):
            out.write(f"  {json.dumps(key)}: {json.dumps(head[key], ensure_ascii=False, sort_keys=True)},\n")
        out.write('  "findings": [')
        first = True
        if review is not None:
            lines = (json.dumps(review.json_item(f), ensure_ascii=False, sort_keys=True) for f in read_jsonl(spool))
        else:
            lines = _spool_lines(spool)
        for line in lines:
            out.write(("\n    " if first else ",\n    ") + line)
            first = False
        out.write("\n  ]\n}\n")


def _spool_lines(spool: str) -> Iterator[str]:
    with open(spool, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield line.rstrip("\n")
