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
    for occ in occs:
        value = value_of(occ.ref, attribute)
        if value not in (None, "", ()):
            groups[value].append(occ)
    if len(groups) < 2:
        return []
    # the majority wins; on a tie, the value cited first (the body before the annex, the source)
    order = {value: min(i for i, o in enumerate(occs) if o in members) for value, members in groups.items()}
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


def _merge_unnumbered(groups: dict[str, list[Occurrence]]) -> None:
    """``Council Framework Decision of 19 July 2002`` joins 2002/629/JHA when only one act fits."""
    numbered = [(k, v) for k, v in groups.items() if k.startswith("act:") and v[0].ref.part("form") != "unnumbered"]
    for key in [k for k, v in groups.items() if k.startswith("act:") and v[0].ref.part("form") == "unnumbered"]:
        ref = groups[key][0].ref
        fits = [k for k, v in numbered
                if any(o.ref.part("date") == ref.part("date") and
                       TYPE_FAMILY.get(o.ref.part("type"), o.ref.part("type")) ==
                       TYPE_FAMILY.get(ref.part("type"), ref.part("type")) for o in v)]
        if len(fits) == 1:
            groups[fits[0]] += groups.pop(key)


def build_index(documents: Sequence[Document]) -> list[IndexEntry]:
    """Every cited act, OJ citation, Council document and identifier, grouped by value."""
    groups: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in occurrences(documents):
        groups[_identity(occ.ref)].append(occ)
    _merge_unnumbered(groups)
    entries: list[IndexEntry] = []
    for ident, occs in groups.items():
        kind = occs[0].ref.kind
        best = max(occs, key=lambda o: (o.ref.part("form") != "unnumbered", o.ref.part("type") is not None,
                                         o.lang == "en", -occs.index(o)))
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
