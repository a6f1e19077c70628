from __future__ import annotations

from align.checks.registry import CheckContext, all_checks, finding_id
from align.model import Location, Severity


def test_every_check_is_described_and_categorised():
    for spec in all_checks():
        assert spec.description and "\n" not in spec.description, spec.id
        assert spec.category, spec.id
        assert isinstance(spec.severity, Severity)
        assert "." in spec.id


def test_finding_id_ignores_line_numbers_and_order():
    a = Location("source", "a.txt", 10, "s1", "nl", "Kaderbesluit 2002/629/JBZ", (0, 12))
    b = Location("target", "b.txt", 12, "t1", "en", "Framework Decision 2002/692/JHA", (19, 31))
    moved_a = Location("source", "a.txt", 99, "s7", "nl", "Kaderbesluit  2002/629/JBZ", (0, 12))
    assert finding_id("ref.number", "2002/629", "2002/692", [a, b]) == \
        finding_id("ref.number", "2002/629", "2002/692", [b, moved_a])
    assert finding_id("ref.number", "2002/629", "2002/692", [a, b]) != \
        finding_id("ref.number", "2002/629", "2002/693", [a, b])


def test_two_hits_of_one_text_in_a_segment_are_two_findings():
    text = "legal people and other legal people"
    first = Location("target", "b.txt", 3, "t1", "en", text, (0, 12))
    second = Location("target", "b.txt", 3, "t1", "en", text, (23, 35))
    assert finding_id("term.deprecated", "legal persons", "legal people", [first]) != \
        finding_id("term.deprecated", "legal persons", "legal people", [second])


def test_every_check_has_a_test_that_names_it():
    """The registry's promise: no check without a test exercising it by id."""
    from pathlib import Path

    tests_dir = Path(__file__).resolve().parent
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in tests_dir.rglob("test_*.py")
                       if p.name != "test_registry.py")
    untested = [spec.id for spec in all_checks() if f'"{spec.id}"' not in corpus
                and f"'{spec.id}'" not in corpus]
    assert not untested, f"checks without a test naming them: {untested}"
