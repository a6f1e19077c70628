"""Corpus-wide consistency: one source rendered in several ways, one rendering for several sources.

Classified as MQM *Style / Inconsistent style*, minor: two renderings may both be correct, and
the issue is the inconsistency itself; when a reviewer finds one rendering wrong, that is an
Accuracy error they record on the unit. (Xbench calls these "Inconsistency in target/source".)
The tables are built by hashing normalised segments (``align.scale.consistency``), so the same
code serves a document pair in memory and a translation memory of millions of units.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from align.checks.registry import CheckContext, make_finding, register
from align.model import Finding, Location
from align.scale.consistency import (MAX_VARIANTS_SHOWN, ConsistencyTable, Group, Occurrence,
                                     unit_rows)

CHECK_TARGET = "consistency.target"
CHECK_SOURCE = "consistency.source"
CONSISTENCY_CHECKS = (CHECK_SOURCE, CHECK_TARGET)
SNIPPET = 60


def pair_occurrences(ctx: CheckContext) -> Iterator[Occurrence]:
    """The aligned pairs of a context as table input (unsure links left out)."""
    min_conf = float(ctx.settings.get("min_confidence", 0.0) or 0.0)
    for pair in ctx.pairs:
        if not pair.source or not pair.target or pair.confidence < min_conf:
            continue
        s, t = pair.source[0], pair.target[0]
        yield Occurrence(pair.index, s.id, t.id, s.origin.file, t.origin.file, s.origin.line_start,
                         t.origin.line_start, pair.source_text, pair.target_text)


def context_table(ctx: CheckContext) -> ConsistencyTable:
    """The table of a context, built once and shared by both checks through ``annotations``."""
    ann = ctx.annotations
    table = ann.get("consistency") if isinstance(ann, dict) else None
    if table is None:
        table = ConsistencyTable()
        table.add_rows(unit_rows(pair_occurrences(ctx)))
        if isinstance(ann, dict):
            ann["consistency"] = table
    return table


def _common_prefix(texts: list[str]) -> int:
    first, n = texts[0], min(len(t) for t in texts)
    i = 0
    while i < n and all(t[i] == first[i] for t in texts):
        i += 1
    return i


def snippets(texts: list[str]) -> list[str]:
    """Short quotes that show where the renderings part ways (not their shared beginning)."""
    start = max(0, _common_prefix(texts) - SNIPPET // 3) if len(texts) > 1 else 0
    if start:
        start = texts[0].rfind(" ", 0, start) + 1  # begin at a word
    out = []
    for text in texts:
        piece = text[start:]
        piece = piece if len(piece) <= SNIPPET else piece[: SNIPPET - 1] + "…"
        out.append(("…" if start else "") + piece)
    return out


def _location(occ: Occurrence, side: str, lang: str) -> Location:
    if side == "source":
        return Location("source", occ.source_file, occ.source_line, occ.source_id, lang, occ.source_text)
    return Location("target", occ.target_file, occ.target_line, occ.target_id, lang, occ.target_text)


def group_finding(group: Group, source_lang: str, target_lang: str) -> Finding:
    """One finding per inconsistent group: the shared side once, then each rendering's first use."""
    shared, varying = ("source", "target") if group.key_side == "source" else ("target", "source")
    langs = {"source": source_lang, "target": target_lang}
    shown = group.variants[:MAX_VARIANTS_SHOWN]
    texts = [occ.target_text if varying == "target" else occ.source_text for _n, occ in shown]
    first = min((occ for _n, occ in group.variants), key=lambda o: o.order)
    locations = [_location(first, shared, langs[shared])]
    locations += [_location(occ, varying, langs[varying]) for _n, occ in shown]
    parts = ", ".join(f"'{t}' {n}x" for t, (n, _o) in zip(snippets(texts), shown))
    more = f" and {len(group.variants) - len(shown)} more" if len(group.variants) > len(shown) else ""
    if group.key_side == "source":
        check, message = CHECK_TARGET, (f"The same source is translated in {len(group.variants)} ways "
                                        f"({group.total} units): {parts}{more}")
    else:
        check, message = CHECK_SOURCE, (f"The same translation stands for {len(group.variants)} different "
                                        f"sources ({group.total} units): {parts}{more}")
    return make_finding(check, message, locations, expected=texts[0], found=" | ".join(texts[1:]),
                        extra={"renderings": len(group.variants), "units": group.total,
                               "counts": [n for n, _o in group.variants]})


def table_findings(table: ConsistencyTable, source_lang: str, target_lang: str,
                   only: Iterable[str] = CONSISTENCY_CHECKS) -> Iterator[Finding]:
    wanted = set(only)
    for group in table.groups():
        check = CHECK_TARGET if group.key_side == "source" else CHECK_SOURCE
        if check in wanted:
            yield group_finding(group, source_lang, target_lang)


@register(CHECK_TARGET, "Style", "minor",
          "The same source segment is translated in different ways across the corpus (case and spacing aside)",
          subcategory="Inconsistent style", modes=("bilingual",))
def check_target_consistency(ctx: CheckContext) -> Iterable[Finding]:
    return table_findings(context_table(ctx), ctx.source_lang, ctx.target_lang, (CHECK_TARGET,))


@register(CHECK_SOURCE, "Style", "minor",
          "The same translation stands for different source segments across the corpus (case and spacing aside)",
          subcategory="Inconsistent style", modes=("bilingual",))
def check_source_consistency(ctx: CheckContext) -> Iterable[Finding]:
    return table_findings(context_table(ctx), ctx.source_lang, ctx.target_lang, (CHECK_SOURCE,))
