"""Real citation forms (NL/EN/FR/DE) from the seed, the DGT corpus, DOMAIN.md and EUR-Lex
house style, each with the language-neutral key it must get: equal keys = same reference."""
from __future__ import annotations

import pytest

from align.refs import find_citations, find_references

FORMS = [
 # acts, NL
 ("nl", "Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002", "act", "act:FD:2002/629:JHA"),
 ("nl", "Richtlijn 2004/81/EG van de Raad van 29 april 2004", "act", "act:DIR:2004/81:EC"),
 ("nl", "Verordening (EG) nr. 1234/2007", "act", "act:REG:1234/2007:EC"),
 ("nl", "Besluit nr. 284/2010/EU", "act", "act:DEC:284/2010:EU"),
 ("nl", "Besluit (GBVB) 2015/236", "act", "act:DEC:2015/236:CFSP"),
 ("nl", "Verordening (EU) 2016/679", "act", "act:REG:2016/679:EU"),
 ("nl", "Verordening (EG, Euratom) nr. 2185/96 van de Raad", "act", "act:REG:2185/1996:EC+EURATOM"),
 ("nl", "Uitvoeringsverordening (EU) 2018/1976 van de Commissie van 14 december 2018", "act", "act:IREG:2018/1976:EU"),
 ("nl", "Gedelegeerde Verordening (EU) 2019/980 van de Commissie van 14 maart 2019", "act", "act:DREG:2019/980:EU"),
 ("nl", "Verordening (EEG) nr. 2407/92", "act", "act:REG:2407/1992:EEC"),
 ("nl", "Besluit van de Commissie van 17 oktober 2007", "act", "act:DEC:commission:2007-10-17"),
 ("nl", "Verordening (EU) 2018/1139 van het Europees Parlement en de Raad", "act", "act:REG:2018/1139:EU"),
 ("nl", "Gemeenschappelijk Optreden 97/154/JBZ", "act", "act:JA:1997/154:JHA"),
 ("nl", "Gemeenschappelijk Standpunt 2001/931/GBVB van de Raad", "act", "act:CP:2001/931:CFSP"),
 ("nl", "Beschikking 2005/671/JBZ van de Raad van 20 september 2005", "act", "act:DEC:2005/671:JHA"),
 ("nl", "Besluit van het Gemengd Comité van de EER nr. 84/2019", "act", "act:DEC:84/2019:"),
 ("nl", "Beslissing nr. 1/2019 van het Gemengd Comité", "act", "act:DEC:1/2019:"),
 ("nl", "Beschikking nr. 1/2005/EGKS", "act", "act:DEC:1/2005:ECSC"),
 # acts, EN
 ("en", "Council Framework Decision 2002/629/JHA of 19 July 2002", "act", "act:FD:2002/629:JHA"),
 ("en", "Council Directive 2004/81/EC of 29 April 2004", "act", "act:DIR:2004/81:EC"),
 ("en", "Regulation (EC) No 2820/98", "act", "act:REG:2820/1998:EC"),
 ("en", "Regulation (EU) 2016/679 of the European Parliament and of the Council", "act", "act:REG:2016/679:EU"),
 ("en", "Decision No 284/2010/EU of the European Parliament and of the Council", "act", "act:DEC:284/2010:EU"),
 ("en", "Council Decision (CFSP) 2015/236", "act", "act:DEC:2015/236:CFSP"),
 ("en", "Council Regulation (Euratom, EC) No 2185/96", "act", "act:REG:2185/1996:EC+EURATOM"),
 ("en", "Commission Implementing Regulation (EU) 2018/1976 of 14 December 2018", "act", "act:IREG:2018/1976:EU"),
 ("en", "Commission Delegated Regulation (EU) 2019/980 of 14 March 2019", "act", "act:DREG:2019/980:EU"),
 ("en", "Council Framework Decision of 19 July 2002", "act", "act:FD:council:2002-07-19"),
 ("en", "Regulation of the European Parliament and of the Council of 10 March 2004", "act", "act:REG:ep-council:2004-03-10"),
 ("en", "Commission Implementing Decision of 11 March 2014", "act", "act:IDEC:commission:2014-03-11"),
 ("en", "Council Joint Action 98/733/JHA", "act", "act:JA:1998/733:JHA"),
 ("en", "Council Common Position 2001/931/CFSP", "act", "act:CP:2001/931:CFSP"),
 ("en", "Decision of the EEA Joint Committee No 84/2019", "act", "act:DEC:84/2019:"),
 ("en", "Council Decision 2009/371/JHA", "act", "act:DEC:2009/371:JHA"),
 ("en", "Commission Regulation (EU) No 1270/2009", "act", "act:REG:1270/2009:EU"),
 ("en", "Council Directive 2013/59/Euratom", "act", "act:DIR:2013/59:EURATOM"),
 # acts, FR and DE
 ("fr", "décision-cadre 2002/629/JAI du Conseil du 19 juillet 2002", "act", "act:FD:2002/629:JHA"),
 ("fr", "règlement (CE) n° 1234/2007 du Conseil", "act", "act:REG:1234/2007:EC"),
 ("fr", "règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016", "act", "act:REG:2016/679:EU"),
 ("fr", "directive 2004/81/CE du Conseil du 29 avril 2004", "act", "act:DIR:2004/81:EC"),
 ("fr", "décision (PESC) 2015/236 du Conseil", "act", "act:DEC:2015/236:CFSP"),
 ("fr", "règlement d'exécution (UE) 2018/1976 de la Commission", "act", "act:IREG:2018/1976:EU"),
 ("de", "Rahmenbeschluss 2002/629/JI des Rates vom 19. Juli 2002", "act", "act:FD:2002/629:JHA"),
 ("de", "Verordnung (EG) Nr. 1234/2007 des Rates", "act", "act:REG:1234/2007:EC"),
 ("de", "Verordnung (EU) 2016/679 des Europäischen Parlaments und des Rates vom 27. April 2016", "act", "act:REG:2016/679:EU"),
 ("de", "Richtlinie 2004/81/EG des Rates vom 29. April 2004", "act", "act:DIR:2004/81:EC"),
 ("de", "Beschluss (GASP) 2015/236 des Rates", "act", "act:DEC:2015/236:CFSP"),
 ("de", "Durchführungsverordnung (EU) 2018/1976 der Kommission", "act", "act:IREG:2018/1976:EU"),
 ("de", "Verordnung (EWG) Nr. 2407/92 des Rates", "act", "act:REG:2407/1992:EEC"),
 # Official Journal
 ("nl", "PB L 277 van 20.10.2007, blz. 29", "oj", "oj:L:277:2007-10-20:29"),
 ("en", "OJ L 277, 20.10.2007, p. 29", "oj", "oj:L:277:2007-10-20:29"),
 ("fr", "JO L 277 du 20.10.2007, p. 29", "oj", "oj:L:277:2007-10-20:29"),
 ("de", "ABl. L 277 vom 20.10.2007, S. 29", "oj", "oj:L:277:2007-10-20:29"),
 ("en", "OJ C 126 E, 28.5.2004, p. 1", "oj", "oj:C:126E:2004-05-28:1"),
 ("nl", "PB C 126 E van 28.5.2004, blz. 1", "oj", "oj:C:126E:2004-05-28:1"),
 ("en", "OJ L, 2023/2131, 11.10.2023", "oj", "oj:L:2023/2131:2023-10-11"),
 ("nl", "PB L, 2023/2131, 11.10.2023", "oj", "oj:L:2023/2131:2023-10-11"),
 ("en", "2005/C 311/01", "oj", "oj-notice:2005/C311/01"),
 ("nl", "PbEU 2010, L 180", "oj", "oj:L:180:2010"),
 ("en", "OJ L 123 I, 5.5.2020, p. 3", "oj", "oj:L:123I:2020-05-05:3"),
 ("nl", "PB L 84 van 23.3.2006", "oj", "oj:L:84:2006-03-23"),
 # Council documents
 ("nl", "14186/07 CRIMORG 156 MIGR 106", "council-doc", "council-doc:14186/07"),
 ("en", "15790/1/11 REV 1 COPEN 281", "council-doc", "council-doc:15790/1/11 REV 1"),
 ("en", "ST 14186/07 ADD 1", "council-doc", "council-doc:14186/07 ADD 1"),
 ("en", "14186/07 COR 1 (OR. en)", "council-doc", "council-doc:14186/07 COR 1"),
 ("en", "PE-CONS 69/10", "council-doc", "council-doc:PE-CONS 69/10"),
 # articles
 ("nl", "artikel 3, lid 2, onder b)", "article", "article:3(2)(b)"),
 ("en", "Article 3(2)(b)", "article", "article:3(2)(b)"),
 ("nl", "artikel 35, leden 2 en 3", "article", "article:35(2),35(3)"),
 ("en", "Articles 35(2) and (3)", "article", "article:35(2),35(3)"),
 ("en", "Article 5, paragraph 1(c)(ii)", "article", "article:5(1)(c)(ii)"),
 ("nl", "artikel 5, lid 1, onder c), punt ii)", "article", "article:5(1)(c)(ii)"),
 ("en", "paragraph 2 of Article 21.6", "article", "article:21.6(2)"),
 ("nl", "artikel 21.6, lid 2", "article", "article:21.6(2)"),
 ("en", "Articles 1 to 140", "article", "article:1-140"),
 ("nl", "Artikelen 1 tot en met 140", "article", "article:1-140"),
 ("nl", "artikelen 4, 5, 6, 6 bis en 7", "article", "article:4-6,6a,7"),
 ("en", "Articles 4, 5, 6, 6a and 7", "article", "article:4-6,6a,7"),
 ("nl", "artikel 49, lid 2 en lid 3", "article", "article:49(2),49(3)"),
 ("fr", "article 3, paragraphe 2, point b)", "article", "article:3(2)(b)"),
 ("de", "Artikel 3 Absatz 2 Buchstabe b", "article", "article:3(2)(b)"),
 # identifiers
 ("en", "CELEX 32002F0629", "celex", "celex:32002F0629"),
 ("en", "32019 R 0980", "celex", "celex:32019R0980"),
 ("en", "ECLI:EU:C:2006:710", "ecli", "ecli:ECLI:EU:C:2006:710"),
 ("en", "EU:C:2006:710", "ecli", "ecli:ECLI:EU:C:2006:710"),
 # dates
 ("nl", "19 juli 2002", "date", "date:2002-07-19"),
 ("en", "16th of May 2005", "date", "date:2005-05-16"),
 ("en", "20.10.2007", "date", "date:2007-10-20"),
 ("nl", "december 2005", "date", "date:2005-12"),
 ("nl", "2006 - 2010", "date", "date:2006/2010"),
 ("nl", "4-5 december 2006", "date", "date:2006-12-04/2006-12-05"),
 ("nl", "8 en 9 oktober 2007", "date", "date:2007-10-08,2007-10-09"),
 ("en", "on the 8th and 9th October 2007", "date", "date:2007-10-08,2007-10-09"),
 ("de", "19. Juli 2002", "date", "date:2002-07-19"),
 ("fr", "1er mai 2004", "date", "date:2004-05-01"),
 ("en", "2015-19", "date", "date:2015/2019"),
 # numbers
 ("nl", "1.000,50", "number", "number:1000.5"),
 ("en", "1,000.50", "number", "number:1000.5"),
 ("fr", "1 000,50", "number", "number:1000.5"),
 ("en", "1 000", "number", "number:1000"),
 ("nl", "15 %", "number", "number:15:%"),
 ("en", "EUR 2 500", "number", "number:2500:EUR"),
 ("nl", "3,5", "number", "number:3.5"),
]


