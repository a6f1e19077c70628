"""Reviewers' decisions: the decisions file, importing a workbook, and carrying decisions over.

A decision is keyed by the stable finding id, so it survives edits elsewhere in the text. The
decisions file is plain TSV sorted by id (diffable, mergeable by hand). Nothing a reviewer typed
is ever dropped: writing merges with what is on disk under a lock, and a decision whose finding
disappeared stays in the file and is listed as Gone.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Container, Iterable, Iterator, Mapping, Sequence

from align.errors import InputError
from align.model import Finding, Severity

STATUSES: tuple[str, ...] = ("Open", "Confirmed error", "False positive", "Fixed", "Won't fix")
OPEN = "Open"
FALSE_POSITIVE = "False positive"

MQM_TYPES: tuple[str, ...] = (
    "Terminology", "Terminology / Wrong term", "Terminology / Inconsistent use",
    "Terminology / Inconsistent with termbase",
    "Accuracy", "Accuracy / Mistranslation", "Accuracy / Omission", "Accuracy / Addition",
    "Accuracy / Untranslated",
    "Linguistic conventions", "Linguistic conventions / Grammar",
    "Linguistic conventions / Spelling", "Linguistic conventions / Punctuation",
    "Style", "Locale conventions", "Audience appropriateness", "Design and markup", "Other",
)
SEVERITY_NAMES: tuple[str, ...] = tuple(str(s) for s in Severity)

DECISIONS_FILENAME = "align-decisions.tsv"
DECISIONS_MAGIC = "# align decisions v1"
DECISION_COLUMNS = ("id", "check", "status", "severity", "mqm_type", "reviewer", "date", "comment", "snippet")


@dataclass(frozen=True)
class Decision:
    finding_id: str
    check: str = ""
    status: str = OPEN
    severity: str = ""  # override, "" = keep the check's severity
    mqm_type: str = ""
    reviewer: str = ""
    date: str = ""  # ISO date of the last change
    comment: str = ""
    snippet: str = ""  # a few words of the flagged text so a human can read the file

    def same_content(self, other: "Decision") -> bool:
        return (self.status, self.severity, self.mqm_type, self.reviewer, self.comment) == \
            (other.status, other.severity, other.mqm_type, other.reviewer, other.comment)

    @property
    def is_empty(self) -> bool:
        """An untouched row: Open with nothing typed."""
        return self.status == OPEN and not (self.severity or self.mqm_type or self.comment or self.reviewer)

    def severity_override(self) -> Severity | None:
        return Severity.parse(self.severity) if self.severity else None

    def to_json(self) -> dict:
        return {"status": self.status, "severity": self.severity, "mqm_type": self.mqm_type,
                "reviewer": self.reviewer, "date": self.date, "comment": self.comment}


# ---------------------------------------------------------------- validation of typed values

def _canonical(value: str, allowed: Sequence[str]) -> str | None:
    wanted = " ".join(value.split()).casefold().replace("’", "'")
    for a in allowed:
        if a.casefold() == wanted:
            return a
    return None


def validate_decision(raw: Decision, path: str, line: int, unit: str = "line",
                      where: str = "") -> Decision:
    """Canonicalise status/severity/MQM type or raise an InputError naming the row."""
    status = _canonical(raw.status or OPEN, STATUSES)
    if status is None:
        raise InputError(f"{where}unknown status {raw.status!r}; use one of: {', '.join(STATUSES)}",
                         path, line, unit)
    severity = ""
    if raw.severity:
        severity = _canonical(raw.severity, SEVERITY_NAMES) or ""
        if not severity:
            raise InputError(f"{where}unknown severity override {raw.severity!r}; use one of: "
                             f"{', '.join(SEVERITY_NAMES)}", path, line, unit)
    mqm = ""
    if raw.mqm_type:
        mqm = _canonical(raw.mqm_type, MQM_TYPES) or ""
        if not mqm:
            raise InputError(f"{where}unknown MQM type {raw.mqm_type!r}; use one of the drop-down values "
                             f"({', '.join(MQM_TYPES)})", path, line, unit)
    return replace(raw, status=status, severity=severity, mqm_type=mqm)


# ---------------------------------------------------------------- the decisions file

def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def format_decisions(decisions: Mapping[str, Decision]) -> str:
    lines = [f"{DECISIONS_MAGIC}: one reviewer decision per finding id (written by `align review import`)",
             "\t".join(DECISION_COLUMNS)]
    for fid in sorted(decisions):
        d = decisions[fid]
        row = (d.finding_id, d.check, d.status, d.severity, d.mqm_type, d.reviewer, d.date, d.comment, d.snippet)
        lines.append("\t".join(_escape(v) for v in row))
    return "\n".join(lines) + "\n"


def parse_decisions(text: str, path: str) -> dict[str, Decision]:
    """Parse a decisions file; anything unexpected is an InputError naming the line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or not lines[0].startswith(DECISIONS_MAGIC):
        raise InputError(f"not an align decisions file (first line must start with {DECISIONS_MAGIC!r}); "
                         "refusing to overwrite it", path, 1)
    if len(lines) < 2 or lines[1].rstrip("\r").split("\t") != list(DECISION_COLUMNS):
        raise InputError(f"decisions file header must be: {' TAB '.join(DECISION_COLUMNS)}", path, 2)
    out: dict[str, Decision] = {}
    for n, line in enumerate(lines[2:], start=3):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(DECISION_COLUMNS):
            raise InputError(f"expected {len(DECISION_COLUMNS)} tab-separated fields, found {len(cells)} "
                             "(the decisions file is damaged; fix this line by hand)", path, n)
        values = [_unescape(c) for c in cells]
        if not values[0]:
            raise InputError("decision without a finding id", path, n)
        raw = Decision(*values)
        if raw.finding_id in out:
            raise InputError(f"finding id {raw.finding_id} appears twice", path, n)
        out[raw.finding_id] = validate_decision(raw, path, n)
    return out


