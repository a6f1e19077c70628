"""Legal reference checks: acts, Official Journal citations, Council documents and articles
compared by value between aligned segments (bilingual) or between the language parts of one
document set (monolingual, via the reference index)."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from align.checks.registry import CheckContext, make_finding, register
from align.model import AlignedPair, Finding, Severity, location_for
from align.refs.compare import Discrepancy, compare_located, locate, series_problems
from align.refs.index import build_index

DEFAULT_MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=16384)
def pair_discrepancies(pair: AlignedPair) -> tuple[Discrepancy, ...]:
    """Every reference discrepancy of one aligned pair (cached: each ref.* check asks)."""
    src = locate(pair.source, "source")
    tgt = locate(pair.target, "target")
    if not src and not tgt:
        return ()
    return tuple(compare_located(src, tgt))


def min_confidence(ctx: CheckContext) -> float:
    """``settings["min_confidence"]``: pairs aligned less surely than this are not trusted."""
    try:
        return float(ctx.settings.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
    except (TypeError, ValueError):
        return DEFAULT_MIN_CONFIDENCE


def _finding(check_id: str, d: Discrepancy, severity: Severity | None = None, extra: dict | None = None) -> Finding:
    locations = [location_for(x.segment, x.side, x.ref.span) for x in d.locations]
    if severity is None and d.minor:
        severity = Severity.MINOR
    # two citations with the same flagged text in one segment are two findings: salt with the act
    return make_finding(check_id, d.message, locations, expected=d.expected, found=d.found, severity=severity,
                        extra=extra, salt=d.locations[0].ref.key)


def _pair_findings(ctx: CheckContext, check_id: str) -> Iterator[Finding]:
    threshold = min_confidence(ctx)
    for pair in ctx.pairs:
        weak = pair.confidence < threshold
        for d in pair_discrepancies(pair):
            if d.check != check_id:
                continue
            if weak and check_id == "ref.missing":
                continue  # an unsure alignment explains a reference "missing" from its partner
            yield _finding(check_id, d, Severity.MINOR if weak else None,
                           {"pair": pair.index, "confidence": round(pair.confidence, 3)} if weak else None)


def _all_segments(ctx: CheckContext):
    if ctx.pairs:
        for pair in ctx.pairs:
            for seg in pair.source:
                yield seg, "source"
            for seg in pair.target:
                yield seg, "target"
    else:
        for doc in ctx.documents:
            for seg in doc.segments:
                yield seg, "document"


@lru_cache(maxsize=64)
def _index(documents) -> tuple:
    return tuple(build_index(documents))


def _index_findings(ctx: CheckContext, check_id: str, same_language_only: bool) -> Iterator[Finding]:
    """Disagreements between citations of one act anywhere in the document set."""
    if not ctx.documents:
        return
    side_of: dict[str, str] = {}
    if ctx.pairs:
        for pair in ctx.pairs:
            side_of.update({s.id: "source" for s in pair.source})
            side_of.update({s.id: "target" for s in pair.target})
    for entry in _index(tuple(ctx.documents)):
        for d in entry.disagreements:
            if d.check != check_id or d.attribute == "suffix":
                continue
            if same_language_only and len({o.lang for o in d.occurrences}) > 1:
                continue
            locations = [location_for(o.segment, side_of.get(o.segment.id, "document"), o.ref.span) for o in d.occurrences]
            yield make_finding(check_id, d.message, locations, expected=d.expected, found=d.found,
                               severity=Severity.MINOR if d.minor else None, salt="document-set")


def _series_language_findings(ctx: CheckContext) -> Iterator[Finding]:
    """Per text: wrong-language suffixes and suffixes the year rules out; the latter only when
    no pair-level series finding already says so for that citation."""
    explained: set[tuple[str, tuple[int, int]]] = set()
    for pair in ctx.pairs:
        for d in pair_discrepancies(pair):
            if d.check == "ref.series":
                explained.update((x.segment.id, x.ref.span) for x in d.locations)
    for seg, side in _all_segments(ctx):
        for item in locate([seg], side, ("act",)):
            for d in series_problems(item, check_year=(seg.id, item.ref.span) not in explained):
                yield _finding("ref.series", d)


def _run(ctx: CheckContext, check_id: str, *, index: str = "") -> Iterable[Finding]:
    """Bilingual: per aligned pair (+ same-language document-set checks when ``index``).
    Monolingual: cross-language disagreements from the reference index."""
    if ctx.mode == "monolingual" or not ctx.pairs:
        yield from _index_findings(ctx, check_id, same_language_only=False)
        return
    yield from _pair_findings(ctx, check_id)
    if index:
        yield from _index_findings(ctx, check_id, same_language_only=True)


@register("ref.missing", "Accuracy", "major",
          "A legal reference (act, OJ citation, Council document, CELEX/ECLI) in the source has no counterpart in the aligned target",
          subcategory="Omission", modes=("bilingual",))
def check_missing(ctx: CheckContext) -> Iterable[Finding]:
    yield from _pair_findings(ctx, "ref.missing")


@register("ref.number", "Accuracy", "major",
          "Same act (type, date, author) cited with a different number or year in source and target",
          subcategory="Mistranslation", modes=("bilingual",))
def check_number(ctx: CheckContext) -> Iterable[Finding]:
    yield from _pair_findings(ctx, "ref.number")


@register("ref.series", "Accuracy", "major",
          "Act series suffix differs between source and target, belongs to another language (JBZ in English) or is impossible for the year",
          subcategory="Mistranslation")
def check_series(ctx: CheckContext) -> Iterable[Finding]:
    yield from _run(ctx, "ref.series")
    yield from _series_language_findings(ctx)


@register("ref.type", "Accuracy", "major",
          "Same act cited as a different type (Kaderbesluit as a Directive)", subcategory="Mistranslation")
def check_type(ctx: CheckContext) -> Iterable[Finding]:
    yield from _run(ctx, "ref.type")


@register("ref.author", "Accuracy", "major",
          "Same act attributed to a different author (Council vs Commission)", subcategory="Mistranslation")
def check_author(ctx: CheckContext) -> Iterable[Finding]:
    yield from _run(ctx, "ref.author")


@register("ref.date", "Accuracy", "major",
          "Same act cited with different dates in aligned segments or anywhere in the document set",
          subcategory="Mistranslation")
def check_date(ctx: CheckContext) -> Iterable[Finding]:
    yield from _run(ctx, "ref.date", index="same-language")


@register("ref.oj", "Accuracy", "major",
          "Official Journal citation differs (series, issue, date or page)", subcategory="Mistranslation")
def check_oj(ctx: CheckContext) -> Iterable[Finding]:
    yield from _run(ctx, "ref.oj")


@register("ref.council-doc", "Accuracy", "major",
          "Council document number or subject codes differ (they are identical in every language version)",
          subcategory="Mistranslation")
def check_council_doc(ctx: CheckContext) -> Iterable[Finding]:
    yield from _run(ctx, "ref.council-doc")


@register("ref.article", "Accuracy", "major",
          "Article, paragraph or point cited differently in source and target", subcategory="Mistranslation",
          modes=("bilingual",))
def check_article(ctx: CheckContext) -> Iterable[Finding]:
    yield from _pair_findings(ctx, "ref.article")
