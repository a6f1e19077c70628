"""The reference index: every act, OJ citation, Council document and identifier cited in a set
of documents, with its forms per language, dates, locations and the disagreements between its
citations. Works without sentence alignment, so a Dutch body and an English annex (or two
separate documents) cross-check each other act by act."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

from align.model import Document, Location, Reference, Segment, location_for
from align.refs import find_references
from align.refs.compare import Located, series_problems
from align.refs.render import TYPE_FAMILY, act_number, author_name, label, type_name

INDEXED_KINDS = ("act", "oj", "council-doc", "celex", "ecli")


@dataclass(frozen=True)
class Occurrence:
    ref: Reference
    segment: Segment
    document: str

    @property
    def lang(self) -> str:
        return self.segment.lang

    def location(self, side: str = "document") -> Location:
        return location_for(self.segment, side, self.ref.span)


@dataclass(frozen=True)
class Disagreement:
    """One citation that disagrees with the others of the same entry on one attribute."""

    attribute: str  # type | series | author | date | page | codes | suffix
    check: str  # the check that reports it (ref.type, ref.series, ...)
    message: str
    expected: str
    found: str
    occurrences: tuple[Occurrence, ...]  # the odd citation first, then one that has ``expected``
    minor: bool = False

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class IndexEntry:
    key: str
    kind: str
    label: str
    forms: tuple[tuple[str, tuple[str, ...]], ...]  # (lang, distinct written forms)
    dates: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    disagreements: tuple[Disagreement, ...] = ()

    @property
    def locations(self) -> tuple[Location, ...]:
        return tuple(o.location() for o in self.occurrences)

    def forms_in(self, lang: str) -> tuple[str, ...]:
        return dict(self.forms).get(lang, ())

    def to_row(self) -> dict[str, Any]:
        """A flat row for spreadsheets and JSON: one column per language form."""
        row: dict[str, Any] = {"kind": self.kind, "key": self.key, "label": self.label}
        for lang, forms in self.forms:
            row[f"forms_{lang}"] = " | ".join(forms)
        row["dates"] = ", ".join(self.dates)
        row["count"] = len(self.occurrences)
        row["locations"] = "; ".join(sorted({f"{o.segment.origin.file}:{o.segment.origin.line_start}"
                                              for o in self.occurrences}))
        row["disagreements"] = " | ".join(d.message for d in self.disagreements)
        return row


def _identity(ref: Reference) -> str:
    if ref.kind == "act":
        return "act:" + ref.part("identity")
    if ref.kind == "oj" and ref.part("form") != "notice":
        date = ref.part("date") or ""
        return f"oj:{ref.part('series')}:{ref.part('issue') or ref.part('number')}:{date[:4]}"
    if ref.kind == "council-doc":
        return "council-doc:" + ref.part("number")
    return ref.key


def occurrences(documents: Sequence[Document]) -> list[Occurrence]:
    out: list[Occurrence] = []
    for doc in documents:
        for seg in doc.segments:
            for ref in find_references(seg.text, seg.lang):
                if ref.kind in INDEXED_KINDS:
                    out.append(Occurrence(ref, seg, doc.path))
    return out


def _act_value(ref: Reference, attribute: str):
    if attribute == "type":
        return ref.part("type")
    if attribute == "series":
        return tuple(sorted(ref.part("domains") or ())) or None
    if attribute == "author":
        return ref.part("author")
    if attribute == "date":
        return ref.part("date")
    return None


def _describe(attribute: str, value, occ: Occurrence) -> str:
    ref, lang = occ.ref, occ.lang
    if attribute == "type":
        return type_name(value, lang)
    if attribute == "series":
        return act_number(ref, lang)
    if attribute == "author":
        return ref.part("author_text") or author_name(value, lang)
    if attribute == "date":
        return f"{ref.part('date_text')} ({value})" if ref.part("date_text") else str(value)
    return str(value)


def _expected(attribute: str, value, like: Occurrence, odd: Occurrence) -> str:
    """The expected value written as the odd citation's language writes it."""
    lang = odd.lang
    if attribute == "type":
        return type_name(value, lang)
    if attribute == "series":
        return act_number(like.ref, lang)
    if attribute == "author":
        return author_name(value, lang)
    return str(value)


CHECK_OF = {"type": "ref.type", "series": "ref.series", "author": "ref.author", "date": "ref.date",
            "page": "ref.oj", "oj-date": "ref.oj", "codes": "ref.council-doc"}


