"""The reference, number and style checks on real text: DGT EN-NL pairs (clean and with one
planted error each) and the seed document (monolingual: Dutch body against English annex)."""
from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from align.checks.registry import CheckContext
from align.checks.numbers import check_number_mismatch
from align.checks.references import (check_article, check_author, check_council_doc, check_date, check_missing,
                                     check_number, check_oj, check_series, check_type)
from align.checks.style import check_citation_style, check_date_format
from align.model import AlignedPair, Document, Origin, Segment, Severity

DGT_TSV = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"

REF_CHECKS = {
    "ref.missing": check_missing, "ref.number": check_number, "ref.series": check_series, "ref.type": check_type,
    "ref.author": check_author, "ref.date": check_date, "ref.oj": check_oj, "ref.council-doc": check_council_doc,
    "ref.article": check_article, "number.mismatch": check_number_mismatch,
}


def seg(text: str, lang: str, n: int, file: str = "doc") -> Segment:
    return Segment(f"{file}:{lang}:{n}", text, lang, Origin(f"{file}.{lang}", n, n))


def bilingual(pairs, confidence: float = 1.0, settings=None) -> CheckContext:
    aligned, src, tgt = [], [], []
    for i, (en, nl) in enumerate(pairs):
        s, t = seg(en, "en", i + 1), seg(nl, "nl", i + 1)
        src.append(s)
        tgt.append(t)
        aligned.append(AlignedPair(i, (s,), (t,), confidence))
    docs = (Document("doc.en", "en", tuple(src)), Document("doc.nl", "nl", tuple(tgt)))
    return CheckContext("bilingual", tuple(aligned), docs, "en", "nl", settings=settings or {})


def run(ctx, *checks):
    out = []
    for check_id in checks:
        func = REF_CHECKS.get(check_id) or {"style.date-format": check_date_format,
                                            "style.citation": check_citation_style}[check_id]
        out += list(func(ctx))
    return out


def dgt_rows():
    with open(DGT_TSV, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(r[0], int(r[1]), r[2], r[3]) for r in reader]


def dgt_pair(doc: str, tu: int) -> tuple[str, str]:
    for d, t, en, nl in dgt_rows():
        if d == doc and t == tu:
            return en, nl
    raise KeyError((doc, tu))


# real DGT pairs whose citations agree, each with its planted error and the check that must catch it
EN_OJ, NL_OJ = ("Commission Implementing Regulation (EU) 2016/1185, OJ L 196, 21.7.2016, p. 3.",
                "Uitvoeringsverordening (EU) 2016/1185 van de Commissie, PB L 196 van 21.7.2016, blz. 3")
EN_AUTH, NL_AUTH = ("Commission Implementing Regulation (EU) 2018/1976 of 14 December 2018 laying down detailed rules",
                    "Uitvoeringsverordening (EU) 2018/1976 van de Commissie van 14 december 2018 tot vaststelling")
EN_ART, NL_ART = ("In accordance with Article 103(1) of the Agreement, the Trade and Development Committee",
                  "Overeenkomstig artikel 103, lid 1, van de overeenkomst bestaat het Handels- en ontwikkelingscomité")
EN_FD, NL_FD = ("Reminding the Council Framework Decision 2002/629/JHA of 19 July 2002 on combating trafficking",
                "Indachtig Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 inzake bestrijding van mensenhandel")
