"""Corpus scale: `align check` on a large translation memory against translate-toolkit's pofilter
and against the bare XML parse.

Usage:
    python benchmarks/scale.py                  # 100,000 units
    python benchmarks/scale.py --units 20000    # quicker
    python benchmarks/scale.py --million        # 1,000,000 units (takes minutes; run it niced)

The TMX is built in /tmp from the real DGT EN-NL pairs (corpora/dgt-en-nl/dgt_en_nl_pairs.tsv):
every real pair once, then random pairs repeated as they are (40 %), with a number changed on
both sides (30 %), in another case (15 %) or with one Dutch term swapped (15 %), which is how a
translation memory repeats itself. Prints, for each run: wall seconds, CPU seconds, units per
second, peak RSS of the whole process tree (sum over the processes, an upper bound because
forked workers share pages) and of the largest single process.

pofilter is installed into a separate venv (/tmp/align-bench-venv) if missing. translate-toolkit
3.x has no tmx2po, so the same TMX is converted to PO here (one entry per unit, msgctxt = tuid,
streamed); the conversion is not counted in pofilter's time.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.scale.synth import perturbed_pairs, read_pairs_tsv, write_tmx  # noqa: E402

PAIRS = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
VENV = Path("/tmp/align-bench-venv")
POFILTER_BEFORE = 2000.0  # units/s measured before this work (the figure)


# ----------------------------------------------------------------- measuring a process tree

def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(sum of VmRSS over root and its descendants, largest single VmRSS), in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as fh:
                kb = next((int(l.split()[1]) for l in fh if l.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, largest, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        todo += children.get(pid, [])
    return total, largest


def run_measured(cmd: list[str], **kwargs) -> dict:
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    peak = {"tree": 0, "single": 0}

    def poll() -> None:
        while proc.poll() is None:
            tree, single = _tree_rss_kb(proc.pid)
            peak["tree"] = max(peak["tree"], tree)
            peak["single"] = max(peak["single"], single)
            time.sleep(0.2)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    watcher.join()
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "tree_mb": peak["tree"] / 1024, "single_mb": peak["single"] / 1024,
            "rc": proc.returncode, "stdout": out, "stderr": err}


def show(label: str, units: int, m: dict, floor: float | None = None) -> None:
    rate = units / m["wall"] if m["wall"] else 0.0
    extra = f", {m['wall'] / floor:.1f}x the parse floor" if floor else ""
    print(f"{label:<34} {m['wall']:8.1f} s wall {m['cpu']:8.1f} s cpu {rate:9.0f} units/s  "
          f"peak RSS tree {m['tree_mb']:7.0f} MB, largest process {m['single_mb']:6.0f} MB{extra}")


# ----------------------------------------------------------------- the pieces

def build_tmx(units: int, path: Path) -> None:
    if path.exists():
        print(f"reusing {path}")
        return
    pairs = read_pairs_tsv(PAIRS)
    t = time.perf_counter()
    tmp = path.with_suffix(".partial")
    write_tmx(perturbed_pairs(pairs, units, seed=8), tmp)
    tmp.replace(path)
    print(f"built {path} ({units} units, {path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")


PARSE_FLOOR = """
import sys
from lxml import etree
n = 0
for _e, el in etree.iterparse(sys.argv[1], events=("end",), tag="tu"):
    n += 1
    el.clear()
    while el.getprevious() is not None:
        del el.getparent()[0]
