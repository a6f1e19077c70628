"""Rebuild the learned language data shipped in ``align/lang/`` from the repository's corpora.

    python scripts/build_lang_data.py

1. ``langid_ngrams.json``: character-trigram profiles for nl, en, fr, de, learned from the
   first half (in name order) of the DGT TMX files in ``corpora/dgt-en-nl/tmx``. The file lists
   the documents it was trained on, so the accuracy test measures only on the other documents.
2. ``words_nl.txt`` / ``words_en.txt``: word forms (lower-case, with their counts) of all DGT
   EN/NL documents, the shipped word list that de-hyphenation consults when the document itself
   gives no evidence. The seed Council document is not used, so the seed tests stay honest.

Deterministic: the same corpora give byte-identical files.
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

from defusedxml import ElementTree

ROOT = Path(__file__).resolve().parent.parent
TMX_DIR = ROOT / "corpora" / "dgt-en-nl" / "tmx"
EN_NL_DIR = ROOT / "corpora" / "dgt-en-nl" / "en-nl"
LANG_DIR = ROOT / "align" / "lang"
LANGS = {"NL": "nl", "EN": "en", "FR": "fr", "DE": "de"}
TOP = 3000
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

sys.path.insert(0, str(ROOT))
from align.text.language import trigrams  # noqa: E402  (one definition of a trigram)


def tmx_segments(path: Path) -> dict[str, list[str]]:
    tree = ElementTree.parse(path)
    out: dict[str, list[str]] = {code: [] for code in LANGS.values()}
    for tuv in tree.iter("tuv"):
        lang = (tuv.get("lang") or tuv.get(XML_LANG) or "").split("-")[0].upper()
        if lang in LANGS:
            seg = tuv.find("seg")
            if seg is not None:
                out[LANGS[lang]].append(" ".join("".join(seg.itertext()).split()))
    return out


def build_profiles() -> None:
    files = sorted(TMX_DIR.glob("*.tmx"))
    train = files[: len(files) // 2]
    counts = {code: Counter() for code in LANGS.values()}
    for path in train:
        for code, segs in tmx_segments(path).items():
            for seg in segs:
                counts[code].update(trigrams(seg))
    languages = {}
    for code, counter in sorted(counts.items()):
        total = sum(counter.values())
        top = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
        languages[code] = {
            "total": total,
            "floor": round(math.log(0.5 / total), 4),
            "logprob": {gram: round(math.log(n / total), 4) for gram, n in top},
        }
    data = {
        "about": "character trigram log-probabilities; see scripts/build_lang_data.py",
        "trained_on": [p.stem for p in train],
        "languages": languages,
    }
    (LANG_DIR / "langid_ngrams.json").write_text(json.dumps(data, ensure_ascii=False, indent=0,
                                                             sort_keys=True) + "\n", encoding="utf-8")


WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def build_word_lists() -> None:
    for code in ("nl", "en"):
        counter: Counter[str] = Counter()
        for path in sorted(EN_NL_DIR.glob(f"*.{code}")):
            for line in path.read_text(encoding="utf-8").splitlines():
                counter.update(w.lower() for w in WORD.findall(line) if len(w) > 1)
        lines = [f"# {code} word forms and counts from corpora/dgt-en-nl/en-nl (scripts/build_lang_data.py)"]
        lines += [f"{w}\t{n}" for w, n in sorted(counter.items())]
        (LANG_DIR / f"words_{code}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build_profiles()
    build_word_lists()
    print("wrote", LANG_DIR / "langid_ngrams.json", "and words_nl.txt, words_en.txt")
