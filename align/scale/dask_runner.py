"""Beyond one machine: the same per-chunk check function on a Dask cluster.

``pip install 'align[dask]'``, start a scheduler and workers (each with align installed and the
same glossary files at the same paths), then ``align check big.tmx --dask tcp://scheduler:8786``
or :func:`scan_on_dask`. The parent streams the file, submits chunks with a bounded number in
flight, and merges results in chunk order, so the output equals ``--jobs 1`` byte for byte.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Iterator

from align.errors import UsageError
from align.scale.driver import Chunk, ChunkResult, ScanJob, ScanResult, Sink, check_chunk, scan


def _client(address_or_client: Any):
    try:
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--dask needs the optional extra: pip install 'align[dask]'") from None
    if isinstance(address_or_client, str):
        return Client(address_or_client), True
    return address_or_client, False


def dask_runner(client, in_flight: int | None = None):
    """A runner for :func:`align.scale.driver.scan` that sends chunks to ``client``'s workers."""

    def run(job: ScanJob, todo: Iterator[Chunk]) -> Iterator[ChunkResult]:
        limit = in_flight or 2 * max(1, sum(client.nthreads().values())) + 2
        window: deque = deque()
        for chunk in todo:
            window.append(client.submit(check_chunk, job, chunk, pure=False))
            if len(window) >= limit:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    return run


def scan_on_dask(path: str, sink: Sink, address_or_client: Any, *, in_flight: int | None = None,
                 **options) -> ScanResult:
    """:func:`align.scale.driver.scan` with the chunks checked on a Dask cluster.

    ``address_or_client``: a scheduler address (``tcp://host:8786``) or a ``distributed.Client``.
    """
    client, owned = _client(address_or_client)
    try:
        return scan(path, sink, runner=dask_runner(client, in_flight), **options)
    finally:
        if owned:
            client.close()