@pytest.mark.parametrize("lang,text,kind,key", FORMS, ids=[f"{f[0]}:{f[1][:40]}" for f in FORMS])
def test_citation_form_gets_its_key(lang, text, kind, key):
    refs = find_references(text, lang)
    matching = [r for r in refs if r.kind == kind and r.key == key]
    assert matching, [(r.kind, r.key, r.text) for r in refs]
    ref = matching[0]
    assert text[ref.span[0]:ref.span[1]] == ref.text


def test_the_table_is_big_enough_and_covers_every_language_and_kind():
    assert len(FORMS) >= 60
    assert {f[0] for f in FORMS} == {"nl", "en", "fr", "de"}
    assert {f[2] for f in FORMS} >= {"act", "oj", "council-doc", "article", "celex", "ecli", "date", "number"}


# the same reference in two languages has one key: the point of canonical keys
EQUIVALENT = [
    ("nl", "Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002", "en", "Council Framework Decision 2002/629/JHA of 19 July 2002"),
    ("nl", "Richtlijn 2004/81/EG van de Raad", "fr", "directive 2004/81/CE du Conseil"),
    ("nl", "Verordening (EG) nr. 1234/2007", "de", "Verordnung (EG) Nr. 1234/2007"),
    ("en", "Council Decision (CFSP) 2015/236", "de", "Beschluss (GASP) 2015/236 des Rates"),
    ("nl", "Verordening (EEG) nr. 2407/92", "fr", "règlement (CEE) n° 2407/92"),
    ("nl", "PB L 277 van 20.10.2007, blz. 29", "en", "OJ L 277, 20.10.2007, p. 29"),
    ("nl", "artikel 3, lid 2, onder b)", "en", "Article 3(2)(b)"),
    ("nl", "artikel 35, leden 2 en 3", "en", "Articles 35(2) and (3)"),
    ("nl", "8 en 9 oktober 2007", "en", "on the 8th and 9th October 2007"),
    ("nl", "1.000,50", "en", "1,000.50"),
]


