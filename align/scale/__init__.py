"""Corpus scale: translation memories of millions of units checked in bounded memory.

``consistency``: hashed consistency tables with SQLite spill. ``driver``: the streaming check
driver (chunks, ``--jobs`` processes, JSONL). ``workbook``: write-only review workbook for huge
runs. ``dask_runner``: the same shard function on a Dask cluster (optional extra).
"""
