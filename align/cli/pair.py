"""``align pair SOURCE TARGET -o OUT``: align two documents sentence by sentence."""
from __future__ import annotations

from pathlib import Path

import click

from align.cli import main
from align.errors import UsageError

FORMATS = (".tmx", ".xlsx", ".tsv", ".json")


@main.command("pair")
@click.argument("source", type=click.Path(dir_okay=True, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file; the extension chooses the format: .tmx, .xlsx, .tsv or .json.")
@click.option("--source-lang", default=None, help="Language of SOURCE (e.g. nl); detected if omitted.")
@click.option("--target-lang", default=None, help="Language of TARGET (e.g. en); detected if omitted.")
@click.option("--one-per-line", is_flag=True,
              help="Inputs hold one sentence per line (no sentence splitting, no paragraphs).")
def pair_command(source: Path, target: Path, output: Path, source_lang: str | None, target_lang: str | None,
                 one_per_line: bool) -> None:
    """Link every SOURCE sentence to the TARGET sentence(s) that render it, with a confidence;
    sentences left out or added appear as 1-0 / 0-1 beads."""
    from align.alignment import pair_documents
    from align.io.atomic import check_output_path
    from align.io.bitext_writers import write_bitext
    from align.io.reader import read_input
    from align.model import Document

    if output.suffix.lower() not in FORMATS:
        raise UsageError(f"unknown output format {output.suffix or '(no extension)'!r} for {output}; "
                         "use .tmx, .xlsx, .tsv or .json")
    check_output_path(output, [source, target])
    documents = []
    for path, lang in ((source, source_lang), (target, target_lang)):
        document = read_input(path, lang, None, one_per_line)
        if not isinstance(document, Document):
            raise UsageError(f"{path} is a bilingual file; align pair takes two monolingual documents "
                             "(use align check for TMX, XLIFF or two-column tables)")
        documents.append(document)
    bitext = pair_documents(documents[0], documents[1])
    fmt = write_bitext(bitext, output, inputs=[source, target], line_numbers=one_per_line)
    kinds: dict[str, int] = {}
    for link in bitext.links:
        kinds[link.kind] = kinds.get(link.kind, 0) + 1
    low = sum(1 for link in bitext.links if link.confidence < 0.5)
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]))
    click.echo(f"{len(bitext.links)} beads ({summary}); {low} below confidence 0.5; wrote {fmt.upper()} to {output}")
