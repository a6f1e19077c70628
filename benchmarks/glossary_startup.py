"""Glossary start-up cost: load the shipped glossaries and run the first term searches, cold.

Each figure comes from a fresh Python process (nothing warm in memory), timed from just before
``import align.terms`` to just after the first ``find``: the cost every ``align check`` (and
every ``--jobs`` worker that is not forked) pays before it checks anything. Three states:

* ``no cache``: ``ALIGN_NO_CACHE=1``, the glossary is built from the CSV files;
* ``first run``: an empty cache directory, built from the files and then written to the cache;
* ``cached``: the cache file from the previous run is read.

``+nltk`` rows import nltk first, as ``align check`` does anyway (sentence segmentation), so
they show the glossary's own cost. Wall time is noisy on a shared machine; CPU time less so.

    python benchmarks/glossary_startup.py [--repeat 5] [--code-root DIR]

``--code-root`` runs another copy of the code (e.g. an older checkout) for a before/after.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
wall0, cpu0 = time.perf_counter(), time.process_time()
if PRE_NLTK:
    import nltk.stem.snowball
wall1, cpu1 = time.perf_counter(), time.process_time()
from align.terms import load_glossaries
glossary = load_glossaries()
wall2, cpu2 = time.perf_counter(), time.process_time()
first = glossary.find("Het Verdrag van de Raad van Europa inzake de bestrijding van mensenhandel", "nl")
wall3, cpu3 = time.perf_counter(), time.process_time()
second = glossary.find("the Framework Decision on combating trafficking in human beings", "en")
wall4, cpu4 = time.perf_counter(), time.process_time()
print(json.dumps({"concepts": len(glossary), "found": [len(first), len(second)],
                  "load": wall2 - wall1, "first_find": wall3 - wall2, "second_find": wall4 - wall3,
                  "load_first_find": wall3 - wall1, "cpu_load_first_find": cpu3 - cpu1,
                  "both_langs": wall4 - wall1, "cpu_both_langs": cpu4 - cpu1, "nltk": wall1 - wall0}))
"""


def run_child(code_root: Path, cache_home: str, no_cache: bool, pre_nltk: bool) -> dict:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = cache_home
    env.pop("ALIGN_NO_CACHE", None)
    if no_cache:
        env["ALIGN_NO_CACHE"] = "1"
    env["PYTHONPATH"] = str(code_root) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", CHILD.replace("PRE_NLTK", str(pre_nltk))], env=env,
                         cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(label: str, runs: list[dict]) -> None:
    def med(key: str) -> str:
        return f"{statistics.median(r[key] for r in runs):6.3f}"

    print(f"  {label:<18} load {med('load')}  first find {med('first_find')}  "
          f"load+first find {med('load_first_find')} (cpu {med('cpu_load_first_find')})  "
          f"+2nd language {med('both_langs')} (cpu {med('cpu_both_langs')})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="fresh processes per figure (median shown)")
    ap.add_argument("--code-root", type=Path, default=ROOT, help="directory holding the align package to time")
    args = ap.parse_args()
    print(f"code: {args.code_root}; seconds, median of {args.repeat} fresh processes")
    with tempfile.TemporaryDirectory(prefix="align-bench-cache-") as cache_home:
        first_runs = []
        for _ in range(args.repeat):  # an empty cache every time
            with tempfile.TemporaryDirectory(prefix="align-bench-empty-") as empty:
                first_runs.append(run_child(args.code_root, empty, False, False))
        print(f"glossary: {first_runs[0]['concepts']} concepts; matches {first_runs[0]['found']}")
        for pre_nltk in (False, True):
            tag = " +nltk" if pre_nltk else ""
            summary("no cache" + tag, [run_child(args.code_root, cache_home, True, pre_nltk)
                                       for _ in range(args.repeat)])
            if not pre_nltk:
                summary("first run", first_runs)
            run_child(args.code_root, cache_home, False, pre_nltk)  # make sure the cache is there
            summary("cached" + tag, [run_child(args.code_root, cache_home, False, pre_nltk)
                                     for _ in range(args.repeat)])
        nltk = [run_child(args.code_root, cache_home, False, True)["nltk"] for _ in range(args.repeat)]
        print(f"  (importing nltk alone: {statistics.median(nltk):.3f})")


if __name__ == "__main__":
    main()
