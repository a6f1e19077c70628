"""One glossary row per term, as every reader produces it, and the rules that turn rows into Concepts.

Readers (CSV/TSV/XLSX/TBX) only parse; :func:`build_concepts` validates and groups, collecting
every problem with its line (row, element) so ``align glossary check`` can list them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from align.errors import GlossaryError
from align.model import Concept, Severity, Term, TermStatus

# The documented columns of CSV/TSV/XLSX glossaries, in writing order.
COLUMNS = ("concept_id", "lang", "term", "status", "case_sensitive", "replacement", "note",
           "domain", "source", "severity")
REQUIRED = ("concept_id", "lang", "term")

STATUS_ALIASES = {
    "preferred": TermStatus.PREFERRED, "preferredterm-admn-sts": TermStatus.PREFERRED,
    "preferredterm": TermStatus.PREFERRED, "pref": TermStatus.PREFERRED,
    "admitted": TermStatus.ADMITTED, "admittedterm-admn-sts": TermStatus.ADMITTED,
    "admittedterm": TermStatus.ADMITTED, "proposed": TermStatus.ADMITTED,
    "deprecated": TermStatus.DEPRECATED, "deprecatedterm-admn-sts": TermStatus.DEPRECATED,
    "deprecatedterm": TermStatus.DEPRECATED, "supersededterm-admn-sts": TermStatus.DEPRECATED,
    "supersededterm": TermStatus.DEPRECATED, "superseded": TermStatus.DEPRECATED,
    "obsolete": TermStatus.DEPRECATED,
    "forbidden": TermStatus.FORBIDDEN, "forbiddenterm": TermStatus.FORBIDDEN,
    "forbiddenterm-admn-sts": TermStatus.FORBIDDEN,
}
_TRUE = {"1", "true", "yes", "y", "ja", "x", "cs"}
_FALSE = {"", "0", "false", "no", "n", "nee", "ci"}


@dataclass
class RawRow:
    """A term as read, before validation. ``line`` is a line, row or XML element line."""

    concept_id: str
    lang: str
    term: str
    status: str = "preferred"
    case_sensitive: str = ""
    replacement: str = ""
    note: str = ""
    domain: str = ""
    source: str = ""
    severity: str = ""
    line: int | None = None
    unit: str = "line"
    extra: dict = field(default_factory=dict)


def parse_status(text: str) -> TermStatus | None:
    return STATUS_ALIASES.get(text.strip().lower() or "preferred")


def build_concepts(rows: Iterable[RawRow], path: str, priority: int = 100,
                   strict: bool = True) -> tuple[list[Concept], list[GlossaryError]]:
    """Group rows into Concepts; return the concepts and every problem found.

    Problems: missing concept id or language, empty term, unknown status/severity/flag, the
    same term twice in a concept with different statuses (e.g. preferred and forbidden),
    a concept id used by two separate blocks of rows (a duplicate id), a deprecated or
    forbidden term whose concept has no approved term in that language and no replacement.
    """
    errors: list[GlossaryError] = []
    grouped: dict[str, list[RawRow]] = {}
    last_id: str | None = None
    closed: set[str] = set()
    entries: dict[str, tuple[int, int | None]] = {}
    reported: set[tuple[str, int]] = set()

    def err(msg: str, row: RawRow) -> None:
        errors.append(GlossaryError(msg, path, row.line, row.unit))

    for row in rows:
        cid = row.concept_id.strip()
        if not cid:
            err("missing concept_id", row)
            continue
        entry_no = row.extra.get("entry") if row.extra else None
        if entry_no is not None:  # XML: one element per concept, so a second element is a duplicate
            first_entry = entries.setdefault(cid, (entry_no, row.line))
            if first_entry[0] != entry_no and (cid, entry_no) not in reported:
                reported.add((cid, entry_no))
                err(f"duplicate concept id {cid!r}: a second entry (the first starts at line {first_entry[1]})", row)
        elif cid != last_id:
            if cid in closed:
                first_line = grouped[cid][0].line if grouped.get(cid) else "?"
                err(f"duplicate concept id {cid!r}: a second block of rows or entry "
                    f"(the first starts at {row.unit} {first_line})", row)
            if last_id is not None:
                closed.add(last_id)
            last_id = cid
        if not row.lang.strip():
            err(f"concept {cid}: missing language", row)
            continue
        if not row.term.strip():
            err(f"concept {cid}: empty term", row)
            continue
        if parse_status(row.status) is None:
            err(f"concept {cid}: unknown status {row.status!r} "
                "(use preferred, admitted, deprecated or forbidden)", row)
            continue
        flag = row.case_sensitive.strip().lower()
        if flag not in _TRUE and flag not in _FALSE:
            err(f"concept {cid}: case_sensitive must be yes or no, not {row.case_sensitive!r}", row)
            continue
        if row.severity.strip():
            try:
                Severity.parse(row.severity)
            except ValueError as exc:
                err(f"concept {cid}: {exc}", row)
                continue
        grouped.setdefault(cid, []).append(row)

    concepts: list[Concept] = []
    for cid, crow in grouped.items():
        terms: dict[str, list[Term]] = {}
        seen: dict[tuple[str, str], tuple[TermStatus, RawRow]] = {}
        for row in crow:
            lang = row.lang.strip().lower().replace("_", "-")
            status = parse_status(row.status)
            text = " ".join(row.term.split())
            key = (lang, text.casefold() if row.case_sensitive.strip().lower() not in _TRUE else text)
            if key in seen:
                prev_status, prev_row = seen[key]
                if prev_status != status and (prev_status.approved != status.approved):
                    err(f"concept {cid}: {text!r} ({lang}) is both {prev_status.value} "
                        f"(line {prev_row.line}) and {status.value}", row)
                elif strict:
                    err(f"concept {cid}: {text!r} ({lang}) listed twice (also line {prev_row.line})", row)
                continue
            seen[key] = (status, row)
            terms.setdefault(lang, []).append(Term(
                text=text, status=status,
                case_sensitive=row.case_sensitive.strip().lower() in _TRUE,
                note=row.note.strip(), replacement=" ".join(row.replacement.split()),
                severity=row.severity.strip().lower()))
        for lang, tlist in terms.items():
            if not any(t.status.approved for t in tlist):
                bad = [t for t in tlist if not t.replacement]
                if bad:
                    first = next(r for r in crow if " ".join(r.term.split()) == bad[0].text)
                    err(f"concept {cid}: {bad[0].text!r} ({lang}) is {bad[0].status.value} but the "
                        "concept has no approved term in that language and the row names no replacement",
                        first)
        first = crow[0]
        concepts.append(Concept(
            id=cid,
            terms={lang: tuple(ts) for lang, ts in terms.items()},
            domain=next((r.domain.strip() for r in crow if r.domain.strip()), ""),
            source=next((r.source.strip() for r in crow if r.source.strip()), "")
            or f"{path}:{first.line}",
            note="",
            priority=priority,
        ))
    errors.sort(key=lambda e: (e.line is None, e.line or 0))
    return concepts, errors
