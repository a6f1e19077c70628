"""Terminology checks on real text: the seed (monolingual) and DGT pairs (bilingual).

Planted errors are made by editing one real DGT target the way translators err; every
other pair stays as DGT published it and must stay silent.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from align.checks.registry import CheckContext, get, run_checks
from align.io.plaintext import read_plaintext
from align.model import AlignedPair, Origin, Segment, Severity
from align.terms import concept_usage, load_glossaries

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "council" / "st14186-07.nl.txt"
PAIRS = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
TERM_CHECKS = ("term.missing", "term.deprecated", "term.inconsistent", "term.near-miss")


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries((), include_shipped=True, include_general=False)


@pytest.fixture(scope="module")
def seed_findings(glossary):
    doc = read_plaintext(str(SEED))
    ctx = CheckContext("monolingual", (), (doc,), "nl", "en", glossary=glossary, annotations={})
    return run_checks(ctx, only=TERM_CHECKS)


def _dgt() -> dict[str, list[tuple[int, str, str]]]:
    docs: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[row["doc_id"]].append((int(row["tu_index"]), row["en"], row["nl"]))
    return docs


DGT = _dgt()


def _pair(i: int, src: str, tgt: str, src_lang: str = "nl", tgt_lang: str = "en", conf: float = 1.0):
    s = Segment(f"s{i}", src, src_lang, Origin("src.txt", i + 1, i + 1))
    t = Segment(f"t{i}", tgt, tgt_lang, Origin("tgt.txt", i + 1, i + 1))
    return AlignedPair(i, (s,), (t,), conf)


def _run(glossary, pairs, src_lang="nl", tgt_lang="en", only=TERM_CHECKS, **settings):
    ctx = CheckContext("bilingual", tuple(pairs), (), src_lang, tgt_lang, glossary=glossary,
                       settings={"min_confidence": 0.5, **settings}, annotations={})
    return run_checks(ctx, only=only)


def _dgt_unit(doc: str, tu: int) -> tuple[str, str]:
    en, nl = next((e, n) for t, e, n in DGT[doc] if t == tu)
    return en, nl


# -- the seed: every real terminology defect of the English annex, with its severity -----------
SEED_DEFECTS = [
    ("term.deprecated", "Convention of the European Council against trafficking in Human beings", Severity.CRITICAL),
    ("term.deprecated", "penal responsibility", Severity.MAJOR),
    ("term.deprecated", "legal people", Severity.MAJOR),
    ("term.deprecated", "European Convention of the Human Rights", Severity.MAJOR),
    ("term.deprecated", "third countries nationals", Severity.MAJOR),
    ("term.near-miss", "Universal Declaration of the United Nations Human Rights", Severity.MAJOR),
    ("term.deprecated", "member States", Severity.MINOR),
    ("term.deprecated", "member states", Severity.MINOR),
    ("term.deprecated", "Charter of Fundamental Rights of the EU", Severity.MINOR),
    ("term.deprecated", "Treaty on the European Union", Severity.MINOR),
    ("term.deprecated", "European Union Treaty", Severity.MINOR),
    ("term.deprecated", "trafficking of Human Beings", Severity.MINOR),
    ("term.deprecated", "trafficking in Human Beings", Severity.MINOR),  # case variant, grouped
    ("term.deprecated", "legal frame", Severity.MINOR),
    ("term.deprecated", "Palermo’s Protocol", Severity.MINOR),
]


@pytest.mark.parametrize("check,found,severity", SEED_DEFECTS)
def test_seed_annex_defects_are_flagged(seed_findings, check, found, severity):
    hits = [f for f in seed_findings if f.check == check and f.found == found]
    assert hits, f"{found!r} not flagged by {check}"
    assert all(f.severity == severity for f in hits)
    assert all(loc.lang == "en" for f in hits for loc in f.locations[:1])


# Correct passages of the seed that must never be flagged.
SEED_CORRECT = [
    "Tampere European Council",
    "Council of Europe Convention on Action against Trafficking in Human Beings",
    "Council Framework Decision 2002/629/JHA",
    "Convention on the Elimination of All Forms of Discrimination against Women",
    "Convention on the Rights of the Child",
    "Protocol to Prevent, Suppress and Punish Trafficking in Persons, especially",
    "residence permit",
    "crime-related proceeds",
    "Brussels Declaration",
    "the Council, the Commission and the Member States",
]


@pytest.mark.parametrize("passage", SEED_CORRECT)
def test_seed_correct_passages_are_not_flagged(seed_findings, passage):
    for f in seed_findings:
        for loc in f.locations[:1]:
            if loc.span and passage in loc.text:
                start = loc.text.index(passage)
                inside = start <= loc.span[0] < start + len(passage)
                assert not (inside and f.check != "term.inconsistent"), (f.message, passage)


def test_seed_dutch_body_is_not_flagged(seed_findings):
    assert not [f for f in seed_findings if f.locations[0].lang == "nl" and f.check != "term.inconsistent"]


def test_seed_cross_check_names_the_dutch_concept(seed_findings):
    f = next(f for f in seed_findings if f.found == "third countries nationals")
    assert "nl part" in f.message and any(loc.lang == "nl" for loc in f.locations)


def test_seed_experts_group_is_not_flagged(seed_findings):
    """'Experts Group on Trafficking in Human Beings' was the official name of the group whose
    December 2004 report the annex cites (Commission Decision 2003/209/EC)."""
    assert not [f for f in seed_findings if "Experts Group" in f.found]


def test_seed_english_part_inconsistency(seed_findings):
    f = next(f for f in seed_findings if f.check == "term.inconsistent" and "trafficking in human beings" in f.message)
    assert "'trafficking in Human Beings'" in f.message and len(f.locations) >= 10


# -- bilingual: real DGT pairs stay silent, planted errors are caught ---------------------------
CLEAN_DOCS = ["22019D0391", "22019D0556", "22019D1356", "22019D1359", "22019D1362", "22019D1365"]


@pytest.mark.parametrize("doc", CLEAN_DOCS)
@pytest.mark.parametrize("direction", [("nl", "en"), ("en", "nl")])
def test_clean_dgt_documents_raise_no_term_findings(glossary, doc, direction):
    src, tgt = direction
    pairs = [_pair(i, {"en": en, "nl": nl}[src], {"en": en, "nl": nl}[tgt], src, tgt)
             for i, (_, en, nl) in enumerate(DGT[doc])]
    assert _run(glossary, pairs, src, tgt) == []


def test_real_dgt_error_council_regulation_rendered_as_commission(glossary):
    """DGT 22019D1369: Council Regulation (EU) 2017/997 appears in Dutch as '... van de Commissie'."""
    en, nl = next((e, n) for _, e, n in DGT["22019D1369"] if e.startswith("32017 R 0997"))
    found = _run(glossary, [_pair(0, en, nl, "en", "nl")], "en", "nl")
    assert any(f.check == "term.missing" and f.expected == "Raad" for f in found)
    back = _run(glossary, [_pair(0, nl, en)])
    assert any(f.check == "term.missing" and f.expected == "Commission" for f in back)


def test_planted_case_variant_member_states(glossary):
    en, nl = _dgt_unit("22019D0391", 4)
    planted = en.replace("Member States", "member States")
    found = _run(glossary, [_pair(0, nl, planted)])
    f = next(f for f in found if f.check == "term.deprecated")
    assert f.found == "member States" and f.severity == Severity.MINOR and "Member State" in f.message
    assert _run(glossary, [_pair(0, nl, en)]) == []


def test_planted_european_council_for_council_of_europe_is_critical(glossary):
    src = "Het Verdrag van de Raad van Europa inzake de bestrijding van mensenhandel moet worden geratificeerd."
    good = "The Council of Europe Convention on Action against Trafficking in Human Beings should be ratified."
    bad = "The Convention of the European Council against trafficking in human beings should be ratified."
    assert _run(glossary, [_pair(0, src, good)]) == []
    f = next(f for f in _run(glossary, [_pair(0, src, bad)]) if f.check == "term.deprecated")
    assert f.severity == Severity.CRITICAL and "Council of Europe Convention" in f.expected


def test_european_council_is_right_or_wrong_by_the_source(glossary):
    tampere = _pair(0, "de Europese Raad van Tampere van oktober 1999", "the Tampere European Council of October 1999")
    assert _run(glossary, [tampere]) == []
    wrong = _pair(1, "de lidstaten van de Raad van Europa", "the member countries of the European Council")
    found = _run(glossary, [wrong])
    dep = [f for f in found if f.check == "term.deprecated"]
    assert dep and dep[0].severity == Severity.CRITICAL and dep[0].expected == "Council of Europe"
    assert not [f for f in found if f.check == "term.missing" and "Raad van Europa" in f.message]


def test_planted_missing_term_and_count(glossary):
    en, nl = _dgt_unit("22019D0437", 39)  # "secretariaat-generaal van de Raad van de Europese Unie"
    dropped = en.replace("The General Secretariat of the Council of the European Union", "The secretariat")
    found = _run(glossary, [_pair(0, nl, dropped)])
    assert any(f.check == "term.missing" and f.expected == "General Secretariat of the Council" for f in found)
    twice = _pair(1, "Mensenhandel is een misdrijf; de bestrijding van mensenhandel is een prioriteit.",
                  "Trafficking in human beings is an offence; combating it is a priority.")
    counted = [f for f in _run(glossary, [twice]) if f.check == "term.missing"]
    assert counted and counted[0].severity == Severity.MINOR and "2x" in counted[0].message


def test_low_confidence_pairs_are_skipped(glossary):
    en, nl = _dgt_unit("22019D0437", 39)
    dropped = en.replace("The General Secretariat of the Council of the European Union", "The secretariat")
    assert not [f for f in _run(glossary, [_pair(0, nl, dropped, conf=0.3)]) if f.check == "term.missing"]


def test_inflection_and_compound_lift_a_missing_term(glossary):
    pair = _pair(0, "the fight against trafficking in human beings", "de strijd tegen mensenhandelzaken",
                 "en", "nl")
    assert not [f for f in _run(glossary, [pair], "en", "nl") if f.check == "term.missing"]


def test_near_miss_typo_and_title(glossary):
    typo = _pair(0, "Kaderbesluit 2002/629/JBZ van de Raad", "Council Framework Decison 2002/629/JHA")
    found = _run(glossary, [typo])
    nm = [f for f in found if f.check == "term.near-miss"]
    assert nm and nm[0].found == "Framework Decison" and nm[0].expected == "Framework Decision"
    title = _pair(1, "de Universele Verklaring van de Rechten van de Mens",
                  "the Universal Declaration of the United Nations Human Rights")
    assert any(f.check == "term.near-miss" and f.severity == Severity.MAJOR for f in _run(glossary, [title]))


def test_inconsistent_renderings_across_the_document_set(glossary):
    pairs = [_pair(0, "Het Verdrag van de Raad van Europa inzake de bestrijding van mensenhandel.",
                   "The Council of Europe Convention on Action against Trafficking in Human Beings."),
             _pair(1, "De lidstaten bestrijden mensenhandel.", "The Member States combat trafficking in human beings."),
             _pair(2, "De lidstaten bestrijden mensenhandel en beschermen de slachtoffers.",
                   "The Member States combat trafficking in Human Beings and protect the victims.")]
    found = [f for f in _run(glossary, pairs) if f.check == "term.inconsistent"]
    assert len(found) == 1 and "'trafficking in human beings' 1x" in found[0].message


def test_every_term_check_is_registered_with_description():
    for check_id in TERM_CHECKS + ("segment.untranslated", "segment.wrong-language"):
        spec = get(check_id)
        assert spec.description and spec.category in ("Terminology", "Accuracy")


def test_concept_usage_lists_renderings_with_counts(glossary):
    en, nl = _dgt_unit("22019D0391", 4)
    pairs = [_pair(0, nl, en), _pair(1, nl, en.replace("Member States", "member States"))]
    ctx = CheckContext("bilingual", tuple(pairs), (), "nl", "en", glossary=glossary, annotations={})
    usage = {u.concept_id: u for u in concept_usage(ctx)}
    ms = usage["eu.member-state"]
    assert ms.source_count == 2 and ms.expected == "Member State"
    assert {(r.text, r.status, r.count) for r in ms.renderings} == {("Member State", "preferred", 1),
                                                                  ("member State", "deprecated", 1)}


def test_one_preferred_rendering_for_two_source_concepts_is_inconsistent():
    from align.model import Concept, Term

    from align.terms.glossary import Glossary

    g = Glossary([Concept("x.besluit", {"nl": (Term("besluit"),), "en": (Term("decision"),)}, domain="criminal-law", priority=200),
                  Concept("x.beslissing", {"nl": (Term("beslissing"),), "en": (Term("decision"),)}, domain="criminal-law", priority=200)])
    pairs = [_pair(0, "Het besluit treedt in werking.", "The decision enters into force."),
             _pair(1, "De beslissing van de rechter is definitief.", "The decision of the judge is final.")]
    found = [f for f in _run(g, pairs) if f.check == "term.inconsistent"]
    assert len(found) == 1 and found[0].found == "decision" and "2 different source concepts" in found[0].message


def test_checks_load_the_shipped_glossary_when_none_is_given():
    en, nl = _dgt_unit("22019D0391", 4)
    ctx = CheckContext("bilingual", (_pair(0, nl, en.replace("Member States", "member States")),), (), "nl", "en",
                       glossary=None, annotations={})
    assert any(f.found == "member States" for f in run_checks(ctx, only=["term.deprecated"]))


def test_false_friend_is_flagged_only_where_the_source_has_it(glossary):
    wrong = _pair(0, "Eventuele wijzigingen worden aan het Gemengd Comité meegedeeld.",
                  "Eventually changes shall be communicated to the Joint Committee.")
    dep = [f for f in _run(glossary, [wrong]) if f.check == "term.deprecated"]
    assert dep and dep[0].found == "Eventually" and dep[0].expected == "possible"
    right = _pair(1, "Uiteindelijk worden de wijzigingen aan het Gemengd Comité meegedeeld.",
                  "Eventually the changes shall be communicated to the Joint Committee.")
    assert not [f for f in _run(glossary, [right]) if f.check == "term.deprecated"]


def test_real_dgt_error_directives_rendered_as_guidelines(glossary):
    """DGT 22019D1380: 'Community directives and regulations' appears in Dutch as
    'richtsnoeren en verordeningen' (richtsnoer = guideline; a Directive is a richtlijn)."""
    en, nl = next((e, n) for docs in DGT.values() for _, e, n in docs
                  if "following Community directives and regulations" in e)
    found = [f for f in _run(glossary, [_pair(0, en, nl, "en", "nl")], "en", "nl") if f.check == "term.deprecated"]
    assert found and found[0].found == "richtsnoeren" and found[0].severity == Severity.CRITICAL
    assert found[0].expected == "richtlijn"
