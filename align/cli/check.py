"""``align check``: the main job, end to end (read, pair, check, report, gate)."""
from __future__ import annotations

import datetime as _dt
import sys

import click

from align.cli import main
from align.errors import UsageError
from align.model import Severity

SEVERITY_CHOICES = click.Choice(["minor", "major", "critical"], case_sensitive=False)


def _split_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return tuple(dict.fromkeys(out))


def _progress(enabled: bool):
    if not enabled:
        return lambda _stage: None

    def say(stage: str) -> None:
        click.echo(f"align: {stage} …", err=True)

    return say


@main.command("check")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=True))
@click.argument("target_path", metavar="[TARGET]", required=False, type=click.Path(dir_okay=True))
@click.option("-g", "--glossary", "glossaries", multiple=True, type=click.Path(),
              help="A glossary file (csv, tsv, tbx, xlsx); repeatable. Order does not matter.")
@click.option("--no-default-glossaries", is_flag=True, help="Do not use the shipped glossaries.")
@click.option("--source-lang", metavar="L", help="Source language (default: from the file).")
@click.option("--target-lang", metavar="L", help="Target language (default: from the file).")
@click.option("-o", "--output", "output", type=click.Path(), help="Write the review workbook (.xlsx) here.")
@click.option("--json", "json_path", type=click.Path(), help="Write findings.json here.")
@click.option("--fail-on", type=SEVERITY_CHOICES,
              help="Exit 1 when a finding (not accepted by a reviewer) reaches this severity.")
@click.option("--previous", "previous", type=click.Path(),
              help="An earlier review workbook or decisions file: carry decisions over, mark New/Gone.")
@click.option("--decisions", "decisions", type=click.Path(),
              help="The decisions file to carry over (used when it exists).")
@click.option("--max-findings", type=click.IntRange(min=1), help="Keep at most N findings (by severity) in the workbook.")
@click.option("--checks", "only", multiple=True, metavar="IDS", help="Run only these checks or families (comma-separated).")
@click.option("--skip-checks", "skip", multiple=True, metavar="IDS", help="Do not run these checks (comma-separated).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Alignment links below this confidence are highlighted and treated as unsure.")
@click.option("--mqm-weights", default="0,1,5,25", show_default=True,
              help="MQM penalty for neutral,minor,major,critical.")
@click.option("--score", "score_basis", type=click.Choice(["all", "confirmed"]), default="all", show_default=True,
              help="Score all findings or only those a reviewer confirmed as errors.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Large TMX/XLIFF: check in N processes, streaming (output identical to --jobs 1).")