def read_decisions_file(path: str | Path) -> dict[str, Decision]:
    """The decisions in a file; an absent file has none."""
    p = Path(path)
    if not p.exists():
        return {}
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read decisions file: {err.strerror}", str(p)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("decisions file is not UTF-8 (damaged?); refusing to overwrite it", str(p)) from None
    return parse_decisions(text, str(p))


def merge_decision(old: Decision | None, new: Decision, today: str) -> Decision:
    """The incoming decision wins field by field when it says something; no comment is lost."""
    if old is None:
        return replace(new, date=new.date or today)
    if new.same_content(old):
        return replace(old, check=new.check or old.check, snippet=new.snippet or old.snippet)
    comment = new.comment
    if old.comment and old.comment not in new.comment:
        comment = f"{new.comment} | earlier: {old.comment}" if new.comment else old.comment
    return Decision(
        finding_id=old.finding_id,
        check=new.check or old.check,
        status=new.status,
        severity=new.severity,
        mqm_type=new.mqm_type or old.mqm_type,
        reviewer=new.reviewer or old.reviewer,
        date=today,
        comment=comment,
        snippet=new.snippet or old.snippet,
    )


def merge_decisions(existing: Mapping[str, Decision], incoming: Iterable[Decision],
                    today: str) -> dict[str, Decision]:
    merged = dict(existing)
    for d in incoming:
        merged[d.finding_id] = merge_decision(merged.get(d.finding_id), d, today)
    return merged


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class MergeResult:
    path: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: int
    total: int


def update_decisions_file(path: str | Path, incoming: Iterable[Decision], today: str | None = None,
                          inputs: Sequence[str | Path] = ()) -> MergeResult:
    """Merge decisions into the file under a lock and write it atomically.

    A damaged file raises InputError before anything is written.
    """
    from align.io.atomic import check_output_path, write_text_atomic

    p = Path(path)
    check_output_path(p, inputs)
    today = today or _dt.date.today().isoformat()
    incoming = list(incoming)
    with _locked(p):
        existing = read_decisions_file(p)
        merged = merge_decisions(existing, incoming, today)
        added = tuple(sorted(k for k in merged if k not in existing))
        changed = tuple(sorted(k for k in merged if k in existing and merged[k] != existing[k]))
        if added or changed or not p.exists():
            write_text_atomic(p, format_decisions(merged), inputs)
    return MergeResult(str(p), added, changed, len(merged) - len(added) - len(changed), len(merged))


