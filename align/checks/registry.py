"""The single list of checks.

A check is a pure function ``(CheckContext) -> Iterable[Finding]`` registered with
``@register(id, category, severity, description)`` in any module of ``align.checks``; modules
are discovered, so adding a check means adding one function.
"""
from __future__ import annotations

import hashlib
import importlib
import pkgutil
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from align.model import AlignedPair, Document, Finding, Location, Severity


@dataclass(frozen=True)
class CheckSpec:
    id: str
    category: str  # MQM dimension
    severity: Severity  # default severity
    description: str  # one line, shown by ``align checks``
    func: Callable[["CheckContext"], Iterable[Finding]]
    subcategory: str = ""
    modes: tuple[str, ...] = ("bilingual", "monolingual")


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at. Checks never read files.

    ``pairs`` are the aligned beads (empty in monolingual mode); ``documents`` are every input
    document (source first); ``glossary`` is an ``align.terms`` Glossary or None;
    ``annotations`` lets the pipeline share work (term matches, parsed references) between
    checks, keyed by name.
    """

    mode: str  # "bilingual" | "monolingual"
    pairs: tuple[AlignedPair, ...]
    documents: tuple[Document, ...]
    source_lang: str
    target_lang: str
    glossary: Any = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    annotations: Mapping[str, Any] = field(default_factory=dict)


_REGISTRY: dict[str, CheckSpec] = {}
_DISCOVERED = False


def register(check_id: str, category: str, severity: Severity | str, description: str,
             subcategory: str = "", modes: Sequence[str] = ("bilingual", "monolingual")):
    """Decorator that adds a check to the registry."""
    sev = Severity.parse(severity) if isinstance(severity, str) else severity

    def deco(func):
        if check_id in _REGISTRY and _REGISTRY[check_id].func is not func:
            raise RuntimeError(f"check {check_id} registered twice")
        if not description or "\n" in description:
            raise RuntimeError(f"check {check_id} needs a one-line description")
        _REGISTRY[check_id] = CheckSpec(check_id, category, sev, description, func,
                                        subcategory, tuple(modes))
        return func

    return deco


def discover() -> None:
    """Import every module of align.checks so their @register decorators run."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    import align.checks as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name != "registry" and not info.name.startswith("_"):
            importlib.import_module(f"align.checks.{info.name}")
    _DISCOVERED = True


def all_checks() -> list[CheckSpec]:
    discover()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get(check_id: str) -> CheckSpec:
    discover()
    return _REGISTRY[check_id]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def finding_id(check_id: str, expected: str, found: str, locations: Sequence[Location],
               salt: str = "") -> str:
    """A fingerprint that survives edits elsewhere in the document.

    It depends on the check, what was expected and found, and for each location its side,
    the normalised segment text, the flagged span's text and which occurrence of it in the
    segment is meant; never on line numbers, segment order or file order.
    """
    parts = [check_id, _norm(expected), _norm(found), salt]
    for loc in sorted(locations, key=lambda l: (l.side, _norm(l.text), l.span or (0, 0))):
        flagged = loc.text[loc.span[0]:loc.span[1]] if loc.span else ""
        # which occurrence of the flagged text inside its segment: two hits of one word in a
        # segment stay two findings, and the number does not move when other text moves
        nth = loc.text.count(flagged, 0, loc.span[0]) if flagged else 0
        parts += [loc.side, _norm(loc.text), _norm(flagged), str(nth)]
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{check_id.split('.')[0][:4].upper()}-{digest[:12]}"


def make_finding(check_id: str, message: str, locations: Sequence[Location], expected: str = "",
                 found: str = "", severity: Severity | None = None, salt: str = "",
                 extra: Mapping[str, Any] | None = None) -> Finding:
    """Build a Finding with the registered category/severity and a stable id."""
    spec = get(check_id)
    return Finding(
        id=finding_id(check_id, expected, found, locations, salt),
        check=check_id,
        category=spec.category,
        subcategory=spec.subcategory,
        severity=severity if severity is not None else spec.severity,
        message=message,
        expected=expected,
        found=found,
        locations=tuple(locations),
        extra=tuple(sorted((extra or {}).items())),
    )


def run_checks(ctx: CheckContext, only: Iterable[str] | None = None,
               skip: Iterable[str] = ()) -> list[Finding]:
    """Run the selected checks and return findings in a deterministic order, ids de-duplicated."""
    wanted = set(only) if only else None
    skipped = set(skip)
    findings: dict[str, Finding] = {}
    for spec in all_checks():
        if ctx.mode not in spec.modes or spec.id in skipped:
            continue
        if wanted is not None and spec.id not in wanted and spec.id.split(".")[0] not in wanted:
            continue
        for f in spec.func(ctx):
            findings.setdefault(f.id, f)
    return sort_findings(findings.values())


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    def key(f: Finding):
        loc = f.locations[0] if f.locations else None
        return (loc.file if loc else "", loc.line if loc else 0, -int(f.severity), f.check, f.id)

    return sorted(findings, key=key)
