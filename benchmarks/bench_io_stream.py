"""Streaming TMX/XLIFF reading: throughput and peak memory on a generated translation memory.

Usage: python benchmarks/bench_io_stream.py [units]   (default 200000)
Prints units/s and peak RSS while iterating, against the RSS before reading, so a leak
(memory growing with file size) shows up as a peak far above the baseline.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from align.io.tmx import iter_tmx_units
from align.io.xliff import iter_xliff_units


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_tmx(path: Path, units: int) -> None:
    with open(path, "w", encoding="utf-16") as out:
        out.write('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                  '<tmx version="1.4"><header srclang="EN-GB" segtype="sentence" o-tmf="x" '
                  'adminlang="EN-US" datatype="PlainText" creationtool="bench" '
                  'creationtoolversion="1"/>\n<body>\n')
        for i in range(units):
            out.write(f'<tu><prop type="n">{i}</prop>\n<tuv lang="EN-GB">\n<seg>Article {i} of '
                      f'Council Decision 2002/629/JHA shall apply to Member States.</seg>\n</tuv>\n'
                      f'<tuv lang="NL-NL">\n<seg>Artikel {i} van Besluit 2002/629/JBZ van de Raad '
                      'is van toepassing op de lidstaten.</seg>\n</tuv>\n<tuv lang="DE-DE">\n<seg>'
                      f'Artikel {i} des Beschlusses 2002/629/JI gilt für die Mitgliedstaaten.</seg>'
                      '\n</tuv></tu>\n')
        out.write("</body></tmx>\n")


def write_xliff(path: Path, units: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
                  'srcLang="en" trgLang="nl"><file id="f">\n')
        for i in range(units):
            out.write(f'<unit id="u{i}"><segment><source>Article {i} applies.</source>'
                      f'<target>Artikel {i} is van toepassing.</target></segment></unit>\n')
        out.write("</file></xliff>\n")


def measure(label: str, path: Path, iterate) -> None:
    before = _peak_mb()
    start = time.perf_counter()
    count = sum(1 for _ in iterate(path))
    seconds = time.perf_counter() - start
    print(f"{label}: {count} units, {path.stat().st_size / 2**20:.0f} MB file, {seconds:.1f} s, "
          f"{count / seconds:,.0f} units/s, peak RSS {_peak_mb():.0f} MB (before: {before:.0f} MB)")


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        tmx = Path(tmp) / "big.tmx"
        write_tmx(tmx, units)
        measure("TMX UTF-16, 3 languages, en->nl", tmx, lambda p: iter_tmx_units(p, "en", "nl"))
        xliff = Path(tmp) / "big.xlf"
        write_xliff(xliff, units)
        measure("XLIFF 2.0", xliff, iter_xliff_units)


if __name__ == "__main__":
    main()
