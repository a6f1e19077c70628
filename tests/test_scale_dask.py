"""The Dask runner on a LocalCluster gives exactly the local driver's output (skipped without dask)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

from dask.distributed import Client, LocalCluster  # noqa: E402

from align.scale.dask_runner import scan_on_dask  # noqa: E402
from align.scale.driver import JsonlWriter, scan  # noqa: E402
from align.scale.synth import perturbed_pairs, read_pairs_tsv, write_tmx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAIRS_TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"


def test_local_cluster_equals_local_run(tmp_path: Path) -> None:
    pairs = read_pairs_tsv(PAIRS_TSV)[:300]
    tm = tmp_path / "tm.tmx"
    write_tmx(perturbed_pairs(pairs, 600, seed=11), tm)
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    with JsonlWriter(str(local)) as sink:
        expected = scan(str(tm), sink, chunk_size=100)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client, JsonlWriter(str(remote)) as sink:
        got = scan_on_dask(str(tm), sink, client, chunk_size=100, in_flight=3)
    assert remote.read_bytes() == local.read_bytes()
    assert got.summary.total == expected.summary.total > 0
    assert got.summary.units == 600 and got.chunks == 6
