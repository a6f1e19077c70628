"""Per-concept usage over a check context: what the review workbook's "Terms" sheet lists.

For every glossary concept seen: the source terms found (with counts and locations), every
target rendering (approved or not, with its status, count and locations) and how many source
occurrences have no rendering in their aligned target.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from align.model import Location, location_for
from align.terms.occurrences import Occurrence, by_span, detects, term_index


@dataclass(frozen=True)
class Rendering:
    text: str  # the glossary term used (or the spelling, for a case variant)
    status: str  # preferred | admitted | deprecated | forbidden
    count: int
    locations: tuple[Location, ...]


@dataclass(frozen=True)
class ConceptUsage:
    concept_id: str
    domain: str
    expected: str  # the preferred target-language term
    source_terms: tuple[tuple[str, int], ...]  # (term as found, count)
    source_locations: tuple[Location, ...]
    renderings: tuple[Rendering, ...]
    unrendered: int  # source occurrences whose aligned target has no approved rendering

    @property
    def source_count(self) -> int:
        return sum(n for _, n in self.source_terms)

    def to_json(self) -> dict:
        return {"concept": self.concept_id, "domain": self.domain, "expected": self.expected,
                "source_terms": [{"term": t, "count": n} for t, n in self.source_terms],
                "renderings": [{"text": r.text, "status": r.status, "count": r.count,
                                "locations": [loc.to_json() for loc in r.locations]} for r in self.renderings],
                "unrendered": self.unrendered}


def _label(o: Occurrence) -> str:
    m = o.match
    if m.term.case_sensitive and not m.case_ok and m.text != m.text.lower():
        return " ".join(m.text.split())
    return m.term.text


def _best(occs: list[Occurrence]) -> list[Occurrence]:
    """One reading per span: the deprecated one if it wins, else the approved ones."""
    out = []
    for group in by_span(occs).values():
        out.extend(group)
    return out


def concept_usage(ctx) -> list[ConceptUsage]:
    index = term_index(ctx)
    glossary = index.glossary
    src_terms: dict[str, Counter] = defaultdict(Counter)
    src_locs: dict[str, list[Location]] = defaultdict(list)
    rend: dict[str, dict[tuple[str, str], list[Location]]] = defaultdict(lambda: defaultdict(list))
    unrendered: Counter = Counter()
    tgt_lang = ctx.target_lang
    if ctx.mode == "monolingual":
        for occs in index.documents:
            for o in occs:
                m = o.match
                if m.lang == ctx.source_lang:
                    if detects(m, glossary, general=True) or (m.approved and glossary.is_specific(m.concept_id)):
                        src_terms[m.concept_id][m.text] += 1
                        src_locs[m.concept_id].append(location_for(o.segment, o.side, m.span))
                else:
                    tgt_lang = m.lang
                    rend[m.concept_id][(_label(o), m.term.status.value)].append(
                        location_for(o.segment, o.side, m.span))
    else:
        for pt in index.pairs:
            targets = _best(pt.target)
            rendered = {o.concept_id for o in pt.target_all if o.match.approved}
            for o in pt.source:
                if not detects(o.match, glossary, general=True):
                    continue
                cid = o.concept_id
                src_terms[cid][o.match.text] += 1
                src_locs[cid].append(location_for(o.segment, o.side, o.match.span))
                if cid not in rendered:
                    unrendered[cid] += 1
            for o in targets:
                rend[o.concept_id][(_label(o), o.match.term.status.value)].append(
                    location_for(o.segment, o.side, o.match.span))
    out = []
    for cid in sorted(set(src_terms) | set(rend)):
        concept = glossary.get(cid)
        if concept is None:
            continue
        pref = glossary.preferred(cid, tgt_lang)
        renderings = tuple(sorted(
            (Rendering(text, status, len(locs), tuple(locs)) for (text, status), locs in rend.get(cid, {}).items()),
            key=lambda r: (-r.count, r.text)))
        out.append(ConceptUsage(cid, concept.domain, pref.text if pref else "",
                                tuple(sorted(src_terms[cid].items(), key=lambda kv: (-kv[1], kv[0]))),
                                tuple(src_locs[cid]), renderings, unrendered[cid]))
    return out
