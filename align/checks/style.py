"""House-style checks on citations and dates (EU Interinstitutional Style Guide): non-ISG date
forms (``16th of May 2005``), ``No.``/``Nº`` for ``No`` in English, ``nr`` without full stop in
Dutch, another language's page word or OJ abbreviation (``p.`` in Dutch), the Dutch national
``PbEU`` style."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from align.checks.registry import CheckContext, make_finding, register
from align.model import Finding, Reference, Segment, location_for
from align.refs import find_references
from align.refs.data import available_languages, lang_data
from align.refs.render import date_text

# French writes "1er mai" by the rules of its own style guide; ordinals are wrong elsewhere
ORDINAL_DATES_ALLOWED = {"fr"}


def _segments(ctx: CheckContext) -> Iterator[tuple[Segment, str]]:
    if ctx.pairs:
        seen: set[str] = set()
        for pair in ctx.pairs:
            for side, segs in (("source", pair.source), ("target", pair.target)):
                for seg in segs:
                    if (side, seg.id) not in seen:
                        seen.add((side, seg.id))
                        yield seg, side
    else:
        for doc in ctx.documents:
            for seg in doc.segments:
                yield seg, "document"


def _iso_form(ref, lang: str) -> str:
    values = ref.part("values")
    if len(values) == 1:
        return date_text(values[0], lang)
    days = [v.rsplit("-", 1)[1].lstrip("0") for v in values]
    joiner = "-" if ref.part("range") else " and " if lang == "en" else " en " if lang == "nl" else ", "
    last = date_text(values[-1], lang)
    return (days[0] + "-" + last if ref.part("range") else joiner.join(days[:-1]) + joiner + last)


@register("style.date-format", "Locale conventions", "minor",
          "Date not in house style: ordinals ('16th of May 2005'), 'October of 1999', 'May 16, 2005'",
          subcategory="Date format")
def check_date_format(ctx: CheckContext) -> Iterable[Finding]:
    for seg, side in _segments(ctx):
        if seg.lang in ORDINAL_DATES_ALLOWED:
            continue
        for ref in find_references(seg.text, seg.lang):
            if ref.kind == "act" and ref.part("date_style"):  # "Regulation ... of 16th of May 2005"
                start, end = ref.part("date_span")
                ref = Reference("date", "date:" + ref.part("date"), seg.text[start:end], (start, end),
                                (("values", (ref.part("date"),)), ("style", ref.part("date_style"))))
            style = ref.part("style") if ref.kind == "date" else None
            if not style:
                continue
            expected = _iso_form(ref, seg.lang)
            yield make_finding(
                "style.date-format",
                f"date '{ref.text}' is not in house style ({style}); the Interinstitutional Style Guide writes '{expected}'",
                [location_for(seg, side, ref.span)], expected=expected, found=ref.text)


@lru_cache(maxsize=None)
def _number_word_rx(lang: str) -> tuple[re.Pattern, dict[str, str]] | None:
    variants = lang_data(lang).get("number_words_style", {})
    if not variants:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({alternatives})(?![\w.])\s?(?=\d)"), variants


@register("style.citation", "Style", "minor",
          "Citation not in house style: 'No.' or 'Nº' in English, 'nr' without full stop in Dutch, another language's OJ abbreviation or page word, national 'PbEU' style",
          subcategory="Organizational style")
def check_citation_style(ctx: CheckContext) -> Iterable[Finding]:
    for seg, side in _segments(ctx):
        lang = seg.lang
        if lang not in available_languages():
            continue
        rx = _number_word_rx(lang)
        if rx is not None:
            pattern, variants = rx
            for m in pattern.finditer(seg.text):
                expected = variants[m.group(1)]
                yield make_finding("style.citation",
                                   f"'{m.group(1)}' before a number: {lang.upper()} house style is '{expected}'",
                                   [location_for(seg, side, m.span(1))], expected=expected, found=m.group(1),
                                   salt=str(m.start()))
        oj = lang_data(lang)["oj"]
        for ref in find_references(seg.text, lang):
            if ref.kind != "oj":
                continue
            if ref.part("form") == "national":
                yield make_finding(
                    "style.citation",
                    f"'{ref.text}' is Dutch national style; Council style cites the Official Journal as "
                    f"'PB {ref.part('series')} {ref.part('issue')} van <date>, blz. <page>'",
                    [location_for(seg, side, ref.span)], expected=f"PB {ref.part('series')} {ref.part('issue')}",
                    found=ref.text)
                continue
            abbrev = ref.part("abbrev")
            if abbrev and abbrev not in oj["abbrev"]:
                yield make_finding(
                    "style.citation", f"Official Journal abbreviation '{abbrev}' in {lang.upper()} text; expected '{oj['abbrev'][0]}'",
                    [location_for(seg, side, (ref.span[0], ref.span[0] + len(abbrev)))],
                    expected=oj["abbrev"][0], found=abbrev)
            page_word = ref.part("page_word")
            if page_word and page_word not in oj["page"] and not ref.part("page_range"):
                # EUR-Lex metadata lines give page ranges ("p. 29-31"): those are not translations
                yield make_finding(
                    "style.citation", f"page abbreviation '{page_word}' in {lang.upper()} text; expected '{oj['page'][0]}'",
                    [location_for(seg, side, ref.part("page_span"))], expected=oj["page"][0], found=page_word)
