"""Language-id accuracy on DGT EN/NL lines of >= 5 letter words, on documents the n-gram
profiles were NOT trained on (align/lang/langid_ngrams.json lists the training documents).

    python benchmarks/langid_dgt.py
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

from align.resources import LANG_DIR
from align.text.language import detect_language

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[^\W\d_]{2,}")


def main() -> None:
    trained = set(json.loads((LANG_DIR / "langid_ngrams.json").read_text(encoding="utf-8"))["trained_on"])
    for held_out in (True, False):
        label = "held-out documents" if held_out else "training documents"
        for lang in ("en", "nl"):
            outcome: Counter[str] = Counter()
            misses = []
            start = time.perf_counter()
            for path in sorted((ROOT / "corpora" / "dgt-en-nl" / "en-nl").glob(f"*.{lang}")):
                if (path.stem in trained) == held_out:
                    continue
                for line in path.read_text(encoding="utf-8").splitlines():
                    if len(WORD.findall(line)) < 5:
                        continue
                    got = detect_language(line)
                    outcome["correct" if got == lang else ("und" if got == "und" else "wrong")] += 1
                    if got not in (lang, "und"):
                        misses.append((got, line[:80]))
            total = sum(outcome.values())
            secs = time.perf_counter() - start
            print(f"{label:19} {lang}: {total} lines, correct {outcome['correct'] / total:.2%}, "
                  f"und {outcome['und']}, wrong {outcome['wrong']} ({secs:.2f}s)")
            for got, line in misses[:5]:
                print(f"    -> {got}: {line}")


if __name__ == "__main__":
    main()