PLANTED = [  # (check, English source, clean Dutch target, text to change, its replacement, expected value)
    ("ref.number", EN_FD, NL_FD, "2002/629", "2002/692", "2002/629/JBZ"),
    ("ref.number", EN_FD, NL_FD, "2002/629", "2003/629", "2002/629/JBZ"),
    ("ref.series", EN_FD, NL_FD, "JBZ", "EG", "2002/629/JBZ"),
    ("ref.series", EN_FD, NL_FD, "JBZ", "JHA", "JBZ"),
    ("ref.type", EN_FD, NL_FD, "Kaderbesluit", "Richtlijn", "Kaderbesluit"),
    ("ref.author", EN_AUTH, NL_AUTH, "van de Commissie", "van de Raad", "van de Commissie"),
    ("ref.date", EN_FD, NL_FD, "19 juli", "19 juni", "2002-07-19"),
    ("ref.oj", EN_OJ, NL_OJ, "blz. 3", "blz. 4", "PB L 196 van 21.7.2016, blz. 3"),
    ("ref.oj", EN_OJ, NL_OJ, "L 196", "L 169", "PB L 196 van 21.7.2016, blz. 3"),
    ("ref.article", EN_ART, NL_ART, "artikel 103", "artikel 130", "103(1)"),
    ("ref.article", EN_ART, NL_ART, "lid 1", "lid 2", "103(1)"),
    ("ref.missing", EN_OJ, NL_OJ, "Uitvoeringsverordening (EU) 2016/1185 van de Commissie, PB L 196 van 21.7.2016, blz. 3",
     "Uitvoeringsverordening van de Commissie", "2016/1185"),
    ("ref.council-doc", "see document 14186/07 CRIMORG 156 MIGR 106", "zie document 14186/07 CRIMORG 156 MIGR 106",
     "CRIMORG 156", "CRIMORG 165", "14186/07 CRIMORG 156 MIGR 106"),
    ("ref.council-doc", "see 15790/1/11 REV 1 COPEN 281", "zie 15790/1/11 REV 1 COPEN 281", "REV 1", "REV 2",
     "15790/1/11 REV 1 COPEN 281"),
    ("number.mismatch", "no later than 70 days from the date", "uiterlijk 70 dagen na de datum", "70", "17", "70"),
    ("number.mismatch", "a budget of EUR 1,000.50", "een begroting van EUR 1.000,50", "1.000,50", "1.000,05", "1000,5"),
    ("number.mismatch", "on 19 July 2002 the Council", "op 19 juli 2002 heeft de Raad", "juli", "juni", "19 juli 2002"),
]


