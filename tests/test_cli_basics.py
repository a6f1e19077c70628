from __future__ import annotations

from click.testing import CliRunner

from align import __version__
from align.cli import main


def test_version_and_help():
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "checks" in result.output


def test_checks_lists_registry():
    result = CliRunner().invoke(main, ["checks"])
    assert result.exit_code == 0
