"""Article citations compared by value: ``artikel 3, lid 2, onder b)`` = ``Article 3(2)(b)``;
``artikel 35, leden 2 en 3`` = ``Articles 35(2) and (3)``; ``paragraph 2 of Article 21.6`` =
``artikel 21.6, lid 2``. The key lists every cited path, sorted: ``article:35(2),35(3)``."""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

from align.model import Reference
from align.refs.data import lang_data
from align.refs.patterns import alternation

ARTNUM = r"\d{1,4}[a-z]?(?:\.\d{1,3})*"
BRACKETS = r"(?:\s?\((?:[a-z]{1,3}|\d{1,3}|[ivx]{1,6})\))*"
SUBVAL = (r"(?:\(?(?:[a-z]{1,2}|[ivx]{1,6}|\d{1,3}[a-z]?)\)" + BRACKETS + r"|\d{1,3}[a-z]?" + BRACKETS
          + r"|(?<![\w])[a-z](?![\w)]))")


@lru_cache(maxsize=None)
def _rx(lang: str) -> dict[str, re.Pattern]:
    art = lang_data(lang)["article"]
    kw = alternation(art["article"])
    ranges = art.get("range", [])
    andw = "(?:,?\\s*" + alternation(art["and"]) + "|" + alternation([",", "-", "–"] + ranges) + ")"
    suffixes = art.get("number_suffixes", {})
    artnum = ARTNUM + (rf"(?:\s(?:{alternation(suffixes)})(?![\w]))?" if suffixes else "")
    level_words = {"paragraph": art.get("paragraph", []), "point": art.get("point", []),
                   "subpoint": art.get("subpoint", [])}
    level = alternation([w for ws in level_words.values() for w in ws])
    first = rf"(?P<first>{artnum}{BRACKETS})"
    more = rf"(?P<more>(?:\s*{andw}\s*(?:{artnum}{BRACKETS}|(?:\((?:[a-z]{{1,3}}|\d{{1,3}}|[ivx]{{1,6}})\))+)(?![\w]))*)"
    prefix_words = alternation(art.get("paragraph", []) + ["subparagraph", "subparagraphs"] + art.get("point", []))
    of = alternation(art.get("of", ["of"]))
    not_reversed = rf"(?!\s+{of}\s+{kw})"
    levels = rf"(?P<levels>(?:\s*,?\s+{level}\s+{SUBVAL}(?:\s*{andw}\s*(?:{level}\s+)?{SUBVAL})*{not_reversed})*)"
    return {
        "main": re.compile(rf"(?<![\w])(?:(?P<pre>{prefix_words})\s+(?P<prevals>{SUBVAL}(?:\s*{andw}\s*{SUBVAL})*)\s+{of}\s+)?"
                           rf"(?P<kw>{kw})\s+{first}{more}{levels}", re.IGNORECASE),
        "level": re.compile(rf"(?P<lw>{level})\s+(?P<vals>{SUBVAL}(?:\s*{andw}\s*(?:(?P=lw)\s+)?{SUBVAL})*)", re.IGNORECASE),
        "subval": re.compile(SUBVAL, re.IGNORECASE),
        "range": re.compile(rf"^\s*(?:-|–|{alternation(ranges)})\s*$", re.IGNORECASE) if ranges
        else re.compile(r"^\s*[-–]\s*$"),
        "item": re.compile(rf"{artnum}{BRACKETS}|(?:\((?:[a-z]{{1,3}}|\d{{1,3}}|[ivx]{{1,6}})\))+", re.IGNORECASE),
        "suffixes": suffixes,  # type: ignore[dict-item]
        "level_words": level_words,  # type: ignore[dict-item]
    }


def _bracketed(path: str) -> list[str]:
    """``3(2)(b)`` -> ["3", "2", "b"]; ``1`` -> ["1"]; ``c)`` -> ["c"]."""
    head = re.match(r"\(?([^()\s]+?)\)?(?=\(|$)", path.replace(" ", ""))
    rest = re.findall(r"\(([^()]+)\)", path[head.end():] if head else path)
    return ([head.group(1)] if head else []) + rest


def _depth(value: str, known_depth: int) -> int:
    """Where a bracketed continuation such as ``(3)`` or ``(c)`` sits: paragraph=1, point=2."""
    if value.isdigit():
        return 1
    if re.fullmatch(r"[ivx]+", value) and known_depth >= 2:
        return 3
    return 2


