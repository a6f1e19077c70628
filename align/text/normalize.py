"""Rebuild paragraphs from the lines of an extracted document, and say what was taken out.

PDF text arrives as hard-wrapped lines: words split with a hyphen at the line end, page
furniture (``14186/07 GS/np 6``, ``BIJLAGE I DG H 2B NL``, ``________``) in the middle of the
text, footnotes at the bottom of a page with their mark inline in the body. This module turns
such lines into paragraphs and records every change as a ``model.Removed``, so nothing
disappears silently and every character of every paragraph can be traced to its input line.

API (readers of any format call these; see ``align/io/plaintext.py`` for a complete reader):

``lines_from_text(text) -> list[SourceLine]``
    Split decoded text into numbered lines (1-based); a form feed starts a new page.

``normalize_lines(lines, path, lang=None) -> NormalizedText``
    ``lines`` are ``SourceLine(text, line, page=None, role=None, note="")``. ``line`` is the
    number a user will be shown (line of a text file, line of a PDF page, paragraph of a DOCX);
    ``page`` is set by readers that know pages (PDF). ``role`` lets a reader that has better
    evidence (fonts, positions) decide for itself: ``"furniture"`` (dropped and recorded, with
    ``note`` as the reason), ``"footnote"`` (a footnote line; a line whose text starts with its
    number starts a new footnote), ``"body"`` (never dropped), ``"break"`` (a paragraph starts
    here) or ``None`` (this module decides). The result has ``paragraphs`` (``TextParagraph``:
    text, kind, lang, line range, a map from character offsets to lines, footnote links),
    ``removed`` and the ``layout`` found (``double-spaced``, ``blank-separated``, ``wrapped``).

``dehyphenate(left, right, document_words, lang) -> HyphenDecision``
    The pure decision for one line-end hyphen: join (``mensen-``/``handel`` ->
    ``mensenhandel``) or keep (``EU-``/``plan``, ``evaluatie-``/``en``), with the evidence.

Layouts: ``double-spaced`` (every text line followed by an empty line, as in the seed; blank
lines then mean nothing and paragraph ends are inferred from punctuation, capitals and short
lines), ``blank-separated`` (blank lines end paragraphs), ``wrapped`` (no blank lines;
inferred like double-spaced).
"""
from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from align.model import Origin, Removed
from align.resources import LANG_DIR
from align.text import language as langid
from align.text.segment import ends_with_abbreviation

# ---------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SourceLine:
    """One input line as a reader saw it."""

    text: str
    line: int  # 1-based number shown to the user
    page: int | None = None
    role: str | None = None  # None | "body" | "furniture" | "footnote" | "break"
    note: str = ""  # the reader's reason for ``role`` (kept in Removed.detail)


@dataclass(frozen=True)
class TextParagraph:
    text: str
    kind: str  # body | heading | bullet | list | footnote
    lang: str
    line_start: int
    line_end: int
    page: int | None
    # (offset in text where a run of characters from one line starts, line, page)
    line_map: tuple[tuple[int, int, int | None], ...]
    label: str = ""  # the footnote number, for kind == "footnote"
    footnote_labels: tuple[str, ...] = ()  # footnotes whose mark was in this paragraph

    def lines_of(self, start: int, end: int) -> tuple[int, int, int | None]:
        """First line, last line and first page of the characters ``text[start:end]``."""
        first = self._run(start)
        last = self._run(max(start, end - 1))
        return first[1], last[1], first[2]

    def _run(self, offset: int) -> tuple[int, int, int | None]:
        found = self.line_map[0]
        for run in self.line_map:
            if run[0] <= offset:
                found = run
            else:
                break
        return found

    def origin(self, path: str, start: int = 0, end: int | None = None) -> Origin:
        if end is None:
            end = len(self.text)
        first, last, page = self.lines_of(start, end)
        return Origin(path, first, last, page)


@dataclass(frozen=True)
class NormalizedText:
    path: str
    layout: str
    paragraphs: tuple[TextParagraph, ...]
    removed: tuple[Removed, ...]

    def count(self, kind: str) -> int:
        return sum(1 for r in self.removed if r.kind == kind)


