"""Shared builders for the report/review/pipeline tests: real corpus text, test-only checks.

The checks registered here exist only inside a test (``monkeypatch`` removes them), so the
report layer is tested whatever state the real checks are in.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from align.checks import registry
from align.model import Bitext, Document, Link, Origin, Segment, location_for

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
SEED = ROOT / "corpora" / "council" / "st14186-07.nl.txt"

NUMBER = re.compile(r"\d+(?:[./]\d+)*")
DEFAULT_PATTERNS = {"hereby": "minor", "Agreement": "neutral"}


def dgt_rows(doc_id: str = "22019D0391", limit: int = 20) -> list[tuple[str, str]]:
    """(nl, en) sentence pairs of one real DGT document."""
    rows = []
    with open(PAIRS_TSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["doc_id"] == doc_id:
                rows.append((row["nl"], row["en"]))
    return rows[:limit]


def make_document(path: str, lang: str, texts: list[str], prefix: str) -> Document:
    segs = tuple(Segment(f"{prefix}{i + 1}", t, lang, Origin(path, 2 * i + 1, 2 * i + 1))
                 for i, t in enumerate(texts))
    return Document(path, lang, segs)


def make_bitext(pairs: list[tuple[str, str]], src_path: str = "doc.nl.txt", tgt_path: str = "doc.en.txt",
                confidences: list[float] | None = None) -> Bitext:
    source = make_document(src_path, "nl", [p[0] for p in pairs], "s")
    target = make_document(tgt_path, "en", [p[1] for p in pairs], "t")
    conf = confidences or [1.0] * len(pairs)
    links = tuple(Link((i,), (i,), conf[i]) for i in range(len(pairs)))
    return Bitext(source, target, links)


def seed_document(path: str | Path = SEED) -> Document:
    """The seed as crude line segments: Dutch up to the annex heading, English after it."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    segs = []
    lang = "nl"
    for n, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("Porto’s Declaration"):
            lang = "en"
        segs.append(Segment(f"p{len(segs) + 1}", text, lang, Origin(str(path), n, n)))
    return Document(str(path), "mul", tuple(segs))


# ---------------------------------------------------------------- test-only checks

def check_numbers(ctx):
    """Numbers in a target segment that its source does not have (major)."""
    for pair in ctx.pairs:
        src_numbers = set(NUMBER.findall(pair.source_text))
        for seg in pair.target:
            for m in NUMBER.finditer(seg.text):
                if m.group() not in src_numbers:
                    locs = [location_for(s, "source") for s in pair.source] + \
                           [location_for(seg, "target", m.span())]
                    yield registry.make_finding("zztest.number", f"number {m.group()} is not in the source",
                                                locs, expected="", found=m.group())


def check_patterns(ctx):
    """Every match of settings['zz_patterns'] in any document (minor unless the pattern says)."""
    patterns = ctx.settings.get("zz_patterns", DEFAULT_PATTERNS)
    for doc in ctx.documents:
        side = "document" if ctx.mode == "monolingual" else ("source" if doc is ctx.documents[0] else "target")
        for seg in doc.segments:
            for pattern, severity in sorted(patterns.items()):
                seen: dict[str, int] = {}
                for m in re.finditer(pattern, seg.text):
                    nth = seen[m.group()] = seen.get(m.group(), 0) + 1  # same text twice: two findings
                    yield registry.make_finding("zztest.pattern", f"pattern {pattern!r} matched",
                                                [location_for(seg, side, m.span())], expected="",
                                                found=m.group(), severity=registry.Severity.parse(severity),
                                                salt=str(nth) if nth > 1 else "")


@pytest.fixture
def test_checks(monkeypatch):
    """Register the two test-only checks for the duration of one test.

    If another part's check module does not import yet (work in progress), the registry is
    used without it: these tests are about the report layer, not about those checks.
    """
    try:
        registry.discover()
    except ImportError:
        monkeypatch.setattr(registry, "_DISCOVERED", True)
    monkeypatch.setitem(registry._REGISTRY, "zztest.number", registry.CheckSpec(
        "zztest.number", "Accuracy", registry.Severity.MAJOR, "test: numbers missing from the source",
        check_numbers, "Mistranslation", ("bilingual",)))
    monkeypatch.setitem(registry._REGISTRY, "zztest.pattern", registry.CheckSpec(
        "zztest.pattern", "Style", registry.Severity.MINOR, "test: regex matches", check_patterns))
    return ("zztest.number", "zztest.pattern")


def run_synthetic(mode, documents, bitext, settings=None, only=("zztest",), **config):
    from align.pipeline import CheckConfig, check_loaded

    cfg = CheckConfig(inputs=tuple(d.path for d in documents), only=only, settings=settings or {}, **config)
    return check_loaded(cfg, mode, documents, bitext, glossary=None)


# ---------------------------------------------------------------- files the CLI can read

def write_pairs_file(path: Path, pairs: list[tuple[str, str]]) -> Path:
    """A two-column nl/en TSV, one pair a line (what the fake reader below understands)."""
    path.write_text("".join(f"{nl}\t{en}\n" for nl, en in pairs), encoding="utf-8")
    return path


def read_pairs_file(path, source_lang=None, target_lang=None):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    src, tgt, links = [], [], []
    for n, line in enumerate(lines, start=1):
        nl, en = line.split("\t")
        src.append(Segment(f"s{n}", nl, source_lang or "nl", Origin(str(path), n, n, unit="row")))
        tgt.append(Segment(f"t{n}", en, target_lang or "en", Origin(str(path), n, n, unit="row")))
        links.append(Link((n - 1,), (n - 1,), 1.0))
    return Bitext(Document(str(path), "nl", tuple(src)), Document(str(path), "en", tuple(tgt)), tuple(links))


@pytest.fixture
def fake_reader(monkeypatch, test_checks):
    """`align check` reads two-column TSVs with the fake reader and no glossary, whatever the real
    readers' state; only the test checks run (pass --checks zztest)."""
    from align import pipeline
    from align.errors import InputError

    def read_one(path, source_lang, target_lang):
        if not Path(path).is_file():
            raise InputError("file does not exist", str(path))
        return read_pairs_file(path, source_lang, target_lang)

    monkeypatch.setattr(pipeline, "read_one", read_one)
    monkeypatch.setattr(pipeline, "load_glossary", lambda config: None)
    return read_one


def require_real_parts() -> None:
    """End-to-end tests need every part: a reader or check that fails to import fails the test."""
    import align.io.reader  # noqa: F401

    registry.discover()
