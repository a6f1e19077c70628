"""``align review import``: bring a reviewer's decisions back from the workbook into the decisions file."""
from __future__ import annotations

import click

from align.cli import main


@main.group("review")
def review_group() -> None:
    """Work with review workbooks that revisers hand back."""


@review_group.command("import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False),
              help="Decisions file to update (default: align-decisions.tsv next to the first input "
                   "recorded in the workbook).")
@click.option("--reviewer", default="", help="Reviewer name for rows where the Reviewer column is empty.")
@click.option("--date", "today", default=None, metavar="YYYY-MM-DD",
              help="Date to record for changed decisions (default: today).")
def import_command(workbook, decisions_path, reviewer, today) -> None:
    """Read Status, MQM type, Severity override, Reviewer and Comment from every Findings sheet,
    validate them, and merge them into the decisions file (locked, atomic; nothing is dropped)."""
    import datetime as _dt
    from dataclasses import replace

    from align.errors import UsageError
    from align.report.review import default_decisions_path, update_decisions_file
    from align.report.xlsx import read_review_workbook

    if today is not None:
        try:
            _dt.date.fromisoformat(today)
        except ValueError:
            raise UsageError(f"--date must be YYYY-MM-DD, got {today!r}") from None
    wb = read_review_workbook(workbook)
    incoming = [d if d.reviewer or not reviewer else replace(d, reviewer=reviewer) for _row, d in wb.rows]
    incoming += list(wb.carried)
    target = decisions_path or str(default_decisions_path(wb.inputs, workbook))
    result = update_decisions_file(target, incoming, today=today, inputs=(workbook, *wb.inputs))
    click.echo(f"{len(wb.rows)} reviewed row(s) in {workbook}; decisions file {result.path}: "
               f"{len(result.added)} added, {len(result.changed)} changed, {result.unchanged} unchanged, "
               f"{result.total} in total")
    known = set(wb.finding_ids)
    orphans = sorted(d.finding_id for d in wb.carried if d.finding_id not in known)
    if orphans:
        click.echo(f"{len(orphans)} decision(s) whose finding is gone are kept: {', '.join(orphans)}")
