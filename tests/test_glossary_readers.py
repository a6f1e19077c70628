"""Glossary readers, validator and converter: CSV/TSV/XLSX/TBX, line numbers, round trips."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.cli import main
from align.errors import GlossaryError
from align.model import TermStatus
from align.terms.glossary import Glossary, read_glossary_file
from align.terms.readers import read_rows
from align.terms.rows import build_concepts

FIXTURES = Path(__file__).parent / "fixtures" / "glossaries"
IATE = FIXTURES / "iate_export_sample.tbx"


def _problems(path: Path) -> list[tuple[int | None, str]]:
    _, errors = build_concepts(read_rows(path), str(path))
    return [(e.line, e.message) for e in errors]


def test_iate_tbx_statuses_notes_and_domains():
    concepts = {c.id: c for c in read_glossary_file(IATE)}
    assert set(concepts) == {"IATE-T001", "IATE-T002", "IATE-T003"}
    thb = concepts["IATE-T001"]
    assert thb.domain == "criminal law"
    en = {t.text: t for t in thb.terms["en"]}
    assert en["trafficking in human beings"].status is TermStatus.PREFERRED  # reliability 3
    assert en["human trade"].status is TermStatus.DEPRECATED
    assert en["human trade"].note == "not the legal term"
    liability = {t.text: t.status for t in concepts["IATE-T002"].terms["en"]}  # ntig/termGrp
    assert liability == {"criminal liability": TermStatus.PREFERRED, "penal responsibility": TermStatus.DEPRECATED}
    superseded = [t for t in concepts["IATE-T003"].terms["en"] if t.status is TermStatus.DEPRECATED][0]
    assert superseded.replacement.startswith("Council of Europe Convention")


def test_tbx_entities_are_not_expanded():
    """The fixture declares an external entity; the reader must never resolve it."""
    rows = read_rows(IATE)
    assert all("root:" not in r.term and "root:" not in r.note for r in rows)


def test_broken_tbx_reports_element_lines():
    problems = _problems(FIXTURES / "broken.tbx")
    messages = " | ".join(m for _, m in problems)
    assert "missing language" in messages
    assert "empty term" in messages
    assert "unknown status 'strangeTerm-admn-sts'" in messages
    assert "duplicate concept id 'A1'" in messages
    assert all(line is not None and line > 1 for line, _ in problems)


def test_broken_csv_every_problem_with_its_line():
    problems = dict((line, msg) for line, msg in _problems(FIXTURES / "broken.csv"))
    assert "missing language" in problems[5]
    assert "empty term" in problems[6]
    assert "duplicate concept id 'c.council'" in problems[8] or "both preferred" in problems[8]
    assert "unknown status 'approved'" in problems[9]
    assert "case_sensitive must be yes or no" in problems[10]
    both = [m for _, m in _problems(FIXTURES / "broken.csv") if "both preferred" in m]
    assert both and "'Council'" in both[0]


def test_missing_header_column_is_one_error(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,language\nx,en\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        read_rows(path)
    assert "term" in str(err.value) and str(path) in str(err.value)


def test_malformed_tbx_is_a_glossary_error(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text("<martif><text><body><termEntry id='x'>", encoding="utf-8")
    with pytest.raises(GlossaryError):
        read_rows(path)


def test_deprecated_without_any_approved_term_needs_a_replacement(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("concept_id,lang,term,status\nc1,nl,eventueel,preferred\nc1,en,eventually,forbidden\n",
                    encoding="utf-8")
    assert any("no approved term" in m for _, m in _problems(path))
    path.write_text("concept_id,lang,term,status,replacement\nc1,nl,eventueel,preferred,\n"
                    "c1,en,eventually,forbidden,possible\n", encoding="utf-8")
    assert _problems(path) == []


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".tbx"])
def test_convert_round_trip_keeps_everything(tmp_path, suffix):
    source = Path(__file__).parent.parent / "glossaries" / "eu-general.csv"
    original = read_glossary_file(source)
    runner = CliRunner()
    middle = tmp_path / f"g{suffix}"
    back = tmp_path / "back.csv"
    assert runner.invoke(main, ["glossary", "convert", str(source), str(middle)]).exit_code == 0
    assert runner.invoke(main, ["glossary", "convert", str(middle), str(back)]).exit_code == 0
    again = read_glossary_file(back)
    assert [(c.id, c.terms, c.domain, c.source) for c in again] == \
           [(c.id, c.terms, c.domain, c.source) for c in original]


def test_cli_check_exit_codes(tmp_path):
    runner = CliRunner()
    good = runner.invoke(main, ["glossary", "check", str(Path(__file__).parent.parent / "glossaries" /
                                                         "justice-home-affairs.csv")])
    assert good.exit_code == 0 and "OK" in good.output
    bad = runner.invoke(main, ["glossary", "check", str(FIXTURES / "broken.csv")])
    assert bad.exit_code == 2
    assert "broken.csv:9: concept c.legal: unknown status" in bad.output


def test_cli_convert_refuses_to_overwrite_its_input(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("concept_id,lang,term\nc1,en,Council\nc1,nl,Raad\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "convert", str(path), str(path)])
    assert result.exit_code == 2


def test_cli_convert_unknown_format(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("concept_id,lang,term\nc1,en,Council\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "convert", str(path), str(tmp_path / "g.doc")])
    assert result.exit_code == 2 and "unknown glossary format" in result.output


def test_user_glossary_replaces_a_shipped_concept_by_id():
    from align.model import Concept, Term

    shipped = Concept("c1", {"en": (Term("Council"),)}, priority=100)
    user = Concept("c1", {"en": (Term("Council of the EU"),)}, priority=200)
    g = Glossary([shipped, user])
    assert g.concept("c1").terms["en"][0].text == "Council of the EU"


_WORDS = st.text(alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters="-'’,;\"()"),
                 min_size=1, max_size=12)


@given(st.lists(st.tuples(st.lists(_WORDS, min_size=1, max_size=4), st.sampled_from(list(TermStatus)),
                          st.booleans()), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_csv_and_tbx_writers_round_trip_any_terms(tmp_path_factory, entries):
    from align.model import Concept, Term
    from align.terms.writers import serialise

    terms = []
    seen = set()
    for words, status, cs in entries:
        text = " ".join(words)
        if text.casefold() in seen or text.lstrip().startswith("#"):
            continue
        seen.add(text.casefold())
        terms.append(Term(text, status, cs, replacement="x" if not status.approved else ""))
    concept = Concept("c1", {"en": tuple(terms), "nl": (Term("raad"),)}, source="test")
    folder = tmp_path_factory.mktemp("rt")
    for fmt in ("csv", "tsv", "tbx"):
        path = folder / f"g.{fmt}"
        path.write_bytes(serialise([concept], fmt))
        back = read_glossary_file(path)
        assert back[0].terms == concept.terms