@pytest.mark.parametrize("lang_a,a,lang_b,b", EQUIVALENT)
def test_equivalent_citations_compare_equal(lang_a, a, lang_b, b):
    keys_a = [r.key for r in find_references(a, lang_a)]
    keys_b = [r.key for r in find_references(b, lang_b)]
    assert keys_a and keys_a == keys_b


def test_act_parts_carry_type_author_date_and_suffix_language():
    (act,) = find_citations("Indachtig Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 inzake", "nl")
    assert act.part("type") == "FD"
    assert act.part("author") == "council"
    assert act.part("date") == "2002-07-19"
    assert act.part("suffixes") == ("JBZ",)
    assert act.part("domains") == ("JHA",)
    assert act.text == "Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002"


def test_a_list_of_acts_inherits_the_type():
    refs = find_citations("tot intrekking van Uitvoeringsverordeningen (EU) nr. 390/2013 en (EU) nr. 391/2013, PB L 56", "nl")
    acts = [r for r in refs if r.kind == "act"]
    assert [a.key for a in acts] == ["act:IREG:390/2013:EU", "act:IREG:391/2013:EU"]


def test_implementing_as_a_verb_is_not_part_of_the_type():
    refs = find_citations("Commission Regulation (EC) No 1358/2003 of 31 July 2003 implementing Regulation (EC) No 437/2003", "en")
    assert [r.key for r in refs if r.kind == "act"] == ["act:REG:1358/2003:EC", "act:REG:437/2003:EC"]