@dataclass(frozen=True)
class HyphenDecision:
    join: bool
    text: str  # how the halves are written: "mensenhandel", "EU-plan", "evaluatie- en"
    kind: str  # "hyphen-joined" | "hyphen-kept"
    evidence: str


# ---------------------------------------------------------------------------- language data


@lru_cache(maxsize=None)
def _text_data(lang: str) -> dict:
    path = LANG_DIR / f"text_{lang}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _all_langs() -> tuple[str, ...]:
    return tuple(sorted(p.stem.split("_", 1)[1] for p in LANG_DIR.glob("text_*.json")))


def _union(key: str) -> frozenset[str]:
    out: set[str] = set()
    for lang in _all_langs():
        out |= {w.lower() for w in _text_data(lang).get(key, ())}
    return frozenset(out)


def _for_lang(key: str, lang: str | None) -> frozenset[str]:
    if lang and _text_data(lang):
        return frozenset(w.lower() for w in _text_data(lang).get(key, ()))
    return _union(key)


@lru_cache(maxsize=None)
def shipped_words(lang: str) -> Mapping[str, int]:
    """The word list of ``align/lang/words_<lang>.txt`` (form -> count), empty if none."""
    path = LANG_DIR / f"words_{lang}.txt"
    out: dict[str, int] = {}
    if path.is_file():
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("#") or "\t" not in raw:
                continue
            word, count = raw.split("\t", 1)
            out[word] = int(count)
    return out


# ------------------------------------------------------------------------------- patterns

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_LEADING_WORD = re.compile(r"^[^\W_]+(?:[-‐][^\W_]+)*")
_LINE_END_HYPHENS = "-‐\u00ad"
_MAX_WORD = 200  # longer "words" (a run without spaces) are looked at by their last characters


def _trailing_fragment(text: str) -> tuple[str, str] | None:
    """(non-space run before a line-final hyphen, the hyphen), or None.

    The same as ``re.search(r"(\\S*?)([-‐\\u00ad])$", text)``, in linear time: the regular
    expression was quadratic in the length of a run without spaces (a 10 MB line took hours).
    """
    body = text[:-1] if text.endswith("\n") else text
    if not body or body[-1] not in _LINE_END_HYPHENS:
        return None
    parts = body.rsplit(None, 1)
    last = parts[-1] if parts else ""
    return last[:-1], last[-1]
BULLET = re.compile(r"^[·•▪◦‣∙●○■□➢►✓*](?:\s|$)|^[-–—](?:\s)")
LIST_ITEM = re.compile(r"^(?:\(?[a-z]{1,2}\)|\(?[ivx]{1,5}\)|\(\d{1,3}\)|\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*\.)\s+\S")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile(r"(?<=[^\W\d_]|[)”’\"'.,;:])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")
_FOOTNOTE_START = re.compile(r"^(\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s+(?=\S)")
_EU_LANGS = "BG|CS|DA|DE|EL|EN|ES|ET|FI|FR|GA|HR|HU|IT|LT|LV|MT|NL|PL|PT|RO|SK|SL|SV"
_DOC_NUMBER_LINE = re.compile(
    r"^\d{3,5}/\d{1,2}(?:/\d{1,2})?(?:\s+(?:REV|ADD|COR)\s*\d+)*"
    r"(?:\s+[A-Z]{1,4}(?:/[A-Za-z]{1,4})+)(?:\s+\d{1,4})?(?:\s+(?:" + _EU_LANGS + r"))?$")
_SEPARATOR = re.compile(r"^[_=*·.\-–—]{5,}$")
_PAGE_NUMBER = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$")
_LANG_LABEL = re.compile(r"^(?:" + _EU_LANGS + r"|LIMITE)$")
_SENTENCE_END = re.compile(r"[.!?;:][)\]”’\"']*$")
_CLAUSE_END = re.compile(r",[)\]”’\"']*$")
_OPENERS = "“\"'‘(["
MAX_FOOTNOTE_LINES = 12  # a longer "footnote" is body text that happens to start with a number