def _split_values(text: str, rx) -> list[tuple[str, str]]:
    """``2 en 3`` -> [("", "2"), ("en", "3")]: values with the connector before them."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in rx["subval"].finditer(text):
        out.append((text[pos:m.start()].strip(), m.group(0)))
        pos = m.end()
    return out


def _unsuffix(value: str, suffixes: dict[str, str]) -> str:
    """``6 bis`` -> ``6a``: Dutch and French number inserted articles with Latin ordinals."""
    m = re.match(r"(\d+)\s(\w+)(.*)$", value, re.DOTALL)
    if m and m.group(2).lower() in suffixes:
        return m.group(1) + suffixes[m.group(2).lower()] + m.group(3)
    return value


def _compact(paths: list[str]) -> str:
    """``1,2,3,4,7`` -> ``1-4,7``: runs of three or more whole articles written as a range."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append(f"{run[0]}-{run[-1]}")
        else:
            out.extend(str(n) for n in run)
        run.clear()

    for path in paths:
        if path.isdigit() and run and int(path) == run[-1] + 1:
            run.append(int(path))
        elif path.isdigit():
            flush()
            run.append(int(path))
        else:
            flush()
            out.append(path)
    flush()
    return ",".join(out)


def _natural(path: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path)]


@lru_cache(maxsize=None)
def _level_of(lang: str) -> dict[str, int]:
    """Level word (lower case) -> depth: paragraph 1, point 2, subpoint 3."""
    level_words = _rx(lang)["level_words"]
    level_of: dict[str, int] = {}
    for depth, name in enumerate(("paragraph", "point", "subpoint"), start=1):
        for w in level_words[name]:
            level_of[w.lower()] = depth
    for w in ("subparagraph", "subparagraphs"):
        level_of.setdefault(w, 1)
    return level_of


def find_articles(text: str, lang: str) -> list[Reference]:
    rx = _rx(lang)
    level_of = _level_of(lang)
    found: list[Reference] = []
    for m in rx["main"].finditer(text):
        mains: list[list[str]] = [_bracketed(m.group("first"))]
        ranges: list[str] = []
        first = _unsuffix(m.group("first"), rx["suffixes"])
        mains = [_bracketed(first)]
        for conn, value in _split_values(m.group("more") or "", {"subval": rx["item"]}):
            parts = _bracketed(_unsuffix(value, rx["suffixes"]))
            if value.startswith("("):  # "Article 35(2) and (3)": continue the previous path
                base = list(mains[-1])
                depth = _depth(parts[0], len(base) - 1)
                mains.append(base[:depth] + parts)
            elif rx["range"].match(conn):
                low, high = mains[-1][0], parts[0]
                if low.isdigit() and high.isdigit() and 0 < int(high) - int(low) <= 500 and len(mains[-1]) == 1:
                    mains += [[str(n)] for n in range(int(low) + 1, int(high) + 1)]
                else:
                    ranges.append(f"{low}-{high}")
                    mains.pop()
            else:
                mains.append(parts)
        # level words after the number: ", lid 2, onder b)" / " Absatz 2 Buchstabe b"
        tail: list[list[list[str]]] = []
        for lm in rx["level"].finditer(m.group("levels") or ""):
            depth = level_of.get(" ".join(lm.group("lw").lower().split()), 1)
            values = [_bracketed(v) for _, v in _split_values(lm.group("vals"), rx)]
            tail.append([[str(depth)] + v for v in values])
        if m.group("pre"):
            depth = level_of.get(m.group("pre").lower(), 1)
            values = [_bracketed(v) for _, v in _split_values(m.group("prevals"), rx)]
            tail.insert(0, [[str(depth)] + v for v in values])
        paths: list[str] = list(ranges)
        for main in mains:
            combos = itertools.product(*tail) if tail else [()]
            for combo in combos:
                path = list(main)
                for item in combo:
                    depth, values = int(item[0]), item[1:]
                    path = path[:depth] + values if depth <= len(path) else path + values
                paths.append(path[0] + "".join(f"({p})" for p in path[1:]))
        if not paths:
            continue
        paths = sorted(set(paths), key=_natural)
        key = "article:" + _compact(paths)
        numbers = tuple(sorted({p.split("(")[0] for p in paths}))
        end = m.end()
        found.append(Reference("article", key, text[m.start():end], (m.start(), end),
                               (("paths", tuple(paths)), ("articles", numbers))))
    return found
