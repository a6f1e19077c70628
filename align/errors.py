"""Errors a user can act on. The CLI turns any AlignError into one line on stderr and exit code 2."""
from __future__ import annotations


class AlignError(Exception):
    """Base of every error caused by the user's input or options (never by a bug)."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 unit: str = "line") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.unit = unit  # "line" | "row" | "element"

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}" if self.unit == "line" else f": {self.unit} {self.line}"
            where += ": "
        return f"{where}{self.message}"


class InputError(AlignError):
    """An input file cannot be read: missing, empty, binary, undecodable, malformed."""


class GlossaryError(InputError):
    """A glossary file is malformed (bad row, missing language, conflicting statuses)."""


class OutputError(AlignError):
    """An output cannot be written: directory missing, not writable, or it is an input."""


class UsageError(AlignError):
    """Options that do not fit together or name unknown things (languages, checks)."""