@lru_cache(maxsize=1)
def _dg_line() -> re.Pattern[str]:
    annex = "|".join(sorted({w.upper() for w in _union("annex_words")}))
    return re.compile(r"^(?:(?:" + annex + r")(?:\s+[IVXLC]+|\s+\d{1,2})?\s+)?DG\s+[A-K](?:\s+\d[A-Z]?)?"
                      r"(?:\s+(?:" + _EU_LANGS + r"))?$")


def furniture_reason(text: str) -> str | None:
    """Why ``text`` (one line) is page furniture, or None. Language words come from data."""
    t = _WS.sub(" ", text).strip()
    if not t:
        return None
    if _DOC_NUMBER_LINE.match(t):
        return "page footer: document number, initials, page"
    if _dg_line().match(t):
        return "page header: annex and DG line"
    if _SEPARATOR.match(t):
        return "separator line"
    if _PAGE_NUMBER.match(t):
        return "page number"
    if _LANG_LABEL.match(t):
        return "language or distribution label"
    return None


# ------------------------------------------------------------------------------ decisions


def _first_letter(text: str) -> str:
    stripped = text.lstrip(_OPENERS + " ")
    return stripped[:1]


def dehyphenate(left: str, right: str, document_words: Mapping[str, int] | None = None,
                lang: str | None = None, hyphen: str = "-") -> HyphenDecision:
    """Decide one line-end hyphen between ``left`` (``mensen``) and ``right`` (``handel``).

    Evidence, strongest first: a soft hyphen; what follows is a number, a capital or a
    coordinator (``EU-plan``, ``October-EU``, ``evaluatie- en``); the joined or hyphenated form
    elsewhere in the document (``document_words``: lower-case form -> count); the shipped word
    list of ``lang``; Dutch vowel-clash spelling (``zee-egel``); else join, since a line-end
    hyphen between lower-case letters is usually the typesetter's.
    """
    words = document_words or {}
    joined = left + right
    kept = f"{left}-{right}"
    if hyphen == "\u00ad":
        return HyphenDecision(True, joined, "hyphen-joined", "a soft hyphen (U+00AD) is only a line break")
    if not left or not right or not right[0].isalpha() or not left[-1].isalpha():
        return HyphenDecision(False, kept, "hyphen-kept", "a number or symbol beside the hyphen")
    if right.lower() in _for_lang("coordinators", lang):
        return HyphenDecision(False, f"{left}- {right}", "hyphen-kept",
                              f"'{right}' follows: a shortened compound ('{left}- {right} ...')")
    last_part = re.split(r"[-‐]", left)[-1]
    if len(last_part) >= 2 and last_part.isupper():
        return HyphenDecision(False, kept, "hyphen-kept", f"capitalisation: '{last_part}' is an abbreviation")
    if right[0].isupper():
        return HyphenDecision(False, kept, "hyphen-kept", f"capitalisation: '{right}' starts with a capital")
    j, k = joined.lower(), kept.lower()
    cj, ck = words.get(j, 0), words.get(k, 0)
    if cj or ck:
        if cj >= ck:
            return HyphenDecision(True, joined, "hyphen-joined",
                                  f"'{j}' occurs {cj} time(s) elsewhere in the document"
                                  + (f", '{k}' {ck}" if ck else ""))
        return HyphenDecision(False, kept, "hyphen-kept", f"'{k}' occurs {ck} time(s) elsewhere in the document"
                              + (f", '{j}' {cj}" if cj else ""))
    lists = [lang] if lang and shipped_words(lang) else [code for code in _all_langs() if shipped_words(code)]
    for code in lists:
        listed = shipped_words(code)
        cj, ck = listed.get(j, 0), listed.get(k, 0)
        if cj or ck:
            if cj >= ck:
                return HyphenDecision(True, joined, "hyphen-joined", f"'{j}' is in the shipped {code} word list")
            return HyphenDecision(False, kept, "hyphen-kept", f"'{k}' is in the shipped {code} word list")
    clashes = _for_lang("hyphen_vowel_clashes", lang) if lang else frozenset()
    if (left[-1] + right[0]).lower() in clashes:
        return HyphenDecision(False, kept, "hyphen-kept",
                              f"vowel clash '{left[-1]}-{right[0]}': {lang} spelling writes a hyphen there")
    return HyphenDecision(True, joined, "hyphen-joined",
                          "no evidence either way: a line-end hyphen between lower-case letters is a soft break")


# --------------------------------------------------------------------------------- layout


def lines_from_text(text: str) -> list[SourceLine]:
    """Numbered lines of decoded text; form feeds (pdftotext's page breaks) number pages."""
    raw = re.split(r"\r\n|\r|\n", text)
    if raw and raw[-1] == "":
        raw.pop()
    paged = "\f" in text
    page = 1
    out = []
    for number, line in enumerate(raw, start=1):
        if paged:
            breaks = line.count("\f")
            leading = len(line) - len(line.lstrip("\f"))
            page += leading
            out.append(SourceLine(line.replace("\f", ""), number, page))
            page += breaks - leading
        else:
            out.append(SourceLine(line, number))
    return out


def detect_layout(lines: Sequence[SourceLine]) -> str:
    """``double-spaced``, ``blank-separated`` or ``wrapped`` (see the module docstring)."""
    texts = [ln.text for ln in lines]
    content = [i for i, t in enumerate(texts) if t.strip()]
    if not content:
        return "blank-separated"
    blanks = len(texts) - len(content)
    if blanks == 0:
        return "wrapped"
    single = 0
    for i in content[:-1]:
        if i + 2 < len(texts) and not texts[i + 1].strip() and texts[i + 2].strip():
            single += 1
    median = statistics.median(len(texts[i].strip()) for i in content)
    if len(content) > 2 and single >= 0.6 * (len(content) - 1) and median <= 150:
        return "double-spaced"
    blocks = sum(1 for k, i in enumerate(content) if k == 0 or i != content[k - 1] + 1)
    if len(content) / blocks > 15 and median <= 150:
        return "wrapped"  # a few stray blank lines in hard-wrapped text do not make paragraphs
    return "blank-separated"


# ------------------------------------------------------------------------------ internals


@dataclass
class _Item:
    text: str  # whitespace collapsed, stripped
    line: int
    page: int | None
    page_key: int
    blank_before: int
    role: str  # body | footnote | break
    decided: bool = False  # the reader gave the role; this module does not second-guess it
    marks: list[tuple[int, int, str]] = field(default_factory=list)  # spans removed as marks
    footnote: int | None = None  # index into footnote groups, for role == footnote


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


class _Document:
    """Facts about the whole input that decisions consult (vocabulary, line width)."""

    def __init__(self, items: Sequence[_Item]) -> None:
        self.words: Counter[str] = Counter()
        self.mid_capitals: set[str] = set()
        previous_hyphenated = False
        for item in items:
            toks = _tokens(item.text)
            ends_hyphen = bool(_trailing_fragment(item.text)) and item.text[-2:-1].isalpha()
            usable = toks[1:] if previous_hyphenated else toks
            if ends_hyphen and usable:
                usable = usable[:-1]
            self.words.update(t.lower() for t in usable)
            for a, b in zip(toks, toks[1:]):
                if a[:1].islower() and b[:1].isupper():
                    self.mid_capitals.add(b)
            previous_hyphenated = ends_hyphen
        lengths = sorted(len(i.text) for i in items if i.role != "footnote")
        self.width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80


def _is_caps_heading(text: str) -> bool:
    if len(text) > 120 or text.count(" ") > 9 or _SENTENCE_END.search(text) or _CLAUSE_END.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)


def _new_paragraph(prev: _Item, cur: _Item, layout: str, doc: _Document, lang: str | None) -> bool:
    if cur.role == "break":
        return True
    if BULLET.match(cur.text) or LIST_ITEM.match(cur.text):
        return True
    if layout == "blank-separated":
        return cur.blank_before > 0 or _is_caps_heading(prev.text)
    if prev.text.endswith(("-", "‐", "\u00ad")) and prev.text[-2:-1].isalnum():
        return False
    if _is_caps_heading(prev.text) or _is_caps_heading(cur.text):
        return True
    first = _first_letter(cur.text)
    upper = first.isupper()
    if layout == "double-spaced" and cur.blank_before >= 2 and upper:
        return True  # an extra blank line where one blank is the rule
    if _SENTENCE_END.search(prev.text):
        return upper and not ends_with_abbreviation(prev.text, lang or "und")
    if _CLAUSE_END.search(prev.text):
        words = _tokens(cur.text)
        return upper and not (words and words[0] in doc.mid_capitals)
    return upper and len(prev.text) < 0.7 * doc.width


def _mark_candidates(text: str, label: str) -> list[tuple[int, int]]:
    """Spans in ``text`` where ``label`` stands as a footnote mark (``mensenhandel 1 is``)."""
    out: list[tuple[int, int]] = []
    for m in _SUPERSCRIPT_RUN.finditer(text):
        if m.group(1).translate(_SUPERSCRIPT) == label:
            out.append((m.start(1), m.end(1)))
    number_words = _union("number_words")
    followers = _union("number_followers")
    for m in re.finditer(r"(?<=\s)" + re.escape(label) + r"(?=[\s,.;:)]|$)", text):
        before = text[:m.start()].rstrip()
        after = text[m.end():]
        if re.match(r"[.,]\d", after):
            continue
        prev_tok = before.split()[-1] if before.split() else ""
        if not prev_tok or not (prev_tok[-1].isalpha() or prev_tok[-1] in ")”’\"'"):
            continue
        bare = prev_tok.strip("()”’\"'").lower()
        if bare in number_words or bare.rstrip(".") in number_words:
            continue
        core = prev_tok.strip("()”’\"'")
        if core.isupper() or len(core) == 1:
            continue
        next_tok = after.split()[0].lower().strip(",.;:()") if after.split() else ""
        if next_tok and (next_tok[0].isdigit() or next_tok in followers):
            continue
        out.append((m.start(), m.end()))
    return out


def _find_footnotes(items: list[_Item]) -> list[tuple[str, list[int], tuple[int, int, int]]]:
    """Footnotes: (label, item indexes of its lines, (item, start, end) of its mark)."""
    pages: dict[int, list[int]] = {}
    for idx, item in enumerate(items):
        pages.setdefault(item.page_key, []).append(idx)
    found: list[tuple[str, list[int], tuple[int, int, int]]] = []
    expected = 1
    for key in sorted(pages):
        page = pages[key]
        given = [i for i in page if items[i].role == "footnote"]
        for pos, idx in enumerate(page):
            if pos == 0 or (given and idx != given[0]) or (items[idx].decided and items[idx].role != "footnote"):
                continue
            m = _FOOTNOTE_START.match(items[idx].text)
            if not m:
                continue
            label = m.group(1).translate(_SUPERSCRIPT)
            if int(label) not in (expected, 1):
                continue
            groups: list[tuple[str, list[int]]] = [(label, [idx])]
            for later in page[pos + 1:]:
                m2 = _FOOTNOTE_START.match(items[later].text)
                if m2 and int(m2.group(1).translate(_SUPERSCRIPT)) == int(groups[-1][0]) + 1:
                    groups.append((str(int(groups[-1][0]) + 1), [later]))
                else:
                    groups[-1][1].append(later)
            body = [i for i in page[:pos] if items[i].role != "footnote"]
            marks = []
            for lab, _ in groups:
                mark = None
                for i in reversed(body):
                    spans = _mark_candidates(items[i].text, lab)
                    if spans:
                        mark = (i, *spans[-1])
                        break
                marks.append(mark)
            if marks[0] is None or len(groups[0][1]) > MAX_FOOTNOTE_LINES:
                continue
            # later footnotes in the block without a mark are continuation lines after all
            kept_groups: list[tuple[str, list[int]]] = []
            kept_marks = []
            for (lab, lines), mark in zip(groups, marks):
                if mark is None and kept_groups:
                    kept_groups[-1][1].extend(lines)
                else:
                    kept_groups.append((lab, lines))
                    kept_marks.append(mark)
            if any(len(lines) > MAX_FOOTNOTE_LINES for _, lines in kept_groups):
                continue
            for (lab, lines), mark in zip(kept_groups, kept_marks):
                found.append((lab, sorted(lines), mark))
                expected = int(lab) + 1
            break
    return found


# ------------------------------------------------------------------------------ assembly


@dataclass
class _Piece:
    text: str
    item: _Item


def _assemble(group: list[_Item], doc: _Document, lang: str | None, path: str,
              removed: list[Removed], record: bool = True) -> tuple[str, list[tuple[int, int, int | None]]]:
    """Join the lines of one paragraph: hyphens decided, marks taken out, a line map kept."""
    texts = []
    for item in group:
        text = item.text
        for start, end, label in sorted(item.marks, reverse=True):
            cut_start = start - 1 if start > 0 and text[start - 1] == " " else start
            text = text[:cut_start] + text[end:]
        texts.append(text)
    out = ""
    line_map: list[tuple[int, int, int | None]] = []
    for k, (item, text) in enumerate(zip(group, texts)):
        if k == 0:
            line_map.append((0, item.line, item.page))
            out = text
            continue
        prev_item = group[k - 1]
        m = _trailing_fragment(out)
        right_match = _LEADING_WORD.match(text)
        if m and len(m[0]) > 0 and m[0][-1:].isalnum():
            fragment = m[0]
            left_word = re.findall(r"[^\W_]+(?:[-‐][^\W_]+)*$", fragment[-_MAX_WORD:])
            left = left_word[0] if left_word else ""
            right = right_match.group(0) if right_match else ""
            decision = dehyphenate(left, right, doc.words, lang, hyphen=m[1])
            if record:
                removed.append(Removed(
                    decision.kind, f"{left}{m[1]} {right}",
                    Origin(path, prev_item.line, item.line, prev_item.page),
                    f"{'joined' if decision.join else 'kept'} as '{decision.text}': {decision.evidence}"))
            if decision.join:
                out = out[:-1]
                line_map.append((len(out), item.line, item.page))
                out += text
            elif decision.text.endswith(f"- {right}") and " " in decision.text:
                out += " "
                line_map.append((len(out) - 1, item.line, item.page))
                out += text
            else:
                line_map.append((len(out), item.line, item.page))
                out += text
        else:
            line_map.append((len(out), item.line, item.page))
            out += " " + text
    return out, line_map


def _kind(text: str) -> str:
    if BULLET.match(text):
        return "bullet"
    if LIST_ITEM.match(text):
        return "list"
    words = text.split()
    if (not _SENTENCE_END.search(text) and not _CLAUSE_END.search(text) and len(words) <= 12
            and words and not (words[-1].islower() and words[-1] in _union("function_words"))):
        return "heading"
    return "body"


def _provisional_text(group: list[_Item]) -> str:
    return " ".join(item.text for item in group)


def normalize_lines(lines: Sequence[SourceLine], path: str, lang: str | None = None) -> NormalizedText:
    """Paragraphs and removal records for the lines of one document (see the module docstring)."""
    layout = detect_layout(lines)
    removed: list[Removed] = []
    items: list[_Item] = []
    page_key = 0
    blank = 0
    prev_raw_blank = True
    pages_given = any(ln.page is not None for ln in lines)
    texts = [ln.text for ln in lines if ln.text.strip()]
    indented = sum(1 for t in texts if t[:1].isspace())
    # the seed's page joins: a page starts with a line indented by a space, directly after text
    indent_breaks = layout != "blank-separated" and 0 < indented <= 0.15 * len(texts)
    for ln in lines:
        text = _collapse(ln.text)
        if not text:
            blank += 1
            prev_raw_blank = True
            continue
        reason = (ln.note or "given by the reader") if ln.role == "furniture" else None
        if ln.role is None:
            reason = furniture_reason(text)
        if reason:
            removed.append(Removed("furniture", text, Origin(path, ln.line, ln.line, ln.page), reason))
            if not pages_given:
                page_key += 1
            prev_raw_blank = False
            blank = 0  # blank lines around furniture are page layout, not paragraph breaks
            continue
        if pages_given:
            page_key = ln.page if ln.page is not None else page_key
        elif indent_breaks and items and not prev_raw_blank and ln.text[:1].isspace():
            page_key += 1
        role = ln.role if ln.role in ("footnote", "break", "body") else "body"
        items.append(_Item(text, ln.line, ln.page, page_key, blank, role, decided=ln.role is not None))
        blank = 0
        prev_raw_blank = False

    footnotes = _find_footnotes(items)
    in_footnote: dict[int, int] = {}
    for n, (label, members, mark) in enumerate(footnotes):
        for i in members:
            in_footnote[i] = n
            items[i].role = "footnote"
        mark_item, start, end = mark
        items[mark_item].marks.append((start, end, label))
    doc = _Document(items)

    body = [i for i in range(len(items)) if i not in in_footnote]
    groups: list[list[int]] = []
    for i in body:
        if groups and not _new_paragraph(items[groups[-1][-1]], items[i], layout, doc, lang):
            groups[-1].append(i)
        else:
            groups.append([i])

    def paragraph_lang(text: str) -> str:
        return lang or langid.detect_language(text)

    group_of = {i: g for g, members in enumerate(groups) for i in members}
    mark_owner = {n: group_of[mark[0]] for n, (_, _, mark) in enumerate(footnotes)}  # footnote -> group

    provisional = [paragraph_lang(_provisional_text([items[i] for i in g])) for g in groups]
    smoothed = provisional if lang else langid.smooth_languages(provisional)

    paragraphs: list[TextParagraph] = []
    for g, members in enumerate(groups):
        group = [items[i] for i in members]
        p_lang = smoothed[g]
        hint = None if p_lang == langid.UNDETERMINED else p_lang
        for item in group:
            for start, end, label in item.marks:
                removed.append(Removed("footnote-mark", item.text[start:end], Origin(path, item.line, item.line, item.page),
                                       f"mark of footnote {label}, after '{item.text[:start].split()[-1]}'"))
        text, line_map = _assemble(group, doc, hint, path, removed)
        labels = tuple(footnotes[n][0] for n in sorted(mark_owner) if mark_owner[n] == g)
        paragraphs.append(TextParagraph(text, _kind(text), p_lang, group[0].line, group[-1].line,
                                        group[0].page, tuple(line_map), footnote_labels=labels))
        for n in sorted(mark_owner):
            if mark_owner[n] != g:
                continue
            label, fmembers, mark = footnotes[n]
            flines = [items[i] for i in fmembers]
            first = flines[0]
            m = _FOOTNOTE_START.match(first.text)
            stripped = _Item(first.text[m.end():], first.line, first.page, first.page_key, 0, "footnote")
            ftext, fmap = _assemble([stripped] + flines[1:], doc, hint, path, removed)
            f_lang = lang or langid.detect_language(ftext)
            if f_lang == langid.UNDETERMINED:
                f_lang = p_lang
            removed.append(Removed("footnote", m.group(1), Origin(path, first.line, flines[-1].line, first.page),
                                   f"footnote {label} moved out of the body; its mark is on line {items[mark[0]].line}"))
            paragraphs.append(TextParagraph(ftext, "footnote", f_lang, first.line, flines[-1].line, first.page,
                                            tuple(fmap), label=label))
    removed.sort(key=lambda r: (r.origin.line_start, r.origin.line_end))
    return NormalizedText(path, layout, tuple(paragraphs), tuple(removed))


def non_space(texts: Iterable[str]) -> Counter[str]:
    """The multiset of non-whitespace characters of ``texts`` (for accounting tests)."""
    out: Counter[str] = Counter()
    for t in texts:
        out.update(ch for ch in t if not ch.isspace())
    return out
