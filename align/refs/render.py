"""How a reference should be written in a given language: used in finding messages
("expected 2002/629/JHA") and in the index's per-language forms."""
from __future__ import annotations

from align.model import Reference
from align.refs.data import lang_data, series_by_canonical

TYPE_FAMILY = {"IREG": "REG", "DREG": "REG", "IDIR": "DIR", "DDIR": "DIR", "IDEC": "DEC", "DDEC": "DEC"}


def type_name(code: str | None, lang: str) -> str:
    if not code:
        return "act"
    return lang_data(lang).get("type_names", {}).get(code, code)


def author_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    data = lang_data(lang)
    if code in data.get("author_before", {}):
        return data["author_before"][code][0]
    return data.get("author_after", {}).get(code, [code])[0]


def domain_forms(domains, lang: str) -> list[str]:
    table = series_by_canonical()
    return [table[d].form(lang) if d in table else d for d in domains]


def act_number(ref: Reference, lang: str) -> str:
    """The number as ``lang`` writes it: ``2002/629/JHA``, ``(EC) No 1234/2007``, ``(EU) 2016/679``."""
    if ref.part("form") == "unnumbered":
        return ""
    written = ref.part("written") or ref.part("number_text")
    doms = domain_forms(ref.part("domains") or (), lang)
    number_word = lang_data(lang)["number_words"][0]
    has_no = bool(ref.part("number_word"))
    if ref.part("form") == "domain-first":
        return f"({', '.join(doms)}) " + (f"{number_word} " if has_no else "") + written
    if ref.part("form") == "suffix":
        return (f"{number_word} " if has_no else "") + written + "/" + "/".join(doms)
    return (f"{number_word} " if has_no else "") + written


def act_label(ref: Reference, lang: str) -> str:
    """A short description: ``Framework Decision 2002/629/JHA (Council, 2002-07-19)``."""
    bits = [type_name(ref.part("type"), lang)]
    number = act_number(ref, lang)
    if number:
        bits.append(number)
    extra = [x for x in (author_name(ref.part("author"), lang), ref.part("date") or "") if x]
    return " ".join(bits) + (f" ({', '.join(extra)})" if extra else "")


def oj_label(ref: Reference, lang: str) -> str:
    abbrev = lang_data(lang)["oj"]["abbrev"][0]
    if ref.part("form") == "notice":
        return f"{ref.part('year')}/{ref.part('series')} {ref.part('issue')}/{ref.part('notice')}"
    page_word = lang_data(lang)["oj"]["page"][0]
    date = ref.part("date") or ""
    if len(date) == 10:
        y, m, d = date.split("-")
        date = f"{int(d)}.{int(m)}.{y}"
    if ref.part("number"):
        return f"{abbrev} {ref.part('series')}, {ref.part('number')}, {date}"
    conn = {"nl": " van", "fr": " du", "de": " vom"}.get(lang, ",")
    out = f"{abbrev} {ref.part('series')} {ref.part('issue')}{conn} {date}".replace("  ", " ")
    if ref.part("page") is not None:
        out += f", {page_word} {ref.part('page')}"
    return out


def label(ref: Reference, lang: str) -> str:
    if ref.kind == "act":
        return act_label(ref, lang)
    if ref.kind == "oj":
        return oj_label(ref, lang)
    return ref.key.split(":", 1)[1]


def date_text(iso: str, lang: str) -> str:
    """``2002-07-19`` as ``lang`` writes it: ``19 July 2002``, ``19 juli 2002``, ``19. Juli 2002``."""
    from align.refs.data import month_names

    names: dict[int, str] = {}
    for form, number in month_names(lang).items():
        if len(form) > len(names.get(number, "")):
            names[number] = form
    if iso.startswith("--"):
        y, (m, d) = None, iso[2:].split("-")
    else:
        bits = iso.split("-")
        y, m, d = bits[0], bits[1] if len(bits) > 1 else None, bits[2] if len(bits) > 2 else None
    if m is None:
        return str(y)
    month = names.get(int(m), m)
    if lang in ("en", "de"):
        month = month[:1].upper() + month[1:]
    day = f"{int(d)}{'.' if lang == 'de' else ''} " if d else ""
    return f"{day}{month}" + (f" {y}" if y else "")


def number_text(value: str, lang: str) -> str:
    """A canonical number written with ``lang``'s separators (``1000.5`` -> ``1.000,5`` in Dutch)."""
    from align.refs.data import lang_data

    if value.startswith("#") or not value.replace(".", "", 1).isdigit():
        return value.lstrip("#")
    fmt = lang_data(lang)["numbers"]
    integer, _, fraction = value.partition(".")
    group = fmt["group"][0] if len(integer) > 4 else ""
    grouped = integer
    if group:
        grouped = f"{int(integer):,}".replace(",", group)
    return grouped + (fmt["decimal"] + fraction if fraction else "")