@click.option("--jsonl", "jsonl_path", type=click.Path(),
              help="TMX/XLIFF: stream findings to this JSON Lines file as they are found.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="TMX/XLIFF: check on a Dask cluster, e.g. tcp://scheduler:8786 (pip install 'align[dask]').")
def check_command(input_path, target_path, glossaries, no_default_glossaries, source_lang, target_lang, output,
                  json_path, fail_on, previous, decisions, max_findings, only, skip, min_confidence, mqm_weights,
                  score_basis, jobs=None, jsonl_path=None, dask_address=None) -> None:
    """Check a translation: one bilingual file (TMX, XLIFF, two-column CSV/TSV/XLSX), two documents
    to align first, or one document (monolingual or mixed). Writes a review workbook (-o), findings
    JSON (--json) and a summary; exit 1 with --fail-on when findings reach that severity."""
    from pathlib import Path

    from align import pipeline
    from align.io.atomic import check_output_path
    from align.report.bundle import build_report
    from align.report.console import summary_lines
    from align.report.review import PreviousRun, apply_previous, combine_previous, load_previous
    from align.report.score import parse_weights

    inputs = tuple(p for p in (input_path, target_path) if p)
    weights = parse_weights(mqm_weights)
    if output and not output.lower().endswith((".xlsx", ".xlsm")):
        raise UsageError(f"the review workbook must be an .xlsx file, got {output!r}")
    if output and json_path and Path(output).resolve() == Path(json_path).resolve():
        raise UsageError("-o and --json name the same file")
    for out in (output, json_path):
        if out:  # fail before the (possibly long) run, not after it
            check_output_path(out, (*inputs, *glossaries, *(p for p in (previous, decisions) if p)))
    if jsonl_path:
        check_output_path(jsonl_path, (*inputs, *glossaries, *(p for p in (previous, decisions) if p)))
    flagged = bool(jobs or jsonl_path or dask_address)
    if flagged or not target_path:
        from align.scale.run import is_large, wants_streaming

        streamable = not target_path and wants_streaming(input_path, 1, None)  # one TMX or XLIFF
        if flagged and not streamable:
            raise UsageError("--jobs, --jsonl and --dask apply to one TMX or XLIFF file")
        if streamable and (flagged or is_large(input_path)):
            _streamed_check(input_path, jobs or 1, jsonl_path, output, json_path, glossaries, no_default_glossaries,
                            source_lang, target_lang, _split_ids(only), _split_ids(skip), min_confidence,
                            weights, fail_on, dask_address, previous, decisions, max_findings, score_basis)
            return
    show_progress = sys.stderr.isatty()
    config = pipeline.CheckConfig(
        inputs=inputs, glossaries=tuple(glossaries), default_glossaries=not no_default_glossaries,
        source_lang=source_lang, target_lang=target_lang, only=_split_ids(only), skip=_split_ids(skip),
        min_confidence=min_confidence)
    run = pipeline.run(config, _progress(show_progress))

    previous_runs: list[PreviousRun] = []
    if decisions and Path(decisions).exists():
        previous_runs.append(load_previous(decisions))
    if previous:
        previous_runs.append(load_previous(previous))
    review = apply_previous(run.findings, combine_previous(previous_runs))
    report = build_report(run, review, weights, score_basis, max_findings,
                          generated=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))

    protected = (*inputs, *glossaries, *(p for p in (previous, decisions) if p))
    outputs: list[tuple[str, str]] = []
    if output:
        from align.report.xlsx import write_workbook

        _progress(show_progress)("writing the review workbook")
        write_workbook(report, output, protected)
        outputs.append(("review workbook", output))
    if json_path:
        from align.report.json import write_findings_json

        write_findings_json(report, json_path, protected)
        outputs.append(("findings JSON", json_path))
    threshold = Severity.parse(fail_on) if fail_on else None
    for line in summary_lines(report, outputs, threshold):
        click.echo(line)
    if threshold is not None and report.gate(threshold):
        sys.exit(1)


def _streamed_check(input_path, jobs, jsonl_path, output, json_path, glossaries, no_default_glossaries,
                    source_lang, target_lang, only, skip, min_confidence, weights, fail_on, dask_address,
                    previous, decisions, max_findings, score_basis) -> None:
    """A large translation memory: the streaming driver of align.scale (see the README)."""
    from pathlib import Path

    from align.report.review import combine_previous, load_previous
    from align.scale.run import streaming_check

    # decisions are few (people typed them): loaded whole, before the long run, as in the normal path
    previous_runs = []
    if decisions and Path(decisions).exists():
        previous_runs.append(load_previous(decisions))
    if previous:
        previous_runs.append(load_previous(previous))
    show_progress = sys.stderr.isatty()

    shown = [0]

    def progress(done: int) -> None:
        if show_progress and done - shown[0] >= 50_000:
            shown[0] = done
            click.echo(f"align: {done} units checked …", err=True)

    report = streaming_check(input_path, jobs=jobs, jsonl=jsonl_path, output=output, json_path=json_path,
                             glossaries=glossaries, default_glossaries=not no_default_glossaries,
                             source_lang=source_lang, target_lang=target_lang, only=only, skip=skip,
                             settings={"min_confidence": min_confidence}, weights=weights,
                             dask_address=dask_address, progress=progress, previous=combine_previous(previous_runs),
                             score_basis=score_basis, max_findings=max_findings,
                             protected=tuple(p for p in (previous, decisions) if p))
    threshold = Severity.parse(fail_on) if fail_on else None
    for line in report.summary_lines():
        click.echo(line)
    if threshold is not None and report.gate(threshold):
        sys.exit(1)
