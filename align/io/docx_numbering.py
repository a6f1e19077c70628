"""Word's automatic list numbers, rendered as Word shows them ("1.", "(a)", "4.2").

The number of a numbered paragraph is not in its text: Word computes it from
``word/numbering.xml``. A PDF of the same document has it in the text, and references such as
"punt 4.2" point at it, so the DOCX reader puts it back in front of the paragraph text.
Bullets get no label (their glyph is a font symbol); their paragraphs are kind ``bullet``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _List:
    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _val(element: etree._Element | None, default: str = "") -> str:
    return element.get(w("val"), default) if element is not None else default


class Numbering:
    """Counters for every list of one document, advanced paragraph by paragraph."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._lists: dict[str, _List] = {}
        self._started: set[str] = set()
        if numbering is not None:
            for node in numbering.findall(w("abstractNum")):
                levels = {}
                for lvl in node.findall(w("lvl")):
                    try:
                        start = int(_val(lvl.find(w("start")), "1"))
                        ilvl = int(lvl.get(w("ilvl"), "0"))
                    except ValueError:
                        continue
                    levels[ilvl] = Level(_val(lvl.find(w("numFmt")), "decimal"),
                                         _val(lvl.find(w("lvlText")), ""), start)
                abstract[node.get(w("abstractNumId"), "")] = levels
            for num in numbering.findall(w("num")):
                overrides = {}
                for override in num.findall(w("lvlOverride")):
                    start = override.find(w("startOverride"))
                    if start is not None:
                        try:
                            overrides[int(override.get(w("ilvl"), "0"))] = int(_val(start, "1"))
                        except ValueError:
                            pass
                abstract_id = _val(num.find(w("abstractNumId")))
                self._nums[num.get(w("numId"), "")] = (abstract_id, overrides)
                self._lists.setdefault(abstract_id, _List(abstract.get(abstract_id, {})))
        self._style_num: dict[str, tuple[str, str]] = {}
        self._based_on: dict[str, str] = {}
        if styles is not None:
            for style in styles.findall(w("style")):
                style_id = style.get(w("styleId"), "")
                num = style.find(f"{w('pPr')}/{w('numPr')}")
                if num is not None:
                    self._style_num[style_id] = (_val(num.find(w("numId"))),
                                                 _val(num.find(w("ilvl")), "0"))
                based = style.find(w("basedOn"))
                if based is not None:
                    self._based_on[style_id] = _val(based)

    def _style_numbering(self, style_id: str) -> tuple[str, str] | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self._style_num:
                return self._style_num[style_id]
            style_id = self._based_on.get(style_id, "")
        return None

    def numbering_of(self, p: etree._Element) -> tuple[str, int] | None:
        """(numId, level) of a paragraph, from its own properties or its style's."""
        props = p.find(w("pPr"))
        num_id, ilvl = "", ""
        if props is not None:
            num = props.find(w("numPr"))
            if num is not None:
                num_id, ilvl = _val(num.find(w("numId"))), _val(num.find(w("ilvl")))
            if not num_id:
                from_style = self._style_numbering(_val(props.find(w("pStyle"))))
                if from_style:
                    num_id, ilvl = from_style[0], ilvl or from_style[1]
        if not num_id or num_id == "0" or num_id not in self._nums:
            return None
        try:
            return num_id, int(ilvl or "0")
        except ValueError:
            return num_id, 0

    def advance(self, p: etree._Element) -> tuple[str, str]:
        """('bullet' | 'list' | '', label) for the next paragraph in document order."""
        found = self.numbering_of(p)
        if found is None:
            return "", ""
        num_id, ilvl = found
        abstract_id, overrides = self._nums[num_id]
        lst = self._lists[abstract_id]
        level = lst.levels.get(ilvl, Level())
        if level.fmt == "bullet":
            return "bullet", ""
        if num_id not in self._started:
            self._started.add(num_id)
            for at, start in overrides.items():
                lst.counters[at] = start - 1
        lst.counters[ilvl] = lst.counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in lst.counters if k > ilvl]:
            del lst.counters[deeper]
        label = level.text
        for k in range(9):
            if f"%{k + 1}" in label:
                lvl = lst.levels.get(k, Level())
                value = lst.counters.get(k, lvl.start)
                label = label.replace(f"%{k + 1}", format_number(value, lvl.fmt))
        return "list", label.strip()