# ---------------------------------------------------------------- carrying decisions over

@dataclass(frozen=True)
class PreviousRun:
    """What an earlier run left: decisions, and (from a workbook) the ids it reported."""

    source: str
    decisions: Mapping[str, Decision]
    finding_ids: frozenset[str] | None = None  # None when only a decisions file is known
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id -> (check, snippet)


@dataclass(frozen=True)
class ReviewState:
    decisions: Mapping[str, Decision] = field(default_factory=dict)  # for current findings
    marks: Mapping[str, str] = field(default_factory=dict)  # id -> New | Still open | Seen before
    hidden: tuple[Finding, ...] = ()  # accepted false positives, kept out of the Findings sheet
    gone: tuple[Decision, ...] = ()  # decisions/findings of the previous run not found any more
    sources: tuple[str, ...] = ()  # where the previous decisions came from
    compared: bool = False  # whether a previous run was given
    resembles: Mapping[str, str] = field(default_factory=dict)  # new finding id -> gone decision's id

    def mark_label(self, finding_id: str) -> str:
        """'New', 'Still open', or 'New; like <id> (status)' when an edited text lost a decision."""
        old = self.resembles.get(finding_id)
        gone = next((d for d in self.gone if d.finding_id == old), None) if old else None
        return mark_label(self.marks.get(finding_id, ""), old, gone)

    def status(self, finding_id: str) -> str:
        d = self.decisions.get(finding_id)
        return d.status if d else OPEN

    def statuses(self) -> dict[str, str]:
        return {k: d.status for k, d in self.decisions.items()}

    def severity_overrides(self) -> dict[str, Severity]:
        out = {}
        for k, d in self.decisions.items():
            sev = d.severity_override()
            if sev is not None:
                out[k] = sev
        return out

    def effective_severity(self, finding: Finding) -> Severity:
        d = self.decisions.get(finding.id)
        sev = d.severity_override() if d else None
        return sev if sev is not None else finding.severity

    def all_decisions(self) -> dict[str, Decision]:
        """Every decision known, current and gone: what a new workbook must carry."""
        out = {d.finding_id: d for d in self.gone if not d.is_empty}
        out.update(self.decisions)
        return out


def combine_previous(runs: Sequence[PreviousRun]) -> PreviousRun | None:
    """Several sources (a decisions file and a workbook): later ones win, comments merged."""
    if not runs:
        return None
    decisions: dict[str, Decision] = {}
    ids: set[str] | None = None
    labels: dict[str, tuple[str, str]] = {}
    for r in runs:
        labels.update(r.labels)
        for d in r.decisions.values():
            decisions[d.finding_id] = merge_decision(decisions.get(d.finding_id), d, d.date) \
                if d.finding_id in decisions else d
        if r.finding_ids is not None:
            ids = (ids or set()) | set(r.finding_ids)
    return PreviousRun(" + ".join(r.source for r in runs), decisions,
                       frozenset(ids) if ids is not None else None, labels)


def mark_label(mark: str, resembled: str | None = None, gone: Decision | None = None) -> str:
    """The 'Since last run' text: the mark, plus the gone decision a new finding probably replaces."""
    if resembled:
        return f"{mark}; like {resembled}" + (f" ({gone.status})" if gone is not None else "")
    return mark


def mark_for(finding_id: str, previous: PreviousRun) -> str:
    """New / Still open against a previous workbook; Seen before (or nothing) against a decisions file."""
    if previous.finding_ids is not None:
        return "Still open" if finding_id in previous.finding_ids else "New"
    return "Seen before" if finding_id in previous.decisions else ""


def carried_decision(finding_id: str, previous: PreviousRun) -> Decision | None:
    """The previous decision that applies to a current finding (an untouched row carries nothing)."""
    d = previous.decisions.get(finding_id)
    return d if d is not None and not d.is_empty else None