def test_council_of_europe_is_not_an_author():
    refs = find_citations("het Verdrag van de Raad van Europa van 16 mei 2005 inzake mensenhandel", "nl")
    assert [r for r in refs if r.kind == "act"] == []


def test_a_foreign_suffix_is_still_recognised_so_it_can_be_reported():
    (act,) = find_citations("Council Framework Decision 2002/629/JBZ", "en")
    assert act.part("domains") == ("JHA",) and act.part("suffixes") == ("JBZ",)


def test_oj_page_word_and_metadata_page_range_are_kept():
    (oj,) = find_citations("PB L 277 van 20.10.2007, p. 29-31", "nl")
    assert oj.part("page_word") == "p." and oj.part("page_range") is True and oj.part("page") == 29


def test_council_document_codes_are_parts():
    (doc,) = find_citations("staan in ADD 1 bij document 14186/07 CRIMORG 156 MIGR 106.", "nl")
    assert doc.part("codes") == ("CRIMORG 156", "MIGR 106")


@pytest.mark.parametrize("lang,text", [
    ("en", "Regulation (EC) No 2820/98"),  # an act number, not a Council document
    ("en", "ILO Conventions Nº 29 (Forced Labour Convention, 1930)"),
    ("nl", "in punt 4.2 van het EU-plan"),
])
def test_no_council_document_where_there_is_none(lang, text):
    assert not [r for r in find_references(text, lang) if r.kind == "council-doc"]


def test_dates_inside_citations_are_parts_not_separate_dates():
    refs = find_references("Richtlijn 2004/81/EG van de Raad van 29 april 2004 betreffende", "nl")
    assert [r.kind for r in refs] == ["act"]


def test_numbers_read_in_their_language():
    assert [r.key for r in find_references("1.000 en 1,5", "nl") if r.kind == "number"] == ["number:1000", "number:1.5"]
    assert [r.key for r in find_references("1,000 and 1.5", "en") if r.kind == "number"] == ["number:1000", "number:1.5"]


def test_ambiguous_number_keeps_both_readings():
    (n,) = [r for r in find_references("punt 165.120", "nl") if r.kind == "number"]
    assert set(n.part("alternatives")) == {"165120", "165.12"}
