"""Terminology checks against the glossary: missing, deprecated, inconsistent, near-miss.

All four read one shared :class:`align.terms.occurrences.TermIndex`. Morphology (stems,
Dutch compounds) only ever lifts a finding: sources are read strictly, targets leniently.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from typing import Iterable, Iterator, Sequence

import Levenshtein

from align.checks.registry import make_finding, register
from align.model import Finding, Location, Severity, TermStatus, location_for
from align.scale.renderings import BY_CONCEPT, BY_RENDERING, RenderingRow, RenderingTable, Tally
from align.terms.matcher import TermMatch, closeness
from align.terms.nearmiss import near_misses
from align.terms.occurrences import STRICT_KINDS, Occurrence, by_span, detects, inside_name, term_index
from align.terms.text import all_caps, fold, stem, tokenize

DEFAULT_MIN_CONFIDENCE = 0.5
# Domains whose terms are counted (twice in the source, once in the target is a finding):
# legal terms of art are repeated on purpose; names and act vocabulary give way to pronouns.
COUNTED_DOMAINS = ("criminal-law", "migration", "data-protection", "instruments")


def _loc(o: Occurrence) -> Location:
    return location_for(o.segment, o.side, o.match.span)


def _min_confidence(ctx) -> float:
    try:
        return float(ctx.settings.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
    except (TypeError, ValueError):
        return DEFAULT_MIN_CONFIDENCE


def _label(glossary, concept_id: str, lang: str) -> str:
    term = glossary.preferred(concept_id, lang)
    return term.text if term else concept_id


# -- term.missing --------------------------------------------------------------------------
@register("term.missing", "Terminology", "major",
          "A glossary term in the source has no approved rendering in the aligned target (count-aware)",
          subcategory="Inconsistent with termbase", modes=("bilingual",))
def check_missing(ctx) -> Iterable[Finding]:
    index = term_index(ctx)
    glossary = index.glossary
    min_conf = _min_confidence(ctx)
    general = bool(ctx.settings.get("expect_general_terms", False))
    for pt in index.pairs:
        if pt.pair.confidence < min_conf or not pt.pair.target or not pt.pair.target_text.strip():
            continue
        tgt_lang = (pt.pair.target[0].lang or ctx.target_lang)
        rendered: dict[str, set] = defaultdict(set)
        for o in pt.target_all:
            if o.match.approved:
                rendered[o.concept_id].add((o.segment.id, o.match.span))
        wrong = {o.concept_id for o in pt.target if not o.match.approved}
        groups = by_span(o for o in pt.source if detects(o.match, glossary, general)
                         and not inside_name(o.segment.text, o.match))
        expected: dict[str, list[Occurrence]] = defaultdict(list)
        for occs in groups.values():
            concepts = {o.concept_id for o in occs}
            checkable = {c for c in concepts if glossary.approved(c, tgt_lang)}
            if not checkable:
                continue
            if len(checkable) > 1:  # an ambiguous source term: any of its concepts will do
                if not any(rendered.get(c) for c in checkable) and not (checkable & wrong):
                    first = occs[0]
                    options = sorted({_label(glossary, c, tgt_lang) for c in checkable})
                    yield make_finding(
                        "term.missing",
                        f"'{first.match.text}' has no approved rendering in the target: expected one of "
                        + ", ".join(f"'{x}'" for x in options),
                        [_loc(first)] + [location_for(s, "target") for s in pt.pair.target],
                        expected=" | ".join(options), found="")
                continue
            cid = next(iter(checkable))
            expected[cid].append(next(o for o in occs if o.concept_id == cid))
        for cid, occs in expected.items():
            have = len(rendered.get(cid, ()))
            need = len(occs)
            if have >= need or cid in wrong:
                continue
            if have and glossary.concept(cid).domain not in COUNTED_DOMAINS:
                continue  # names and act vocabulary are often said once ("van de Commissie", "daarvan")
            options = [t.text for t in glossary.approved(cid, tgt_lang)]
            want = _label(glossary, cid, tgt_lang)
            locs = [_loc(o) for o in occs] + [location_for(s, "target") for s in pt.pair.target]
            if have == 0:
                alts = [x for x in options if x != want][:3]
                msg = (f"'{occs[0].match.text}' is not rendered in the target: use '{want}'"
                       + (f" (or {', '.join(repr(a) for a in alts)})" if alts else ""))
                yield make_finding("term.missing", msg, locs, expected=want, found="")
            else:
                yield make_finding(
                    "term.missing",
                    f"'{occs[0].match.text}' occurs {need}x in the source but an approved rendering "
                    f"('{want}') only {have}x in the target",
                    locs, expected=f"{want} x{need}", found=f"x{have}", severity=Severity.MINOR)


# -- term.deprecated -----------------------------------------------------------------------
def _severity_of(m: TermMatch) -> Severity:
    if m.term.severity:
        return Severity.parse(m.term.severity)
    return Severity.CRITICAL if m.term.status is TermStatus.FORBIDDEN else Severity.MAJOR


def _deprecated_hits(glossary, occs: list[Occurrence]) -> list[tuple[Occurrence, list[str]]]:
    """Deprecated/forbidden readings of one span that no approved reading beats.

    Returns each hit with the other concepts for which the same words are approved: a
    non-empty list means the words are right in some contexts, so only a source (or other
    language part) naming this concept may condemn them.
    """
    hits = []
    for o in occs:
        m = o.match
        if m.approved or m.kind not in STRICT_KINDS or (m.term.case_sensitive and not m.case_ok):
            continue
        if not glossary.is_specific(m.concept_id):
            continue
        if any(x.match.approved and x.concept_id == m.concept_id and closeness(x.match) <= closeness(m)
               for x in occs):
            continue
        others = sorted({x.concept_id for x in occs if x.match.approved and x.concept_id != m.concept_id
                         and glossary.is_specific(x.concept_id)
                         and (x.match.case_ok or not x.match.term.case_sensitive)})
        if not glossary.approved(m.concept_id, m.lang):
            others = others or ["(no approved term)"]
        hits.append((o, others))
    return hits


def _deprecated_message(glossary, m: TermMatch) -> tuple[str, str]:
    replacement = m.term.replacement or _label(glossary, m.concept_id, m.lang)
    status = m.term.status.value
    rep_term = next((t for t in glossary.approved(m.concept_id, m.lang) if t.text == replacement), None)
    rep_status = f" ({rep_term.status.value})" if rep_term else ""
    reason = f": {m.term.note}" if m.term.note else ""
    return f"use '{replacement}'{rep_status}; '{m.text}' is {status}{reason}", replacement


def _case_variant(glossary, occs: list[Occurrence]) -> Occurrence | None:
    """An approved case-sensitive term written with other capitals (not all lower, not all caps)."""
    best = min(occs, key=lambda o: closeness(o.match))
    m = best.match
    if not (m.approved and m.term.case_sensitive and not m.case_ok and m.kind in STRICT_KINDS):
        return None
    if m.text == m.text.lower() or all_caps(m.text):
        return None  # all lower-case reads as a generic word; all capitals is a heading
    words, model = tokenize(m.text), tokenize(m.term.text)
    if len(words) == len(model) and all(w.surface[:1].isupper() == t.surface[:1].isupper()
                                        for w, t in list(zip(words, model))[1:]):
        return None  # only the first word differs: 'implementing Regulation' is a verb and a noun
    if any(o.match.approved and o.match.case_ok and o.concept_id != m.concept_id for o in occs):
        return None
    return best


@register("term.deprecated", "Terminology", "major",
          "A deprecated or forbidden rendering (or a wrong-case variant) of a glossary concept is used",
          subcategory="Wrong term")
def check_deprecated(ctx) -> Iterable[Finding]:
    index = term_index(ctx)
    glossary = index.glossary
    if ctx.mode == "monolingual":
        yield from _deprecated_monolingual(ctx, index)
        return
    min_conf = _min_confidence(ctx)
    case_groups: dict[tuple, list[Occurrence]] = defaultdict(list)
    for pt in index.pairs:
        src_concepts = pt.source_concepts(glossary)
        for occs in by_span(pt.target).values():
            for o, others in _deprecated_hits(glossary, occs):
                if others:
                    if pt.pair.confidence < min_conf or o.concept_id not in src_concepts \
                            or any(c in src_concepts for c in others):
                        continue
                msg, rep = _deprecated_message(glossary, o.match)
                src = [location_for(s, "source") for s in pt.pair.source]
                yield make_finding("term.deprecated", msg, [_loc(o)] + src, expected=rep, found=o.match.text,
                                   severity=_severity_of(o.match))
            variant = _case_variant(glossary, occs)
            if variant is not None:
                case_groups[(variant.concept_id, variant.match.term.text, variant.match.text)].append(variant)
    yield from _case_findings(case_groups)


def _case_findings(groups: dict[tuple, list[Occurrence]]) -> Iterable[Finding]:
    for (cid, term_text, surface), occs in sorted(groups.items()):
        n = len(occs)
        yield make_finding(
            "term.deprecated",
            f"write '{term_text}' with its capitals; '{surface}' is a case variant"
            + (f" ({n} occurrences)" if n > 1 else ""),
            [_loc(o) for o in occs], expected=term_text, found=surface, severity=Severity.MINOR)


def _deprecated_monolingual(ctx, index) -> Iterable[Finding]:
    glossary = index.glossary
    for doc_occs, doc_all in zip(index.documents, index.documents_all):
        # the same concept in another language part of the document: the cross-check
        elsewhere: dict[str, dict[str, Occurrence]] = defaultdict(dict)
        for o in doc_occs:
            if o.match.approved and o.match.kind in STRICT_KINDS and glossary.is_specific(o.concept_id) \
                    and (o.match.case_ok or not o.match.term.case_sensitive):
                elsewhere[o.concept_id].setdefault(o.match.lang, o)
        case_groups: dict[tuple, list[Occurrence]] = defaultdict(list)
        for occs in by_span(doc_occs).values():
            for o, others in _deprecated_hits(glossary, occs):
                if others:
                    continue  # right in some contexts; one language alone cannot tell
                msg, rep = _deprecated_message(glossary, o.match)
                locs = [_loc(o)]
                other = next((x for lang, x in elsewhere.get(o.concept_id, {}).items()
                              if lang != o.match.lang), None) or _related_elsewhere(glossary, o, rep, elsewhere)
                if other is not None:
                    msg += (f" (the {other.match.lang} part names the same concept: "
                            f"'{other.match.text}', line {other.segment.origin.line_start})")
                    locs.append(_loc(other))
                yield make_finding("term.deprecated", msg, locs, expected=rep, found=o.match.text,
                                   severity=_severity_of(o.match))
            variant = _case_variant(glossary, occs)
            if variant is not None:
                case_groups[(variant.concept_id, variant.match.term.text, variant.match.text)].append(variant)
        yield from _case_findings(case_groups)


def _related_elsewhere(glossary, o: Occurrence, replacement: str,
                       elsewhere: dict[str, dict[str, Occurrence]]) -> Occurrence | None:
    """The other language part names a broader concept that the replacement contains:
    'Verdrag van de Raad van Europa' (Council of Europe Convention) for the forbidden
    'Convention of the European Council against trafficking...', whose Dutch title the
    document interrupts with a date."""
    wanted = replacement.casefold()
    best: tuple[int, Occurrence] | None = None
    for cid, by_lang in elsewhere.items():
        other = next((x for lang, x in by_lang.items() if lang != o.match.lang), None)
        if other is None:
            continue
        for term in glossary.approved(cid, o.match.lang):
            text = term.text.casefold()
            if len(tokenize(text)) >= 2 and text in wanted and (best is None or len(text) > best[0]):
                best = (len(text), other)
    return best[1] if best else None


# -- term.inconsistent ---------------------------------------------------------------------
def _generic_use(m: TermMatch) -> bool:
    """'raad' for the case-sensitive 'Raad': a common noun (raad van bestuur), not the institution."""
    return m.term.case_sensitive and not m.case_ok and m.text == m.text.lower() and m.term.text != m.term.text.lower()


def _rendering_label(o: Occurrence) -> str:
    """The approved term used; for a case-sensitive term written with other capitals, the spelling."""
    m = o.match
    if not m.term.case_sensitive or m.case_ok:
        return m.term.text
    return " ".join(m.text.split())


def _comparable(renderings: dict[str, Tally]) -> dict[str, Tally]:
    """Drop renderings that are not real alternatives: acronyms, short forms and plural entries.

    'Raad' next to 'Raad van de Europese Unie', 'CEDAW' next to the full title, or 'children'
    next to 'child' are the normal life of a term, not an inconsistency.
    """
    words = {label: tuple(t.fold for t in tokenize(r.term_text)) for label, r in renderings.items()}
    stems = {label: tuple(stem(w, r.lang) for w in words[label]) for label, r in renderings.items()}
    keep: dict[str, Tally] = {}
    for label, r in renderings.items():
        if r.term_status != "preferred" and label == r.term_text and not any(
                other != label and _spelling_variants(other, label) for other in renderings):
            continue  # an admitted synonym or short form, not a variant spelling
        if len(words[label]) == 1 and r.term_text.isupper():
            continue
        inside_other = any(other != label and renderings[other].term_text != r.term_text
                           and _contains(words[other], words[label]) for other in renderings)
        if inside_other:
            continue
        same_stems = any(other != label and renderings[other].term_text != r.term_text
                         and _same_word_forms(stems[other], stems[label])
                         and renderings[other].count >= r.count for other in renderings)
        if same_stems:
            continue
        keep[label] = r
    return keep


def _spelling_variants(a: str, b: str) -> bool:
    """organised crime / organized crime: same words, one or two letters apart."""
    return len(tokenize(a)) == len(tokenize(b)) and Levenshtein.ratio(fold(a), fold(b)) >= 0.9


def _same_word_forms(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """child/children, kind/kinderen: listed separately, one word in two forms."""
    return len(a) == len(b) and all(x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))
                                    for x, y in zip(a, b))


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return len(outer) > n and any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def _capped(tallies: Iterable[Tally], cap: int | None) -> dict:
    """Say so in ``extra`` when a streamed run listed only the first locations of a rendering."""
    return {"locations_per_rendering": cap} if any(t.count > len(t.places) for t in tallies) else {}


def _inconsistency(glossary, cid: str, lang: str, renderings: dict[str, Tally], where: str,
                   cap: int | None = None) -> Finding | None:
    """``renderings`` in order of first use: equal counts list the earlier rendering first."""
    renderings = _comparable(renderings)
    if len(renderings) < 2:
        return None
    counts = Counter({label: r.count for label, r in renderings.items()})
    preferred = _label(glossary, cid, lang)
    top = preferred if preferred in counts else counts.most_common(1)[0][0]
    parts = ", ".join(f"'{label}' {n}x" for label, n in counts.most_common())
    locs = [loc for label, _ in counts.most_common() for loc in renderings[label].locations]
    return make_finding(
        "term.inconsistent",
        f"{where} rendered in {len(counts)} ways: {parts}; use one (preferred: '{preferred}')",
        locs, expected=top, found=" | ".join(sorted(label for label in counts if label != top)),
        extra={"concept": cid, "counts": dict(counts), **_capped(renderings.values(), cap)})


def _occurrence_tally(occs: list[Occurrence]) -> Tally:
    m = occs[0].match
    return Tally(len(occs), (0, 0), m.term.text, m.term.status.value, m.lang,
                 [((0, i), _loc(o)) for i, o in enumerate(occs)])


@register("term.inconsistent", "Terminology", "minor",
          "One glossary concept is rendered in different ways (terms, capitals) across the document set, "
          "or one rendering stands for different source concepts",
          subcategory="Inconsistent use")
def check_inconsistent(ctx) -> Iterable[Finding]:
    index = term_index(ctx)
    glossary = index.glossary
    if ctx.mode == "monolingual":
        for doc_occs in index.documents:
            per: dict[tuple[str, str], dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
            for occs in by_span(doc_occs).values():
                best = min(occs, key=lambda o: closeness(o.match))
                if best.match.approved and best.match.kind in STRICT_KINDS and glossary.is_specific(best.concept_id) \
                        and not _generic_use(best.match) \
                        and len({o.concept_id for o in occs if o.match.approved}) == 1:
                    per[(best.concept_id, best.match.lang)][_rendering_label(best)].append(best)
            for (cid, lang), renderings in sorted(per.items()):
                tallies = {label: _occurrence_tally(occs) for label, occs in renderings.items()}
                f = _inconsistency(glossary, cid, lang, tallies, f"'{_label(glossary, cid, lang)}' ({lang})")
                if f:
                    yield f
        return
    # bilingual: rows of the whole context, tallied in memory (a streamed run tallies the rows
    # of every chunk in one corpus-wide table instead: align.scale.driver)
    table = RenderingTable(max_rows=sys.maxsize, cap=None)
    table.add_rows(rendering_rows(ctx))
    yield from rendering_findings(table, glossary, ctx.source_lang, ctx.target_lang)


def rendering_rows(ctx, positions: Sequence[int] | None = None) -> list[RenderingRow]:
    """Bilingual ``term.inconsistent``, step one: each approved target term that renders a
    concept the source names, as a plain row. ``positions[i]`` is the corpus position of
    ``ctx.pairs[i]`` (default: ``i``), which orders rows across the shards of a corpus."""
    index = term_index(ctx)
    glossary = index.glossary
    min_conf = _min_confidence(ctx)
    rows: list[RenderingRow] = []
    for i, pt in enumerate(index.pairs):
        if pt.pair.confidence < min_conf:
            continue
        unit = positions[i] if positions is not None else i
        src = {o.concept_id: o for o in pt.source if detects(o.match, glossary)}
        for seq, occs in enumerate(by_span(pt.target).values()):
            best = min(occs, key=lambda o: closeness(o.match))
            if not best.match.approved or best.match.kind not in STRICT_KINDS or _generic_use(best.match):
                continue
            readings = {o.concept_id for o in occs if o.match.approved}
            hit = [c for c in readings if c in src]
            if len(hit) == 1:
                target_occ = next(o for o in occs if o.concept_id == hit[0])
                term = target_occ.match.term
                rows.append(RenderingRow((unit, seq), hit[0], _rendering_label(target_occ), term.text,
                                         term.status.value, target_occ.match.lang, _loc(target_occ),
                                         _loc(src[hit[0]])))
    return rows


def rendering_findings(table: RenderingTable, glossary, source_lang: str, target_lang: str) -> Iterator[Finding]:
    """Bilingual ``term.inconsistent``, step two: one finding per concept rendered in several
    ways, then one per preferred rendering that stands for several source concepts."""
    for cid, labels in table.grouped(BY_CONCEPT):
        f = _inconsistency(glossary, cid, target_lang, dict(labels), f"'{_label(glossary, cid, source_lang)}'",
                           table.cap)
        if f:
            yield f
    for rendering, concepts in table.grouped(BY_RENDERING):
        # only a term preferred for each of the concepts: shared admitted words are by design
        kept = {c: t for c, t in concepts
                if any(term.text.casefold() == rendering and term.status is TermStatus.PREFERRED
                       for term in glossary.approved(c, target_lang))}
        if len(kept) < 2:
            continue
        parts = ", ".join(f"'{_label(glossary, c, source_lang)}' {t.count}x" for c, t in kept.items())
        locs = [loc for t in kept.values() for loc in t.locations]
        yield make_finding("term.inconsistent",
                           f"'{rendering}' renders {len(kept)} different source concepts: {parts}",
                           locs, expected="", found=rendering,
                           extra={"concepts": sorted(kept), **_capped(kept.values(), table.cap)})


# -- term.near-miss ------------------------------------------------------------------------
@register("term.near-miss", "Terminology", "major",
          "Text that nearly matches an approved term or official title (typo, inserted or swapped words)",
          subcategory="Wrong term")
def check_near_miss(ctx) -> Iterable[Finding]:
    index = term_index(ctx)
    glossary = index.glossary
    if ctx.mode == "monolingual":
        for doc_occs, doc in zip(index.documents, ctx.documents):
            yield from _near_miss_findings(glossary, doc_occs, list(doc.segments), "document")
        return
    segs = [s for pt in index.pairs for s in pt.pair.target]
    occs = [o for pt in index.pairs for o in pt.target]
    yield from _near_miss_findings(glossary, occs, segs, "target")


def _near_miss_findings(glossary, occs: list[Occurrence], segments, side) -> Iterable[Finding]:
    by_seg: dict[str, list[Occurrence]] = defaultdict(list)
    for o in occs:
        by_seg[o.segment.id].append(o)
    seen: set[str] = set()
    for seg in segments:
        if seg.id in seen:
            continue
        seen.add(seg.id)
        for nm in near_misses(glossary, seg.text, seg.lang, [o.match for o in by_seg.get(seg.id, [])]):
            yield make_finding(
                "term.near-miss",
                f"'{nm.text}' looks like a distorted '{nm.term.text}' ({nm.reason}); use the exact "
                f"{'title' if nm.title else 'term'}",
                [location_for(seg, side, nm.span)], expected=nm.term.text, found=nm.text,
                severity=Severity.MAJOR if nm.title and nm.content_changed else Severity.MINOR)
