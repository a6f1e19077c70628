"""``align glossary check FILE...`` and ``align glossary convert IN OUT``."""
from __future__ import annotations

import sys
from collections import defaultdict

import click

from align.cli import main
from align.errors import GlossaryError
from align.io.atomic import write_bytes_atomic
from align.terms.readers import glossary_format, read_rows
from align.terms.rows import build_concepts
from align.terms.writers import serialise


@main.group("glossary")
def glossary_group() -> None:
    """Validate glossaries and convert them between CSV, TSV, XLSX and TBX."""


def _context_notes(concepts) -> list[str]:
    """Words approved for one concept and deprecated for another: flagged only in context."""
    approved: dict[tuple[str, str], list[str]] = defaultdict(list)
    condemned: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for c in concepts:
        for lang, terms in c.terms.items():
            for t in terms:
                key = (lang, t.text.casefold())
                if t.status.approved:
                    approved[key].append(c.id)
                elif not t.case_sensitive:  # a case-sensitive deprecation is a spelling rule, not context
                    condemned[key].append((c.id, t.status.value))
    notes = []
    for key, bad in sorted(condemned.items()):
        if key in approved:
            for cid, status in bad:
                if cid in approved[key]:
                    continue
                notes.append(f"note: '{key[1]}' ({key[0]}) is approved for {', '.join(approved[key])} and "
                             f"{status} for {cid}: it is flagged only where the aligned source names {cid}")
    return notes


@glossary_group.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--notes/--no-notes", default=False, help="Also list context-dependent terms.")
def check_command(files: tuple[str, ...], notes: bool) -> None:
    """Validate glossary FILES: every problem with its line (row, element), exit 2 if any."""
    problems = 0
    for path in files:
        concepts, errors = build_concepts(read_rows(path), path)
        for err in errors:
            click.echo(f"align: error: {err}", err=True)
        problems += len(errors)
        langs = sorted({lang for c in concepts for lang in c.terms})
        n_terms = sum(len(ts) for c in concepts for ts in c.terms.values())
        status = "OK" if not errors else f"{len(errors)} problem(s)"
        click.echo(f"{path}: {len(concepts)} concepts, {n_terms} terms, languages {', '.join(langs) or '-'}: {status}")
        if notes:
            for line in _context_notes(concepts):
                click.echo(f"  {line}")
    if problems:
        sys.exit(GlossaryError.exit_code)


@glossary_group.command("convert")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("output", type=click.Path(dir_okay=False))
def convert_command(source: str, output: str) -> None:
    """Convert SOURCE to OUTPUT; formats come from the extensions (.csv .tsv .xlsx .tbx)."""
    out_format = glossary_format(output)
    concepts, errors = build_concepts(read_rows(source), source)
    if errors:
        raise errors[0]
    write_bytes_atomic(output, serialise(concepts, out_format), inputs=[source])
    click.echo(f"{output}: {len(concepts)} concepts written ({out_format})")