@pytest.mark.parametrize("check_id,en,nl,old,new,expected", PLANTED, ids=[f"{p[0]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_error_is_caught_with_expected_value(check_id, en, nl, old, new, expected):
    assert run(bilingual([(en, nl)]), check_id) == [], "the clean pair must pass"
    assert old in nl
    findings = run(bilingual([(en, nl.replace(old, new, 1))]), check_id)
    assert findings, f"{check_id} missed the planted error"
    assert any(expected in f.expected for f in findings), [(f.expected, f.message) for f in findings]
    for f in findings:
        assert f.check == check_id and f.category and "expected" in f.message
        for loc in f.locations:
            assert loc.span is not None and 0 <= loc.span[0] < loc.span[1] <= len(loc.text)


@pytest.mark.parametrize("en,nl", [(EN_FD, NL_FD), (EN_OJ, NL_OJ), (EN_AUTH, NL_AUTH), (EN_ART, NL_ART)])
def test_clean_real_pairs_give_no_reference_or_number_finding(en, nl):
    assert run(bilingual([(en, nl)]), *REF_CHECKS) == []


def test_location_span_points_at_the_reference():
    (f,) = run(bilingual([(EN_FD, NL_FD.replace("Kaderbesluit", "Richtlijn"))]), "ref.type")
    spans = {loc.side: loc.text[loc.span[0]:loc.span[1]] for loc in f.locations}
    assert spans["source"] == "Council Framework Decision 2002/629/JHA of 19 July 2002"
    assert spans["target"] == "Richtlijn 2002/629/JBZ van de Raad van 19 juli 2002"
    assert f.expected == "Kaderbesluit 2002/629/JBZ"


def test_series_suffix_of_the_wrong_language_in_one_text():
    findings = run(bilingual([("Council Framework Decision 2002/629/JBZ of 19 July 2002", NL_FD)]), "ref.series")
    assert [f.expected for f in findings] == ["JHA"]
    assert findings[0].locations[0].side == "source"


def test_series_impossible_for_the_year():
    findings = run(bilingual([("Council Decision 2012/45/JHA", "Besluit 2012/45/JBZ van de Raad")]), "ref.series")
    assert len(findings) == 2 and all("did not exist in 2012" in f.message for f in findings)


def test_implementing_versus_plain_regulation_is_a_minor_type_finding():
    (f,) = run(bilingual([("Commission Implementing Regulation (EU) 2016/1185", "Verordening (EU) 2016/1185 van de Commissie")]),
               "ref.type")
    assert f.severity == Severity.MINOR


def test_date_differs_within_one_language_anywhere_in_the_document_set():
    ctx = bilingual([(EN_FD, NL_FD), ("Recalling Council Framework Decision 2002/629/JHA of 19 June 2002.",
                                      "Herinnerend aan Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002.")])
    findings = run(ctx, "ref.date")
    messages = " | ".join(f.message for f in findings)
    assert "2002-06-19" in messages and "2002-07-19" in messages
    assert any(len({loc.lang for loc in f.locations}) == 1 and len(f.locations) == 2 for f in findings)


def test_low_confidence_pairs_downgrade_and_skip_missing():
    planted = [(EN_FD, NL_FD.replace("Kaderbesluit", "Richtlijn")), (EN_OJ, "Uitvoeringsverordening van de Commissie")]
    weak = bilingual(planted, confidence=0.3)
    assert [f.severity for f in run(weak, "ref.type")] == [Severity.MINOR]
    assert run(weak, "ref.missing") == []
    assert run(weak, "number.mismatch") == []
    assert run(bilingual(planted, confidence=0.3, settings={"min_confidence": 0.2}), "ref.missing")


@pytest.mark.parametrize("en,nl", [
    ("no later than 70 days", "uiterlijk zeventig dagen"),            # number written as a word
    ("within two months", "binnen 2 maanden"),
    ("the second subparagraph", "de 2e alinea"),                      # ordinal
    ("as set out in Annex 1;", "die is opgenomen in bijlage I;"),     # Roman numeral
    ("1. The Parties shall", "De partijen zullen"),                   # list numbering
    ("paragraphs 16 to 18 shall", "de punten 16, 17 en 18 blijven"),  # range vs enumeration
    ("1,000.50 euro", "1.000,50 euro"),                               # locale formats
    ("5 000 tonnes", "5.000 ton"),
    ("Guidelines, March 2005.", "Guidelines, March 2005."),           # untranslated title in the target
    ("reference period 2015-19", "referentieperiode 2015-2019"),
    ("points 165.120 and 165.115", "punten 165.120 en 165.115"),      # section numbers, not thousands
    ("on the 8th and 9th October 2007", "op 8 en 9 oktober 2007"),
    ("meetings of 28 October and 5 November 2007", "vergaderingen van 28 oktober en 5 november 2007"),
])
def test_no_false_number_alarm(en, nl):
    assert run(bilingual([(en, nl)]), "number.mismatch") == []


def test_number_mismatch_reports_both_directions_with_expected_form():
    findings = run(bilingual([("a total of 1,500 units", "in totaal 1.600 eenheden")]), "number.mismatch")
    assert sorted((f.locations[0].side, f.expected) for f in findings) == [("source", "1500"), ("target", "1600")]


def test_real_dgt_discrepancies_are_reported():
    # DGT 22019D1343 tu 96: the Dutch cites (EG) nr. 748/2012: EG did not exist in 2012
    en, nl = dgt_pair("22019D1343", 96)
    series = run(bilingual([(en, nl)]), "ref.series")
    assert any(f.expected == "(EU) nr. 748/2012" for f in series)
    # DGT 22019D1369 tu 11: Council Regulation in English, "van de Commissie" in Dutch
    en, nl = dgt_pair("22019D1369", 11)
    (author,) = run(bilingual([(en, nl)]), "ref.author")
    assert author.expected == "van de Raad"


def test_whole_dgt_corpus_stays_under_five_findings_per_thousand_segments():
    rows = dgt_rows()
    ctx = bilingual([(en, nl) for _, _, en, nl in rows])
    findings = run(ctx, *REF_CHECKS)
    assert 1000 * len(findings) / (2 * len(rows)) < 5.0, [f.message for f in findings]


# ------------------------------------------------------------------ style

def test_style_findings_on_english_citations():
    ctx = bilingual([("Regulation (EC) No. 1234/2007 of 16th of May 2005", "Verordening (EG) nr 1234/2007 van 16 mei 2005"),
                     ("ILO Conventions Nº 29", "IAO-verdragen nr. 29"),
                     ("OJ L 277, 20.10.2007, p. 29", "PB L 277 van 20.10.2007, p. 29"),
                     ("OJ L 180, 15.7.2010, p. 1", "PbEU 2010, L 180")])
    citation = run(ctx, "style.citation")
    found = sorted((f.locations[0].lang, f.found, f.expected) for f in citation)
    assert found == [("en", "No.", "No"), ("en", "Nº", "No"), ("nl", "PbEU 2010, L 180", "PB L 180"),
                     ("nl", "nr", "nr."), ("nl", "p.", "blz.")]
    (date,) = run(ctx, "style.date-format")
    assert date.found == "16th of May 2005" and date.expected == "16 May 2005" and date.severity == Severity.MINOR


def test_english_oj_abbreviation_in_dutch_text_is_a_style_finding():
    (f,) = run(bilingual([("OJ L 277, 20.10.2007, p. 29", "OJ L 277 van 20.10.2007, blz. 29")]), "style.citation")
    assert (f.found, f.expected, f.locations[0].side) == ("OJ", "PB", "target")


def test_eurlex_metadata_page_range_is_not_a_style_finding():
    assert run(bilingual([("OJ L 277, 20.10.2007, p. 29-31", "PB L 277 van 20.10.2007, p. 29-31")]), "style.citation") == []


# ------------------------------------------------------------------ monolingual (seed)

@pytest.fixture(scope="module")
def seed_doc(seed_path) -> Document:
    from align.io.reader import read_input

    return read_input(seed_path)


def mono(doc: Document) -> CheckContext:
    return CheckContext("monolingual", (), (doc,), "nl", "en")


def test_seed_has_no_reference_finding_only_style(seed_doc):
    ctx = mono(seed_doc)
    assert run(ctx, "ref.series", "ref.type", "ref.author", "ref.date", "ref.oj", "ref.council-doc") == []
    dates = run(ctx, "style.date-format")
    assert {f.found for f in dates} == {"the 8th and 9th October 2007", "October of 1999", "16th of May 2005",
                                        "December of 2004", "the 18th of October", "9th October 2007"}
    citation = run(ctx, "style.citation")
    assert {f.found for f in citation} == {"Nº"} and len(citation) == 2


def _plant(doc: Document, old: str, new: str, lang: str = "en", count: int = 1) -> Document:
    segments, done = [], 0
    for s in doc.segments:
        if s.lang == lang and old in s.text and done < count:
            s = replace(s, text=s.text.replace(old, new, 1))
            done += 1
        segments.append(s)
    assert done == count
    return replace(doc, segments=tuple(segments))


@pytest.mark.parametrize("old,new,check_id,expected", [
    ("Council Directive 2004/81/EC of 29 April 2004 on", "Council Framework Decision 2004/81/EC of 29 April 2004 on",
     "ref.type", "Directive"),
    ("Directive 2004/81/EC of 29 April 2004 on", "Directive 2004/81/EC of 29 May 2004 on", "ref.date", "2004-04-29"),
    ("Council Framework Decision 2005/212/JHA", "Commission Framework Decision 2005/212/JHA", "ref.series", None),
    ("Council Directive 2004/81/EC of 29 April 2004 on", "Commission Directive 2004/81/EC of 29 April 2004 on",
     "ref.author", "Council"),
    ("Directive 2004/81/EC of 29 April 2004 on", "Directive 2004/81/JHA of 29 April 2004 on", "ref.series",
     "2004/81/EC"),
])
def test_seed_english_annex_cross_checked_against_dutch_body(seed_doc, old, new, check_id, expected):
    findings = run(mono(_plant(seed_doc, old, new)), check_id)
    if expected is None:  # Dutch gives no author for 2005/212: nothing to contradict
        assert findings == []
        return
    assert findings, check_id
    assert any(expected in f.expected for f in findings), [(f.expected, f.message) for f in findings]
    langs = {loc.lang for f in findings for loc in f.locations}
    assert langs == {"nl", "en"}
