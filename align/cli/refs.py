"""``align refs FILE...``: the reference index of one or more documents, with disagreements.

Works without sentence alignment: the Dutch body and English annex of one document, or two
separate language versions, are compared act by act through the index."""
from __future__ import annotations

import json

import click

from align import __version__
from align.cli import main
from align.model import Bitext, Document


def _documents(paths: tuple[str, ...], lang: str | None, target_lang: str | None = None) -> list[Document]:
    from align.io.reader import read_input

    docs: list[Document] = []
    for path in paths:
        read = read_input(path, source_lang=lang, target_lang=target_lang)
        if isinstance(read, Bitext):
            docs += [read.source, read.target]
        else:
            docs.append(read)
    return docs


def index_json(entries, inputs) -> dict:
    out_entries = []
    for e in entries:
        row = e.to_row()
        row["forms"] = {lang: list(forms) for lang, forms in e.forms}
        row["dates"] = list(e.dates)
        row["locations"] = [loc.to_json() for loc in e.locations]
        row["disagreements"] = [{"check": d.check, "attribute": d.attribute, "message": d.message,
                                 "expected": d.expected, "found": d.found} for d in e.disagreements]
        out_entries.append({k: v for k, v in row.items() if not k.startswith("forms_")})
    return {"tool": "align", "version": __version__, "inputs": list(inputs),
            "summary": {"entries": len(entries),
                        "disagreements": sum(len(e.disagreements) for e in entries)},
            "references": out_entries}


@main.command("refs")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Also write the index as JSON to this file.")
@click.option("--lang", "--source-lang", "lang", default=None,
              help="Language of the documents, or source language of bilingual files (default: from the file or detected).")
@click.option("--target-lang", "target_lang", default=None,
              help="Target language of a bilingual file with several languages (TMX with 23 languages: --target-lang nl).")
def refs_command(files: tuple[str, ...], json_out: str | None, lang: str | None, target_lang: str | None) -> None:
    """List every act, OJ citation and Council document cited in FILE..., with its forms per
    language, dates, locations, and the disagreements between its citations."""
    from align.io.atomic import check_output_path, write_text_atomic
    from align.refs.index import build_index

    if json_out:
        check_output_path(json_out, files)
    docs = _documents(files, lang, target_lang)
    entries = build_index(docs)
    for e in entries:
        click.echo(f"{e.kind:<11} {e.label}  [{e.key}]")
        for code, forms in e.forms:
            for form in forms:
                click.echo(f"    {code}: {form}")
        if e.dates:
            click.echo(f"    dates: {', '.join(e.dates)}")
        places = sorted({(o.segment.origin.file, o.segment.origin.line_start) for o in e.occurrences})
        click.echo("    at: " + "; ".join(f"{f}:{line}" for f, line in places))
        for d in e.disagreements:
            click.echo(f"    DISAGREES ({d.check}): {d.message}")
    total = sum(len(e.disagreements) for e in entries)
    kinds: dict[str, int] = {}
    for e in entries:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    click.echo(f"{len(entries)} references ({', '.join(f'{n} {k}' for k, n in kinds.items()) or 'none'}); "
               f"{total} disagreement{'s' if total != 1 else ''}")
    if json_out:
        write_text_atomic(json_out, json.dumps(index_json(entries, files), ensure_ascii=False, indent=2) + "\n", files)
