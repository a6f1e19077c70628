"""The ``align`` command line. The only place that prints or exits.

Each command lives in its own module of this package and attaches itself to ``main``;
modules are discovered, so a new command is a new file.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import warnings

import click

from align import __version__
from align.errors import AlignError


class AlignGroup(click.Group):
    """Turns user errors into one line and exit code 2; never shows a traceback to a user."""

    def invoke(self, ctx: click.Context):
        if not os.environ.get("ALIGN_DEBUG"):
            # third-party libraries' warnings (openpyxl, pdfminer) are noise to a translator
            warnings.simplefilter("ignore")
        try:
            return super().invoke(ctx)
        except AlignError as err:
            click.echo(f"align: error: {err}", err=True)
            sys.exit(err.exit_code)
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("align: interrupted; outputs were left as they were", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except MemoryError:
            click.echo("align: error: out of memory (input too large; see README 'Limits')", err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
            if os.environ.get("ALIGN_DEBUG"):
                raise
            click.echo(f"align: internal error: {type(exc).__name__}: {exc} "
                       "(this is a bug; rerun with ALIGN_DEBUG=1 for details)", err=True)
            sys.exit(3)


@click.group(cls=AlignGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="align")
def main() -> None:
    """Check Dutch-English translations of EU Council texts: align, terms, references."""


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_discover()
