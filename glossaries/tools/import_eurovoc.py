"""Convert the EuroVoc NL-EN extract (Beijerterm Markdown tables) into a general glossary CSV.

    python glossaries/tools/import_eurovoc.py SOURCE_DIR [-o glossaries/general/eurovoc-nl-en.csv]

SOURCE_DIR holds eurovoc1.md, eurovoc2.md, eurovoc3.md: Markdown tables ``| Dutch | English |
Notes |`` whose cells list the preferred term first, then non-preferred terms and scope notes,
all joined by ", " (the split between synonym and note is not marked upstream). This script:

* takes the text before the first ", " as the preferred term (as SOURCE.md documents);
* keeps later items as admitted terms while they look like terms (at most 6 words, no full
  stop, no colon), and stops at the first item that looks like a note (a sentence);
* skips microthesaurus headings ("04 POLITIEK") and rows without both languages;
* writes every row with source "EuroVoc © European Union, modified" and domain "eurovoc".

The output is shipped in ``glossaries/general/``, so it loads with the lowest priority: its
concepts never hide a curated term, and only its multi-word preferred terms are used to
expect a rendering (see README "Glossaries").
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from align.io.atomic import write_text_atomic  # noqa: E402
from align.terms.rows import COLUMNS  # noqa: E402

SOURCE_NOTE = "EuroVoc © European Union, modified (NL-EN extract via Beijerterm {file})"
MAX_TERM_WORDS = 6
_HEADING = re.compile(r"^\d{2,4}\s+\S")
_ROW = re.compile(r"^\|(?P<nl>[^|]*)\|(?P<en>[^|]*)\|(?P<notes>[^|]*)\|\s*$")


def split_cell(cell: str) -> list[str]:
    """Preferred term first, then the items that still look like terms."""
    items = [x.strip() for x in cell.split(", ")]
    terms: list[str] = []
    for n, item in enumerate(items):
        if not item:
            continue
        words = item.split()
        looks_like_note = (item.endswith(".") or ":" in item or len(words) > MAX_TERM_WORDS
                           or (n > 0 and item[:1].isupper() and len(words) > 3 and item[1:].islower()))
        if n == 0:
            terms.append(item.rstrip(".").strip())
            continue
        if looks_like_note:
            break
        terms.append(item)
    seen: set[str] = set()
    out = []
    for t in terms:
        key = t.casefold()
        if t and key not in seen:
            seen.add(key)
            out.append(t)
    return out


def rows_of(path: Path) -> list[tuple[list[str], list[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        nl, en = m.group("nl").strip(), m.group("en").strip()
        if nl in ("Dutch", "") or en in ("English", "") or set(nl) <= set("-: "):
            continue
        if _HEADING.match(nl) or _HEADING.match(en):
            continue
        nl_terms, en_terms = split_cell(nl), split_cell(en)
        if nl_terms and en_terms:
            out.append((nl_terms, en_terms))
    return out


def convert(source_dir: Path) -> tuple[str, int]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    seen_ids: set[str] = set()
    count = 0
    for name in ("eurovoc1.md", "eurovoc2.md", "eurovoc3.md"):
        path = source_dir / name
        if not path.is_file():
            raise SystemExit(f"import_eurovoc: {path} not found")
        for nl_terms, en_terms in rows_of(path):
            digest = hashlib.sha1(f"{nl_terms[0]}\x1f{en_terms[0]}".encode("utf-8")).hexdigest()[:12]
            cid = f"eurovoc.{digest}"
            if cid in seen_ids:
                continue
            seen_ids.add(cid)
            count += 1
            first = True
            for lang, terms in (("nl", nl_terms), ("en", en_terms)):
                for i, term in enumerate(terms):
                    writer.writerow([cid, lang, term, "preferred" if i == 0 else "admitted", "", "", "",
                                     "eurovoc" if first else "", SOURCE_NOTE.format(file=name) if first else "", ""])
                    first = False
    return buf.getvalue(), count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source_dir", type=Path)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "glossaries" / "general" / "eurovoc-nl-en.csv")
    args = ap.parse_args(argv)
    text, count = convert(args.source_dir)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(args.output, text)
    print(f"{count} EuroVoc concepts written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
