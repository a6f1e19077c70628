from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED = CORPORA / "council" / "st14186-07.nl.txt"
DGT = CORPORA / "dgt-en-nl"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED
