"""Compare the references of two aligned texts (or of two citations of one act) by value.

Pure functions: they take references with their segments and return ``Discrepancy`` records;
the checks in ``align.checks.references`` turn those into findings.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

import Levenshtein

from align.model import Reference, Segment
from align.refs import find_references
from align.refs.data import available_languages, series_by_canonical, series_by_suffix
from align.refs.render import TYPE_FAMILY, act_number, author_name, label, type_name

CITATION_KINDS = ("act", "oj", "council-doc", "article", "celex", "ecli")


@dataclass(frozen=True)
class Located:
    """A reference and the segment it was found in."""

    ref: Reference
    segment: Segment
    side: str  # source | target | document

    @property
    def lang(self) -> str:
        return self.segment.lang


@dataclass(frozen=True)
class Discrepancy:
    check: str
    message: str
    expected: str
    found: str
    locations: tuple[Located, ...]
    minor: bool = False  # a weaker form of the problem: the check lowers the severity


def locate(segments: Iterable[Segment], side: str, kinds: Sequence[str] = CITATION_KINDS) -> list[Located]:
    out: list[Located] = []
    for seg in segments:
        for ref in find_references(seg.text, seg.lang):
            if ref.kind in kinds:
                out.append(Located(ref, seg, side))
    return out


# ---------------------------------------------------------------- single-text checks (series)

def series_problems(item: Located, check_year: bool = True) -> list[Discrepancy]:
    """A suffix of another language (``2002/629/JBZ`` in English) or one the year rules out."""
    ref = item.ref
    if ref.kind != "act":
        return []
    out: list[Discrepancy] = []
    lang = item.lang
    table = series_by_suffix()
    year = ref.part("year")
    core_start, core_end = ref.part("core_span") or ref.span
    core = item.segment.text[core_start:core_end]
    for form in ref.part("suffixes") or ():
        canonical, langs = table.get(form.upper(), (None, frozenset()))
        if canonical is None:
            continue
        at = core.rfind(form)
        pointed = item
        if at >= 0:  # point at the suffix itself
            span = (core_start + at, core_start + at + len(form))
            pointed = Located(replace(ref, span=span, text=form), item.segment, item.side)
        if lang in available_languages() and lang not in langs:
            right = series_by_canonical()[canonical].form(lang)
            out.append(Discrepancy(
                "ref.series",
                f"series suffix '{form}' is not {lang.upper()}; expected '{right}' in {lang.upper()} text "
                f"({type_name(ref.part('type'), lang)} {act_number(ref, lang)})",
                right, form, (pointed,)))
        series = series_by_canonical().get(canonical)
        if check_year and series is not None and year and not series.valid_in(year):
            valid = [s.form(lang) for s in series_by_canonical().values()
                     if s.valid_in(year) and s.canonical not in ("EURATOM", "CFSP")]
            out.append(Discrepancy(
                "ref.series",
                f"series '{form}' did not exist in {year} ({series.first_year}-"
                f"{'' if series.last_year >= 9999 else series.last_year}): the number or the suffix is wrong; "
                f"expected a suffix of {year} ({'/'.join(valid)})",
                "/".join(valid), form, (pointed,)))
    return out


# ---------------------------------------------------------------- act comparison

def _type_problem(a: Located, b: Located) -> Discrepancy | None:
    ta, tb = a.ref.part("type"), b.ref.part("type")
    if not ta or not tb or ta == tb:
        return None
    minor = TYPE_FAMILY.get(ta, ta) == TYPE_FAMILY.get(tb, tb)
    expected = f"{type_name(ta, b.lang)} {act_number(b.ref, b.lang)}".strip()
    return Discrepancy(
        "ref.type",
        f"act type differs for {act_number(a.ref, 'en') or a.ref.part('date')}: {a.side} '{a.ref.part('type_text')}' "
        f"({type_name(ta, 'en')}), {b.side} '{b.ref.part('type_text')}' ({type_name(tb, 'en')}); "
        f"expected '{type_name(ta, b.lang)}'",
        expected, b.ref.part("type_text") or type_name(tb, b.lang), (a, b), minor)


def _series_problem(a: Located, b: Located) -> Discrepancy | None:
    da, db = set(a.ref.part("domains") or ()), set(b.ref.part("domains") or ())
    if not da or not db or da == db:
        return None
    impossible = [f"{x.side} {'/'.join(x.ref.part('suffixes'))} did not exist in {x.ref.part('year')}"
                  for x in (a, b) if not _series_valid(x.ref)]
    return Discrepancy(
        "ref.series",
        f"series differs: {a.side} {act_number(a.ref, a.lang)}, {b.side} {act_number(b.ref, b.lang)}"
        + (f" ({'; '.join(impossible)})" if impossible else "") + f"; expected {act_number(a.ref, b.lang)}",
        act_number(a.ref, b.lang), act_number(b.ref, b.lang), (a, b))


def _series_valid(ref: Reference) -> bool:
    table = series_by_canonical()
    year = ref.part("year")
    return not year or all(table[d].valid_in(year) for d in ref.part("domains") or () if d in table)


def _author_problem(a: Located, b: Located) -> Discrepancy | None:
    xa, xb = a.ref.part("author"), b.ref.part("author")
    if not xa or not xb or xa == xb:
        return None
    return Discrepancy(
        "ref.author",
        f"author differs for {act_number(a.ref, 'en') or type_name(a.ref.part('type'), 'en')}: "
        f"{a.side} '{a.ref.part('author_text')}', {b.side} '{b.ref.part('author_text')}'; "
        f"expected '{author_name(xa, b.lang)}'",
        author_name(xa, b.lang), b.ref.part("author_text"), (a, b))


def _date_problem(a: Located, b: Located) -> Discrepancy | None:
    xa, xb = a.ref.part("date"), b.ref.part("date")
    if not xa or not xb or xa == xb:
        return None
    return Discrepancy(
        "ref.date",
        f"date of {label(a.ref, 'en')} differs: {a.side} '{a.ref.part('date_text')}' ({xa}), "
        f"{b.side} '{b.ref.part('date_text')}' ({xb}); expected {xa}",
        xa, xb, (a, b))


def compare_act_pair(a: Located, b: Located) -> list[Discrepancy]:
    """Everything that differs between two citations of the same act."""
    out = [p for p in (_type_problem(a, b), _series_problem(a, b), _author_problem(a, b), _date_problem(a, b)) if p]
    return out


def _compatible_unnumbered(a: Reference, b: Reference) -> bool:
    """A citation without number matches another citation of the same date (and author when
    both name one); the type is then compared like any other attribute."""
    if a.part("form") != "unnumbered" and b.part("form") != "unnumbered":
        return False
    same_date = a.part("date") and a.part("date") == b.part("date")
    authors = (a.part("author"), b.part("author"))
    return bool(same_date and (None in authors or authors[0] == authors[1]))


def _near_score(a: Reference, b: Reference) -> int:
    """How likely two different numbers are meant to be the same act (higher = closer)."""
    if a.part("form") == "unnumbered" or b.part("form") == "unnumbered":
        return -1
    score = 0
    if a.part("type") and a.part("type") == b.part("type"):
        score += 2
    elif a.part("type") and b.part("type") and TYPE_FAMILY.get(a.part("type"), a.part("type")) != TYPE_FAMILY.get(b.part("type"), b.part("type")):
        score -= 2
    if a.part("date") and a.part("date") == b.part("date"):
        score += 3
    if a.part("author") and a.part("author") == b.part("author"):
        score += 1
    if set(a.part("domains") or ()) == set(b.part("domains") or ()):
        score += 1
    if a.part("order") == b.part("order"):
        score += 1
    distance = Levenshtein.distance(a.part("number_text"), b.part("number_text"))
    if distance <= 2 or sorted(a.part("number_text")) == sorted(b.part("number_text")):
        score += 2
    return score


def compare_acts(src: list[Located], tgt: list[Located]) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    unused = list(tgt)
    leftovers: list[Located] = []
    for a in src:
        match = next((b for b in unused if b.ref.part("identity") == a.ref.part("identity")), None)
        if match is None:
            match = next((b for b in unused if _compatible_unnumbered(a.ref, b.ref)), None)
        if match is None:
            leftovers.append(a)
            continue
        unused.remove(match)
        out += compare_act_pair(a, match)
    still: list[Located] = []
    for a in leftovers:
        scored = sorted(((_near_score(a.ref, b.ref), i, b) for i, b in enumerate(unused)), key=lambda t: (-t[0], t[1]))
        if scored and scored[0][0] >= 3:
            b = scored[0][2]
            unused.remove(b)
            out.append(Discrepancy(
                "ref.number",
                f"act number differs: {a.side} {label(a.ref, a.lang)}, {b.side} {act_number(b.ref, b.lang)}; "
                f"expected {act_number(a.ref, b.lang)}",
                act_number(a.ref, b.lang), act_number(b.ref, b.lang), (a, b)))
            out += [d for d in compare_act_pair(a, b) if d.check in ("ref.type", "ref.author")]
        else:
            still.append(a)
    for a in still:
        out.append(Discrepancy(
            "ref.missing",
            f"{label(a.ref, a.lang)} is cited in the {a.side} but not in the aligned text; expected "
            f"{label(a.ref, 'en' if a.lang != 'en' else 'nl')}",
            act_number(a.ref, "en") or label(a.ref, "en"), "", (a,)))
    return out


# ---------------------------------------------------------------- OJ, Council documents, ids

def _oj_fields(ref: Reference) -> dict[str, object]:
    date = ref.part("date") or ""
    return {"series": ref.part("series"), "issue": ref.part("issue") or ref.part("number"),
            "date": date, "year": date[:4], "page": ref.part("page"), "notice": ref.part("notice")}


def compare_oj(src: list[Located], tgt: list[Located]) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    unused = list(tgt)
    rest: list[Located] = []
    for a in src:
        match = next((b for b in unused if b.ref.key == a.ref.key), None)
        if match is None:
            fa = _oj_fields(a.ref)
            match = next((b for b in unused
                          if (a.ref.part("form") == "national" or b.ref.part("form") == "national")
                          and _oj_fields(b.ref)["issue"] == fa["issue"] and _oj_fields(b.ref)["year"] == fa["year"]
                          and _oj_fields(b.ref)["series"] == fa["series"]), None)
            if match is not None:
                unused.remove(match)
                continue
            rest.append(a)
            continue
        unused.remove(match)
    for a in rest:
        fa = _oj_fields(a.ref)
        best, best_score = None, 0
        for b in unused:
            if (a.ref.part("form") == "notice") != (b.ref.part("form") == "notice"):
                continue
            fb = _oj_fields(b.ref)
            score = sum(fa[k] == fb[k] and fa[k] not in (None, "") for k in ("series", "issue", "date", "page", "notice"))
            if score > best_score:
                best, best_score = b, score
        if best is not None and best_score >= 2:
            unused.remove(best)
            fb = _oj_fields(best.ref)
            diffs = [k for k in ("series", "issue", "date", "page", "notice") if fa[k] != fb[k] and fa[k] not in (None, "")
                     and fb[k] not in (None, "")]
            out.append(Discrepancy(
                "ref.oj",
                f"Official Journal citation differs ({', '.join(diffs) or 'form'}): {a.side} '{a.ref.text}', "
                f"{best.side} '{best.ref.text}'; expected {label(a.ref, best.lang)}",
                label(a.ref, best.lang), best.ref.text, (a, best)))
        else:
            out.append(Discrepancy(
                "ref.missing",
                f"Official Journal citation '{a.ref.text}' in the {a.side} has no counterpart in the aligned text; "
                f"expected {label(a.ref, 'en' if a.lang != 'en' else 'nl')}",
                label(a.ref, "en" if a.lang != "en" else "nl"), "", (a,)))
    return out


def compare_council_docs(src: list[Located], tgt: list[Located]) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    unused = list(tgt)
    rest: list[Located] = []
    for a in src:
        match = next((b for b in unused if b.ref.part("number") == a.ref.part("number")), None)
        if match is None:
            rest.append(a)
            continue
        unused.remove(match)
        if (a.ref.part("codes") and match.ref.part("codes") and a.ref.part("codes") != match.ref.part("codes")) \
                or a.ref.part("marks") != match.ref.part("marks"):
            out.append(Discrepancy(
                "ref.council-doc",
                f"Council document reference differs: {a.side} '{a.ref.text}', {match.side} '{match.ref.text}'; "
                f"expected '{a.ref.text}' (numbers and codes are identical in every language version)",
                a.ref.text, match.ref.text, (a, match)))
    for a in rest:
        if unused:
            b = unused.pop(0)
            out.append(Discrepancy(
                "ref.council-doc",
                f"Council document number differs: {a.side} '{a.ref.text}', {b.side} '{b.ref.text}'; expected '{a.ref.text}'",
                a.ref.text, b.ref.text, (a, b)))
        else:
            out.append(Discrepancy(
                "ref.missing", f"Council document '{a.ref.text}' in the {a.side} has no counterpart in the aligned "
                f"text; expected '{a.ref.text}'",
                a.ref.text, "", (a,)))
    return out


def _compatible_paths(pa: tuple[str, ...], pb: tuple[str, ...]) -> bool:
    """Equal, or one only leaves out a finer level (``Article 3`` vs ``artikel 3, lid 2``)."""
    def ok(x: str, ys) -> bool:
        return any(x == y or y.startswith(x + "(") or x.startswith(y + "(") for y in ys)
    return all(ok(x, pb) for x in pa) and all(ok(y, pa) for y in pb)


def compare_articles(src: list[Located], tgt: list[Located]) -> list[Discrepancy]:
    """Article citations compared as sets of paths over the whole pair, since one side may
    split what the other cites at once (``Articles 323(1) and 465(3)`` = ``artikel 323, lid 1,
    en artikel 465, lid 3``). A cited path is reported only when the other side cites a
    different one instead, or cites the same article(s) without it; a side that simply does
    not repeat the number (``thereof``, ``dat artikel``) is not an error."""
    out: list[Discrepancy] = []
    tgt_left = list(tgt)
    src_left = []
    for a in src:
        twin = next((b for b in tgt_left if b.ref.key == a.ref.key), None)
        if twin is not None:
            tgt_left.remove(twin)
        else:
            src_left.append(a)
    if not src_left or not tgt_left:
        return out
    tgt = tgt_left
    all_src = [p for a in src_left for p in a.ref.part("paths")]
    all_tgt = [p for b in tgt for p in b.ref.part("paths")]

    def covered(path: str, pool) -> bool:
        return any(path == q or q.startswith(path + "(") or path.startswith(q + "(") for q in pool)

    extra_refs = [b for b in tgt if any(not covered(p, all_src) for p in b.ref.part("paths"))]
    used: set[int] = set()
    for a in src_left:
        missing = [p for p in a.ref.part("paths") if not covered(p, all_tgt)]
        if not missing:
            continue
        arts = set(a.ref.part("articles"))
        sharing = [b for b in tgt if arts & set(b.ref.part("articles"))]
        candidates = [b for b in extra_refs if id(b) not in used] or sharing
        if not candidates:
            continue
        b = next((c for c in candidates if c in sharing), candidates[0])
        used.add(id(b))
        expected = ", ".join(a.ref.part("paths") if len(a.ref.part("paths")) < 12 else [a.ref.key[8:]])
        found = ", ".join(b.ref.part("paths") if len(b.ref.part("paths")) < 12 else [b.ref.key[8:]])
        out.append(Discrepancy(
            "ref.article",
            f"article citation differs: {a.side} '{a.ref.text}' cites {', '.join(missing[:6])}, which the "
            f"{b.side} '{b.ref.text}' ({found}) does not; expected {expected}",
            expected, found, (a, b)))
    return out


def compare_identifiers(src: list[Located], tgt: list[Located]) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    keys = [b.ref.key for b in tgt]
    for a in src:
        if a.ref.key in keys:
            keys.remove(a.ref.key)
            continue
        out.append(Discrepancy("ref.missing", f"{a.ref.kind.upper()} '{a.ref.text}' in the {a.side} has no counterpart "
                               f"in the aligned text; expected '{a.ref.text}'",
                               a.ref.text, "", (a,), minor=True))
    return out


def compare_located(src: list[Located], tgt: list[Located]) -> list[Discrepancy]:
    """All discrepancies between the citations of two aligned texts."""
    def of(items, *kinds):
        return [x for x in items if x.ref.kind in kinds]

    out: list[Discrepancy] = []
    out += compare_acts(of(src, "act"), of(tgt, "act"))
    out += compare_oj(of(src, "oj"), of(tgt, "oj"))
    out += compare_council_docs(of(src, "council-doc"), of(tgt, "council-doc"))
    out += compare_articles(of(src, "article"), of(tgt, "article"))
    out += compare_identifiers(of(src, "celex", "ecli"), of(tgt, "celex", "ecli"))
    return out