def gone_since(previous: PreviousRun, current: Container[str]) -> tuple[Decision, ...]:
    """Decisions and reported findings of the previous run that this run did not find, sorted by id."""
    gone_ids = {fid for fid in previous.decisions if fid not in current}
    if previous.finding_ids is not None:
        gone_ids.update(fid for fid in previous.finding_ids if fid not in current)
    return tuple(previous.decisions.get(fid) or Decision(fid, **_label(previous, fid)) for fid in sorted(gone_ids))


def apply_previous(findings: Sequence[Finding], previous: PreviousRun | None) -> ReviewState:
    """Carry decisions over by id, mark New/Still open, hide accepted false positives, list Gone."""
    if previous is None:
        return ReviewState()
    current = {f.id for f in findings}
    decisions = {f.id: d for f in findings if (d := carried_decision(f.id, previous)) is not None}
    marks = {f.id: mark_for(f.id, previous) for f in findings}
    hidden = tuple(f for f in findings if decisions.get(f.id) and decisions[f.id].status == FALSE_POSITIVE)
    gone = gone_since(previous, current)
    new = [f for f in findings if marks.get(f.id) == "New"]
    return ReviewState(decisions, marks, hidden, gone, tuple(previous.source.split(" + ")), True,
                       resembling_decisions(new, gone))


def resembling_decisions(new: Sequence[Finding], gone: Sequence[Decision],
                         threshold: float = 0.75) -> dict[str, str]:
    """Pair new findings with gone decisions of the same check whose snippet is nearly the same.

    An edit anywhere in a segment changes the ids of all its findings; this points the reviewer
    at the decision that was probably about the same thing. It is a hint only: nothing is applied.
    """
    import difflib

    out: dict[str, str] = {}
    taken: set[str] = set()
    candidates = [d for d in gone if not d.is_empty and d.snippet]
    # one matcher per gone snippet (its index is built once); the cheap upper bounds skip most pairs
    matchers = {d.finding_id: difflib.SequenceMatcher(None, "", d.snippet, autojunk=False) for d in candidates}
    for f in new:
        snippet = snippet_of(f)
        best, best_ratio = None, threshold
        for d in candidates:
            if d.finding_id in taken or (d.check and d.check != f.check):
                continue
            matcher = matchers[d.finding_id]
            matcher.set_seq1(snippet)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = d, ratio
        if best is not None:
            out[f.id] = best.finding_id
            taken.add(best.finding_id)
    return out


def _label(previous: PreviousRun, fid: str) -> dict:
    check, snippet = previous.labels.get(fid, ("", ""))
    return {"check": check, "snippet": snippet}


def snippet_of(finding: Finding, width: int = 60) -> str:
    """A few words around the flagged span of the first location, on one line."""
    for loc in sorted(finding.locations, key=lambda l: l.span is None):  # flagged text first
        text = loc.text
        if loc.span:
            start, end = loc.span
            left = max(0, start - 20)
            text = loc.text[left:max(end, start) + 30]
            text = ("…" if left > 0 else "") + text
        text = " ".join(text.split())
        if text:
            return text if len(text) <= width else text[: width - 1] + "…"
    return " ".join((finding.found or finding.message).split())[:width]


def load_previous(path: str | Path) -> PreviousRun:
    """A previous review workbook (.xlsx) or a decisions file."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        from align.report.xlsx import read_review_workbook

        wb = read_review_workbook(p)
        return PreviousRun(str(p), wb.all_decisions(), frozenset(wb.finding_ids), dict(wb.labels))
    if not p.exists():
        raise InputError("previous decisions file does not exist", str(p))
    return PreviousRun(str(p), read_decisions_file(p), None)


def default_decisions_path(inputs: Sequence[str], workbook: str | Path | None = None) -> Path:
    """``align-decisions.tsv`` next to the first input (or next to the workbook if that is gone)."""
    if inputs:
        first = Path(inputs[0])
        if first.parent.is_dir():
            return first.parent / DECISIONS_FILENAME
    base = Path(workbook).parent if workbook else Path(".")
    return base / DECISIONS_FILENAME
