"""``align checks``: the registry, as users see it."""
from __future__ import annotations

import click

from align.checks.registry import all_checks
from align.cli import main


@main.command("checks")
def checks_command() -> None:
    """List every check with its id, MQM category, default severity and description."""
    specs = all_checks()
    width = max((len(s.id) for s in specs), default=10)
    for spec in specs:
        click.echo(f"{spec.id:<{width}}  {spec.category:<22}  {str(spec.severity):<8}  {spec.description}")
