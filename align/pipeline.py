"""``align check`` as a function: read -> (pair) -> run every registered check.

Reading files happens here and in ``align.io``; everything after loading is a pure function
over the model, so tests can call :func:`check_loaded` with synthetic Documents and Bitexts.
The parts called here are imported lazily, so this module imports even while a part is absent.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from align.errors import InputError, UsageError
from align.io.encoding import file_sha256
from align.model import AlignedPair, Bitext, Document, Finding

Progress = Callable[[str], None]

DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class CheckConfig:
    """What the user asked for; the CLI builds one from its options."""

    inputs: tuple[str, ...]
    glossaries: tuple[str, ...] = ()
    default_glossaries: bool = True
    source_lang: str | None = None
    target_lang: str | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    settings: Mapping[str, Any] = field(default_factory=dict)

    def glossary_paths(self) -> tuple[str, ...]:
        """Sorted and de-duplicated, so the order of ``-g`` options never changes the result."""
        return tuple(sorted(set(self.glossaries)))


@dataclass(frozen=True)
class InputInfo:
    path: str  # as given
    role: str  # "source" | "target" | "bilingual" | "document"
    sha256: str
    format: str
    lang: str

    def to_json(self) -> dict:
        return {"path": self.path, "role": self.role, "sha256": self.sha256,
                "format": self.format, "lang": self.lang}


@dataclass(frozen=True)
class CheckRun:
    """Everything the reports need about one run."""

    config: CheckConfig
    mode: str  # "bilingual" | "monolingual"
    inputs: tuple[InputInfo, ...]
    documents: tuple[Document, ...]
    bitext: Bitext | None
    pairs: tuple[AlignedPair, ...]
    source_lang: str
    target_lang: str
    glossary: Any
    glossary_files: tuple[tuple[str, str], ...]  # (path, sha256)
    findings: tuple[Finding, ...]
    context: Any = None  # the CheckContext, for report sheets that reuse annotations


def _noop(_stage: str) -> None:
    pass


def load_glossary(config: CheckConfig):
    """The glossaries of the run, or None while align.terms is not available."""
    try:
        from align.terms import load_glossaries
    except ImportError:
        try:
            from align.terms.glossary import load_glossaries
        except ImportError:
            load_glossaries = None
    if load_glossaries is None:
        if config.glossaries:
            raise UsageError("glossaries given but this build of align cannot read glossaries") from None
        return None
    return load_glossaries(config.glossary_paths(), include_shipped=config.default_glossaries)


def read_one(path: str, source_lang: str | None, target_lang: str | None):
    from align.io.reader import read_input

    return read_input(path, source_lang=source_lang, target_lang=target_lang)


def detect_format(path: str) -> str:
    try:
        from align.io.reader import detect_format as detect
    except ImportError:
        return Path(path).suffix.lstrip(".").lower() or "text"
    try:
        return detect(path)
    except Exception:  # format sniffing is informative only; read_input reports real problems
        return Path(path).suffix.lstrip(".").lower() or "text"


def document_languages(document: Document, min_share: float = 0.05) -> tuple[str, ...]:
    """Languages of a document in order of first appearance, ignoring stray ones (< 5 % of words).

    The main text comes first and annexes follow (the seed: Dutch conclusions, English annex),
    so the first language is the source even when an annex is longer.
    """
    words: Counter[str] = Counter()
    order: dict[str, int] = {}
    for seg in document.segments:
        order.setdefault(seg.lang, len(order))
        words[seg.lang] += len(seg.text.split())
    total = sum(words.values()) or 1
    return tuple(l for l in sorted(order, key=order.__getitem__) if words[l] / total >= min_share)


def decide_languages(mode: str, documents: Sequence[Document], source_lang: str | None,
                     target_lang: str | None) -> tuple[str, str]:
    if mode == "bilingual":
        src = source_lang or documents[0].lang
        tgt = target_lang or documents[1].lang
        return src, tgt
    langs = [l for l in document_languages(documents[0]) if l and l not in ("mul", "und")]
    declared = documents[0].lang if documents[0].lang not in ("mul", "und", "") else None
    src = source_lang or declared or (langs[0] if langs else documents[0].lang)
    others = [l for l in langs if l != src]
    tgt = target_lang or (others[0] if others else "")
    return src, tgt


def load_inputs(config: CheckConfig, progress: Progress = _noop, glossary: Any = None):
    """Read the inputs and decide the mode: -> (mode, documents, bitext or None)."""
    if not 1 <= len(config.inputs) <= 2:
        raise UsageError("align check takes one bilingual file, two documents, or one document")
    loaded = []
    for i, path in enumerate(config.inputs):
        progress(f"reading {path}")
        if len(config.inputs) == 2:
            lang = config.source_lang if i == 0 else config.target_lang
            loaded.append(read_one(path, lang, None))
        else:
            loaded.append(read_one(path, config.source_lang, config.target_lang))
    if len(loaded) == 1:
        item = loaded[0]
        if isinstance(item, Bitext):
            return "bilingual", (item.source, item.target), item
        return "monolingual", (item,), None
    source, target = loaded
    if isinstance(source, Bitext) or isinstance(target, Bitext):
        bilingual = config.inputs[0] if isinstance(source, Bitext) else config.inputs[1]
        raise InputError("is already bilingual; give it alone, not with a second input", bilingual)
    progress("aligning source and target")
    from align.alignment import pair_documents

    return "bilingual", (source, target), pair_documents(source, target, glossary=glossary)


def check_loaded(config: CheckConfig, mode: str, documents: Sequence[Document],
                 bitext: Bitext | None, glossary: Any = None,
                 inputs: Sequence[InputInfo] | None = None,
                 progress: Progress = _noop) -> CheckRun:
    """Run the checks over already loaded inputs (pure apart from the checks themselves)."""
    from align.checks.registry import CheckContext, all_checks, run_checks

    known = {spec.id for spec in all_checks()}
    families = {k.split(".")[0] for k in known}
    for wanted in (*config.only, *config.skip):
        if wanted not in known and wanted not in families:
            raise UsageError(f"unknown check {wanted!r} (see `align checks`)")
    src_lang, tgt_lang = decide_languages(mode, documents, config.source_lang, config.target_lang)
    pairs = tuple(bitext.pairs()) if bitext is not None else ()
    settings = {"min_confidence": config.min_confidence, **dict(config.settings)}
    ctx = CheckContext(mode=mode, pairs=pairs, documents=tuple(documents), source_lang=src_lang,
                       target_lang=tgt_lang, glossary=glossary, settings=settings, annotations={})
    progress("running checks")
    findings = run_checks(ctx, only=config.only or None, skip=config.skip)
    if inputs is None:
        inputs = tuple(InputInfo(d.path, "document", "", "", d.lang) for d in documents)
    files = tuple(getattr(glossary, "files", ()) or ())
    return CheckRun(config=config, mode=mode, inputs=tuple(inputs), documents=tuple(documents),
                    bitext=bitext, pairs=pairs, source_lang=src_lang, target_lang=tgt_lang,
                    glossary=glossary, glossary_files=tuple(sorted(tuple(f) for f in files)),
                    findings=tuple(findings), context=ctx)


def describe_inputs(config: CheckConfig, mode: str, documents: Sequence[Document]) -> tuple[InputInfo, ...]:
    if len(config.inputs) == 1:
        role = "bilingual" if mode == "bilingual" else "document"
        lang = f"{documents[0].lang}-{documents[1].lang}" if mode == "bilingual" else documents[0].lang
        roles = [(config.inputs[0], role, lang)]
    else:
        roles = [(config.inputs[0], "source", documents[0].lang), (config.inputs[1], "target", documents[1].lang)]
    return tuple(InputInfo(path, role, file_sha256(path), detect_format(path), lang)
                 for path, role, lang in roles)


def run(config: CheckConfig, progress: Progress = _noop) -> CheckRun:
    """The whole of ``align check`` before reporting."""
    progress("loading glossaries")
    glossary = load_glossary(config)
    mode, documents, bitext = load_inputs(config, progress, glossary)
    inputs = describe_inputs(config, mode, documents)
    return check_loaded(config, mode, documents, bitext, glossary, inputs, progress)