print(n)
"""

DRIVER = """
import sys
from align.scale.run import streaming_check
report = streaming_check(sys.argv[1], jobs=int(sys.argv[2]), jsonl=sys.argv[3])
print("\\n".join(report.summary_lines()))
"""


def _cli_has_jobs() -> bool:
    try:
        out = subprocess.run([sys.executable, "-m", "align", "check", "--help"], capture_output=True,
                             text=True, timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--jobs" in out


def align_command(tmx: Path, jobs: int, jsonl: Path) -> list[str]:
    if _cli_has_jobs():
        return [sys.executable, "-m", "align", "check", str(tmx), "--jobs", str(jobs), "--jsonl", str(jsonl)]
    return [sys.executable, "-c", DRIVER, str(tmx), str(jobs), str(jsonl)]


def ensure_pofilter() -> Path | None:
    pofilter = VENV / "bin" / "pofilter"
    if pofilter.exists():
        return pofilter
    print(f"installing translate-toolkit into {VENV} …")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "translate-toolkit"], check=True)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"pofilter: translate-toolkit could not be installed ({err}); no comparison")
        return None
    return pofilter if pofilter.exists() else None


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def tmx_to_po(tmx: Path, po: Path, target_lang: str = "nl") -> int:
    from align.io.tmx import iter_tmx_units

    n = 0
    with open(po, "w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  f'"Language: {target_lang}\\n"\n\n')
        for unit in iter_tmx_units(tmx, "en", target_lang):
            if unit.source_text and unit.target_text:
                out.write(f"msgctxt {_po_string(unit.id)}\nmsgid {_po_string(unit.source_text)}\n"
                          f"msgstr {_po_string(unit.target_text)}\n\n")
                n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--million", action="store_true", help="1,000,000 units (minutes)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time")
    ap.add_argument("--no-pofilter", action="store_true")
    ap.add_argument("--workdir", default=tempfile.gettempdir())
    args = ap.parse_args()
    units = 1_000_000 if args.million else args.units
    work = Path(args.workdir)
    tmx = work / f"align-scale-{units}.tmx"
    print(f"align scale benchmark: {units} units, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start")
    build_tmx(units, tmx)

    floor = run_measured([sys.executable, "-c", PARSE_FLOOR, str(tmx)])
    show("bare lxml iterparse (floor)", units, floor)

    results = {}
    for jobs in [int(j) for j in args.jobs.split(",") if j.strip()]:
        jsonl = work / f"align-scale-{units}-j{jobs}.jsonl"
        m = run_measured(align_command(tmx, jobs, jsonl))
        if m["rc"] not in (0, 1):
            print(f"align check --jobs {jobs} failed (exit {m['rc']}): {m['stderr'][-2000:]}")
            continue
        results[jobs] = (m, jsonl)
        show(f"align check --jobs {jobs}", units, m, floor["wall"])
        for line in m["stdout"].splitlines()[:3]:
            print(f"    {line}")
    if len(results) > 1:
        texts = {j: sorted(p.read_text(encoding="utf-8").splitlines()) for j, (_m, p) in results.items()}
        same = len({tuple(t) for t in texts.values()}) == 1
        print(f"JSONL identical across --jobs (after sorting): {'yes' if same else 'NO'}")

    best = min((m["wall"] for m, _p in results.values()), default=None)
    if not args.no_pofilter:
        pofilter = ensure_pofilter()
        if pofilter is not None:
            po = work / f"align-scale-{units}.po"
            t = time.perf_counter()
            entries = tmx_to_po(tmx, po)
            print(f"TMX -> PO ({entries} entries) in {time.perf_counter() - t:.1f} s (not counted)")
            m = run_measured([str(pofilter), "--progress=none", "--language=nl", "-i", str(po),
                              "-o", str(work / f"align-scale-{units}.pofilter.po")])
            if m["rc"] != 0:
                print(f"pofilter failed (exit {m['rc']}): {m['stderr'][-1000:]}")
            else:
                show("pofilter (translate-toolkit)", units, m, floor["wall"])
                if best:
                    print(f"align (best --jobs) is {m['wall'] / best:.2f}x the speed of pofilter "
                          f"(pofilter {units / m['wall']:.0f} units/s now; {POFILTER_BEFORE:.0f} measured before)")

    if results:
        _m, jsonl = results[min(results)]
        workbook_speed(jsonl, work / f"align-scale-{units}.xlsx")


def workbook_speed(jsonl: Path, out: Path, wanted: int = 100_000) -> None:
    """100,000 findings into the write-only workbook (the run's findings, cycled if fewer)."""
    from dataclasses import replace

    from align.scale.driver import read_jsonl
    from align.scale.workbook import write_large_workbook

    base = list(read_jsonl(str(jsonl)))
    if not base:
        print("workbook: no findings to write")
        return
    findings = [replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i}") for i in range(wanted)]
    t, c = time.perf_counter(), time.process_time()
    write_large_workbook(iter(findings), str(out))
    print(f"workbook: {wanted} findings written in {time.perf_counter() - t:.1f} s wall, "
          f"{time.process_time() - c:.1f} s cpu ({out.stat().st_size / 1e6:.1f} MB)")
    shutil.os.unlink(out)


if __name__ == "__main__":
    main()
