"""Plain data shared by every layer: readers produce it, the core transforms it, reports print it.

Everything here is frozen so that the core stays pure: a function that wants to change a
Document returns a new one (``dataclasses.replace``).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass(frozen=True)
class Origin:
    """Where a piece of text came from, so a reviser can find it in the input.

    ``line_start``/``line_end`` are 1-based and inclusive: lines for text and XML, rows for
    spreadsheets (``unit`` says which), paragraph numbers for DOCX. ``page`` is set for PDF.
    """

    file: str
    line_start: int
    line_end: int
    page: int | None = None
    unit: str = "line"  # "line" | "row" | "paragraph"

    def label(self) -> str:
        where = f"{self.line_start}" if self.line_start == self.line_end else f"{self.line_start}-{self.line_end}"
        prefix = f"p. {self.page}, " if self.page is not None else ""
        return f"{self.file}:{prefix}{self.unit} {where}" if self.unit != "line" or prefix else f"{self.file}:{where}"


@dataclass(frozen=True)
class Paragraph:
    """A unit of layout rebuilt from the input: body text, heading, bullet, list item, footnote."""

    id: str
    text: str
    lang: str
    origin: Origin
    kind: str = "body"  # body | heading | bullet | list | footnote | title
    footnotes: tuple[str, ...] = ()  # ids of footnote paragraphs whose mark sits in this text


@dataclass(frozen=True)
class Segment:
    """A sentence of a document, or one side of a TMX/XLIFF/table unit."""

    id: str
    text: str
    lang: str
    origin: Origin
    paragraph: int = 0  # index into Document.paragraphs (0 for bilingual-file units)


@dataclass(frozen=True)
class Removed:
    """A record of what normalisation took out or changed, so nothing disappears silently.

    kind: ``furniture`` (page header, annex/DG line, separator), ``hyphen-joined``
    (``mensen-`` + ``handel``), ``hyphen-kept`` (``EU-`` + ``plan``), ``footnote-mark``,
    ``footnote`` (moved out of the body).
    """

    kind: str
    text: str
    origin: Origin
    detail: str = ""


@dataclass(frozen=True)
class Document:
    path: str
    lang: str  # dominant language ("nl", "en", ...) or "mul" for mixed documents
    segments: tuple[Segment, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    removed: tuple[Removed, ...] = ()
    encoding: str = "utf-8"
    meta: tuple[tuple[str, str], ...] = ()  # free key/value facts (format, tool, ...)

    def languages(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for seg in self.segments:
            seen.setdefault(seg.lang, None)
        return tuple(seen)


@dataclass(frozen=True)
class Link:
    """One bead: source segment indexes -> target segment indexes (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class AlignedPair:
    """A bead with its segments resolved: what checks iterate over."""

    index: int
    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    confidence: float

    @property
    def source_text(self) -> str:
        return " ".join(s.text for s in self.source)

    @property
    def target_text(self) -> str:
        return " ".join(s.text for s in self.target)


@dataclass(frozen=True)
class Bitext:
    source: Document
    target: Document
    links: tuple[Link, ...]

    def pairs(self) -> Iterator[AlignedPair]:
        src, tgt = self.source.segments, self.target.segments
        for i, link in enumerate(self.links):
            yield AlignedPair(
                i,
                tuple(src[k] for k in link.source),
                tuple(tgt[k] for k in link.target),
                link.confidence,
            )


class TermStatus(str, enum.Enum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"

    @property
    def approved(self) -> bool:
        return self in (TermStatus.PREFERRED, TermStatus.ADMITTED)


@dataclass(frozen=True)
class Term:
    text: str
    status: TermStatus = TermStatus.PREFERRED
    case_sensitive: bool = False
    note: str = ""  # context note: when this rendering is right or wrong
    replacement: str = ""  # for deprecated/forbidden: the rendering to use instead
    severity: str = ""  # optional override of the finding severity for this rendering


@dataclass(frozen=True)
class Concept:
    id: str
    terms: dict[str, tuple[Term, ...]]  # lang -> terms
    domain: str = ""
    source: str = ""  # which glossary file (and line) it came from
    note: str = ""
    priority: int = 0  # higher wins when glossaries overlap (curated > general)

    def __hash__(self) -> int:  # dict field: hash by id
        return hash(self.id)


@dataclass(frozen=True)
class Reference:
    """A legal reference found in text. ``key`` is language-neutral (``act:FD:2002/629:JHA``)."""

    kind: str  # act | oj | council-doc | article | celex | ecli | date | number
    key: str
    text: str
    span: tuple[int, int]
    parts: tuple[tuple[str, Any], ...] = ()

    def part(self, name: str, default: Any = None) -> Any:
        for k, v in self.parts:
            if k == name:
                return v
        return default


class Severity(enum.IntEnum):
    NEUTRAL = 0
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use neutral, minor, major or critical)") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    side: str  # "source" | "target" | "document"
    file: str
    line: int
    segment: str  # segment id
    lang: str
    text: str
    span: tuple[int, int] | None = None  # character range in ``text``
    page: int | None = None
    unit: str = "line"  # what ``line`` counts, from Origin.unit: "row", "paragraph" (DOCX)...

    def to_json(self) -> dict:
        out = {
            "side": self.side,
            "file": self.file,
            "line": self.line,
            "segment": self.segment,
            "lang": self.lang,
            "text": self.text,
            "span": list(self.span) if self.span is not None else None,
        }
        if self.page is not None:
            out["page"] = self.page
        if self.unit != "line":
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class Finding:
    id: str
    check: str
    category: str  # MQM dimension, e.g. "Terminology", "Accuracy"
    severity: Severity
    message: str
    expected: str = ""
    found: str = ""
    locations: tuple[Location, ...] = ()
    subcategory: str = ""  # MQM subtype, e.g. "Wrong term"
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def to_json(self) -> dict:
        out = {
            "id": self.id,
            "check": self.check,
            "category": self.category,
            "subcategory": self.subcategory,
            "severity": str(self.severity),
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "locations": [loc.to_json() for loc in self.locations],
        }
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


def location_for(segment: Segment, side: str, span: tuple[int, int] | None = None) -> Location:
    """The Location of a span inside a segment (the usual way checks point at text)."""
    return Location(
        side=side,
        file=segment.origin.file,
        line=segment.origin.line_start,
        segment=segment.id,
        lang=segment.lang,
        text=segment.text,
        span=span,
        page=segment.origin.page,
        unit=segment.origin.unit,
    )
