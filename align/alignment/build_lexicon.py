"""Rebuild the shipped EN-NL lexicon from the DGT pairs: ``python -m align.alignment.build_lexicon``."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from align.alignment.lexicon import learn_ibm1, save_lexicon

REPO = Path(__file__).resolve().parents[2]
PAIRS = REPO / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
OUT = Path(__file__).resolve().parent / "data" / "lexicon_en_nl.tsv"
HEADER = """English -> Dutch stem lexicon for the aligner, learned with IBM Model 1 (nltk.translate.IBMModel1,
4 iterations, t >= 0.15, at most 3 per stem) from all 2588 EN-NL pairs of
corpora/dgt-en-nl/dgt_en_nl_pairs.tsv (DGT-TM, (c) European Union 1995-2019, reuse under Commission
Decision 2011/833/EU; this file is a modified, derived work). Stems: nltk Snowball english/dutch.
Regenerate: python -m align.alignment.build_lexicon. Benchmarks never use this file on DGT: they
learn the same lexicon leave-one-document-out."""


def main() -> int:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    lexicon = learn_ibm1([(r["en"], r["nl"]) for r in rows], "en", "nl")
    save_lexicon(lexicon, OUT, HEADER)
    print(f"{len(lexicon)} source stems written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
