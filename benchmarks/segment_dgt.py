"""Sentence segmentation measured on DGT segments (one sentence or unit per line).

Over-splitting: a DGT segment of one sentence (ends with . ; : ? or !, has no ". X" inside it
that ends a sentence for DGT either) that split_sentences cuts in two.
Missed boundaries: two consecutive DGT segments, the first ending with a full stop and the
second starting with a capital, joined with a space: split_sentences must cut exactly there.

    python benchmarks/segment_dgt.py
"""
from __future__ import annotations

from pathlib import Path

from align.text.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for lang in ("en", "nl"):
        single = over = pairs = missed = 0
        over_examples, missed_examples = [], []
        for path in sorted((ROOT / "corpora" / "dgt-en-nl" / "en-nl").glob(f"*.{lang}")):
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            for line in lines:
                if line[-1] in ".;:?!" and len(line.split()) >= 4:
                    single += 1
                    if len(split_sentences(line, lang)) > 1:
                        over += 1
                        over_examples.append(line[:110])
            for a, b in zip(lines, lines[1:]):
                if a.endswith(".") and b[:1].isupper() and len(a.split()) >= 3 and len(b.split()) >= 3:
                    pairs += 1
                    text = f"{a} {b}"
                    if (len(a), len(a) + 1) not in [(s[1], t[0]) for s, t in
                                                     zip(split_sentences(text, lang), split_sentences(text, lang)[1:])]:
                        missed += 1
                        missed_examples.append(f"{a[-50:]} | {b[:40]}")
        print(f"{lang}: over-split {over}/{single} segments ({over / single:.2%}); "
              f"missed {missed}/{pairs} boundaries ({missed / pairs:.2%})")
        for ex in over_examples[:8]:
            print("   over:", ex)
        for ex in missed_examples[:8]:
            print("   missed:", ex)


if __name__ == "__main__":
    main()
