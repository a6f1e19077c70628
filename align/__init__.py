"""align: checks Dutch-English translations of EU Council texts.

The public API is small on purpose: read a file, pair two documents, run the checks.
"""
from __future__ import annotations

__version__ = "0.1.0"
