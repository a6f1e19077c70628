"""Where shipped data lives, for an installed wheel and for a source checkout alike."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LANG_DIR = PACKAGE_DIR / "lang"


def glossary_dir() -> Path:
    """The shipped glossaries: inside the package when installed, ``glossaries/`` in a checkout."""
    installed = PACKAGE_DIR / "_shipped_glossaries"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "glossaries"


def lang_file(name: str) -> Path:
    return LANG_DIR / name