def _attribute_disagreements(entry_label: str, occs: Sequence[Occurrence], attribute: str, value_of) -> list[Disagreement]:
    groups: dict[Any, list[Occurrence]] = defaultdict(list)
    order: dict[Any, int] = {}  # value -> position of its first citation
    for i, occ in enumerate(occs):
        value = value_of(occ.ref, attribute)
        if value not in (None, "", ()):
            groups[value].append(occ)
            order.setdefault(value, i)
    if len(groups) < 2:
        return []
    # the majority wins; on a tie, the value cited first (the body before the annex, the source)
    expected = max(groups, key=lambda v: (len(groups[v]), -order[v]))
    like = groups[expected][0]
    out: list[Disagreement] = []
    for value, members in groups.items():
        if value == expected:
            continue
        minor = attribute == "type" and TYPE_FAMILY.get(value, value) == TYPE_FAMILY.get(expected, expected)
        for odd in members:
            exp_text = _expected(attribute, expected, like, odd)
            out.append(Disagreement(
                attribute, CHECK_OF[attribute],
                f"{entry_label}: {attribute} '{_describe(attribute, value, odd)}' ({odd.lang}, "
                f"{odd.segment.origin.file}:{odd.segment.origin.line_start}) disagrees with "
                f"'{_describe(attribute, expected, like)}' ({like.lang}, {like.segment.origin.file}:"
                f"{like.segment.origin.line_start}); expected '{exp_text}'",
                exp_text, _describe(attribute, value, odd), (odd, like), minor))
    return out


def _oj_value(ref: Reference, attribute: str):
    if attribute == "page":
        return ref.part("page")
    if attribute == "oj-date":
        date = ref.part("date") or ""
        return date if len(date) == 10 else None
    return None


def _codes_value(ref: Reference, attribute: str):
    return ref.part("codes") or None


def _fit_signature(ref: Reference) -> tuple[Any, Any]:
    """What an unnumbered citation must share with a numbered act to join it: date and type family."""
    act_type = ref.part("type")
    return ref.part("date"), TYPE_FAMILY.get(act_type, act_type)


def _merge_unnumbered(groups: dict[str, list[Occurrence]]) -> None:
    """``Council Framework Decision of 19 July 2002`` joins 2002/629/JHA when only one act fits.

    Numbered acts are indexed by (date, type family) so each unnumbered citation is one lookup,
    not a scan of every numbered occurrence (that scan was quadratic on large corpora)."""
    acts_by_signature: dict[tuple[Any, Any], set[str]] = defaultdict(set)
    unnumbered: list[str] = []
    for key, occs in groups.items():
        if not key.startswith("act:"):
            continue
        if occs[0].ref.part("form") == "unnumbered":
            unnumbered.append(key)
        else:
            for occ in occs:
                acts_by_signature[_fit_signature(occ.ref)].add(key)
    for key in unnumbered:
        fits = acts_by_signature.get(_fit_signature(groups[key][0].ref), ())
        if len(fits) == 1:
            (target,) = fits
            merged = groups.pop(key)
            groups[target] += merged
            # the merged citations now belong to the target act and can make it fit later ones
            for occ in merged:
                acts_by_signature[_fit_signature(occ.ref)].add(target)


def build_index(documents: Sequence[Document]) -> list[IndexEntry]:
    """Every cited act, OJ citation, Council document and identifier, grouped by value."""
    groups: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in occurrences(documents):
        groups[_identity(occ.ref)].append(occ)
    _merge_unnumbered(groups)
    entries: list[IndexEntry] = []
    for ident, occs in groups.items():
        kind = occs[0].ref.kind
        # most complete citation wins; on a tie the one cited first
        _, best = max(enumerate(occs), key=lambda io: (io[1].ref.part("form") != "unnumbered",
                                                       io[1].ref.part("type") is not None,
                                                       io[1].lang == "en", -io[0]))
        key = best.ref.key
        entry_label = label(best.ref, "en")
        forms: dict[str, list[str]] = defaultdict(list)
        for o in occs:
            text = " ".join(o.ref.text.split())
            if text not in forms[o.lang]:
                forms[o.lang].append(text)
        dates = sorted({o.ref.part("date") for o in occs if o.ref.part("date")})
        problems: list[Disagreement] = []
        if kind == "act":
            numbered = [o for o in occs if o.ref.part("form") != "unnumbered"]
            for attribute in ("type", "series", "author", "date"):
                pool = numbered if attribute == "series" else occs
                problems += _attribute_disagreements(entry_label, pool, attribute, _act_value)
            for o in occs:
                for d in series_problems(Located(o.ref, o.segment, "document")):
                    problems.append(Disagreement("suffix", d.check, d.message, d.expected, d.found, (o,)))
        elif kind == "oj":
            for attribute in ("page", "oj-date"):
                problems += _attribute_disagreements(entry_label, occs, attribute, _oj_value)
        elif kind == "council-doc":
            problems += _attribute_disagreements(entry_label, occs, "codes", _codes_value)
        entries.append(IndexEntry(key, kind, entry_label, tuple((k, tuple(v)) for k, v in sorted(forms.items())),
                                  tuple(dates), tuple(occs), tuple(problems)))
    kind_order = {k: i for i, k in enumerate(INDEXED_KINDS)}
    entries.sort(key=lambda e: (kind_order.get(e.kind, 9), e.key))
    return entries
