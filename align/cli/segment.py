"""``align segment FILE``: the paragraphs and sentences align sees, for a user to inspect."""
from __future__ import annotations

import json
from collections import Counter

import click

from align.cli import main
from align.io.reader import read_input
from align.model import Bitext, Document, Origin

REMOVED_KINDS = ("furniture", "hyphen-joined", "hyphen-kept", "footnote", "footnote-mark")


def _lines(origin: Origin) -> str:
    where = str(origin.line_start) if origin.line_start == origin.line_end else f"{origin.line_start}-{origin.line_end}"
    return f"p{origin.page}:{where}" if origin.page is not None else where


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _origin_json(origin: Origin) -> dict:
    out = {"file": origin.file, "line_start": origin.line_start, "line_end": origin.line_end}
    if origin.page is not None:
        out["page"] = origin.page
    return out


def summary(doc: Document) -> dict:
    counts = Counter(r.kind for r in doc.removed)
    return {
        "encoding": doc.encoding,
        "layout": dict(doc.meta).get("layout", ""),
        "lang": doc.lang,
        "paragraphs": len(doc.paragraphs),
        "sentences": len(doc.segments),
        "removed": {kind: counts.get(kind, 0) for kind in REMOVED_KINDS},
    }


def summary_line(doc: Document) -> str:
    s = summary(doc)
    removed = ", ".join(f"{n} {kind}" for kind, n in s["removed"].items())
    return (f"{doc.path}: encoding {s['encoding']}, layout {s['layout']}, language {s['lang']}; "
            f"{s['paragraphs']} paragraphs, {s['sentences']} sentences; removed: {removed}")


def as_json(doc: Document, show_removed: bool = True) -> dict:
    by_paragraph: dict[int, list] = {}
    for seg in doc.segments:
        by_paragraph.setdefault(seg.paragraph, []).append(
            {"id": seg.id, "lang": seg.lang, "origin": _origin_json(seg.origin), "text": seg.text})
    out = {"file": doc.path, **summary(doc), "paragraphs": [
        {"id": p.id, "kind": p.kind, "lang": p.lang, "origin": _origin_json(p.origin),
         "footnotes": list(p.footnotes), "text": p.text, "sentences": by_paragraph.get(i, [])}
        for i, p in enumerate(doc.paragraphs)]}
    if show_removed:
        out["removed_records"] = [
            {"kind": r.kind, "text": r.text, "origin": _origin_json(r.origin), "detail": r.detail}
            for r in doc.removed]
    return out


def as_tsv(doc: Document, show_removed: bool = False) -> list[str]:
    rows = ["record\tid\tkind\tlang\tlines\ttext"]
    by_paragraph: dict[int, list] = {}
    for seg in doc.segments:
        by_paragraph.setdefault(seg.paragraph, []).append(seg)
    if not doc.paragraphs:  # a side of a bilingual file: units, no layout
        for seg in doc.segments:
            rows.append(f"unit\t{seg.id}\t-\t{seg.lang}\t{_lines(seg.origin)}\t{_cell(seg.text)}")
    for i, p in enumerate(doc.paragraphs):
        kind = p.kind + (f" footnotes={','.join(p.footnotes)}" if p.footnotes else "")
        rows.append(f"paragraph\t{p.id}\t{kind}\t{p.lang}\t{_lines(p.origin)}\t{_cell(p.text)}")
        for seg in by_paragraph.get(i, []):
            rows.append(f"sentence\t{seg.id}\t{p.kind}\t{seg.lang}\t{_lines(seg.origin)}\t{_cell(seg.text)}")
    if show_removed:
        for r in doc.removed:
            rows.append(f"removed\t-\t{r.kind}\t-\t{_lines(r.origin)}\t{_cell(r.text)} ({_cell(r.detail)})")
    return rows


@main.command("segment")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--source-lang", default=None, help="Bilingual files: the source language to show.")
@click.option("--target-lang", default=None, help="Bilingual files: the target language to show.")
@click.option("--format", "fmt", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True,
              help="tsv: one row per paragraph and per sentence; json: nested, with a summary.")
@click.option("--lang", default=None, help="Force the language of every paragraph (nl, en, fr, de).")
@click.option("--one-per-line", is_flag=True, help="The file has one sentence per line: no joining.")
@click.option("--show-removed", is_flag=True,
              help="Also list what normalisation removed or decided (furniture, hyphens, footnotes).")
@click.option("--encoding", default=None, help="Decode with this encoding instead of detecting it.")
def segment_command(file: str, source_lang: str | None, target_lang: str | None, fmt: str,
                    lang: str | None, one_per_line: bool, show_removed: bool,
                    encoding: str | None) -> None:
    """Show the paragraphs and sentences of FILE with id, kind, language and line range.

    The summary (encoding chosen, layout, counts of removed furniture and hyphenation
    decisions) goes to stderr for tsv and into the document for json.
    """
    read = read_input(file, source_lang=lang or source_lang, target_lang=target_lang,
                      one_per_line=one_per_line, encoding=encoding)
    docs = (read.source, read.target) if isinstance(read, Bitext) else (read,)
    if fmt == "json":
        payload = [as_json(doc, show_removed=True) for doc in docs]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else {"file": file, "sides": payload},
                              ensure_ascii=False, indent=1))
    else:
        for n, doc in enumerate(docs):
            for row in as_tsv(doc, show_removed)[(1 if n else 0):]:
                click.echo(row)
    for doc in docs:
        click.echo(summary_line(doc), err=True)
