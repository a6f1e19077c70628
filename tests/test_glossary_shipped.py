"""The shipped glossaries: valid, documented, large enough, and curated terms never hidden."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from align.model import TermStatus
from align.resources import glossary_dir
from align.terms import load_glossaries
from align.terms.glossary import CURATED_PRIORITY, GENERAL_PRIORITY, read_glossary_file, shipped_glossary_paths
from align.terms.readers import read_rows
from align.terms.rows import build_concepts

ROOT = Path(__file__).resolve().parent.parent
CURATED = [p for p in shipped_glossary_paths() if p.parent.name != "general"]


@pytest.mark.parametrize("path", shipped_glossary_paths(), ids=lambda p: p.name)
def test_every_shipped_glossary_validates(path):
    _, errors = build_concepts(read_rows(path), str(path))
    assert errors == []


def test_curated_glossaries_have_at_least_400_concepts_all_marked_curated():
    concepts = [c for p in CURATED for c in read_glossary_file(p, CURATED_PRIORITY)]
    assert len(concepts) >= 400
    assert all(c.source == "align curated" for c in concepts)
    assert all({"nl", "en"} <= set(c.terms) for c in concepts)


def test_every_deprecated_rendering_names_a_replacement_and_a_reason():
    for path in CURATED:
        for concept in read_glossary_file(path):
            for terms in concept.terms.values():
                for t in terms:
                    if not t.status.approved:
                        assert t.replacement and t.note, (concept.id, t.text)


def test_sources_md_lists_every_shipped_file():
    text = (glossary_dir() / "SOURCES.md").read_text(encoding="utf-8")
    for path in shipped_glossary_paths():
        rel = path.relative_to(glossary_dir()).as_posix()
        assert f"`{rel}`" in text, rel
    assert "EuroVoc © European Union, modified" in text


def test_eurovoc_is_loaded_with_lower_priority_and_never_hides_curated_terms():
    full = load_glossaries()
    general = [c for c in full.concepts if c.priority == GENERAL_PRIORITY]
    assert len(general) > 5000
    assert all(c.source.startswith("EuroVoc © European Union, modified") for c in general if c.source)
    for text, lang, concept in [("de lidstaten", "nl", "eu.member-state"), ("mensenhandel", "nl", "jha.thb"),
                                ("the Council of Europe", "en", "inst.council-of-europe")]:
        found = {m.concept_id for m in full.find(text, lang) if m.approved}
        assert found == {concept}, (text, found)


def test_no_default_glossaries_means_only_the_users(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("concept_id,lang,term\nmy.c,en,widget\nmy.c,nl,dingetje\n", encoding="utf-8")
    only = load_glossaries([str(path)], include_shipped=False)
    assert [c.id for c in only.concepts] == ["my.c"]
    assert only.files[0][0] == str(path) and re.fullmatch(r"[0-9a-f]{64}", only.files[0][1])
    both = load_glossaries([str(path)])
    assert both.concept("my.c").priority > both.concept("jha.thb").priority


def test_confusable_councils_are_critical():
    g = load_glossaries((), include_general=False)
    for cid in ("inst.council-of-europe", "inst.european-council", "inst.council"):
        bad = [t for t in g.concept(cid).terms["en"] if t.status is TermStatus.FORBIDDEN]
        confusions = [t for t in bad if t.text in ("European Council", "Council of Europe")]
        assert confusions and all(t.severity == "critical" for t in confusions)
