"""Every reference of the seed document (Council doc 14186/07: Dutch body, English annex),
parsed and indexed: the Dutch and English parts cite the same acts and must agree."""
from __future__ import annotations

from collections import Counter

import pytest

from align.model import Document
from align.refs import find_references
from align.refs.index import build_index

# (language, kind, key) of every reference in the seed, dates and numbers aside from the last group
SEED_CITATIONS = [
    ("nl", "council-doc", "council-doc:14186/07"),
    ("nl", "act", "act:FD:2002/629:JHA"),
    ("nl", "act", "act:FD:2004/68:JHA"),
    ("nl", "act", "act:DEC:commission:2007-10-17"),
    ("nl", "oj", "oj:L:277:2007-10-20:29"),
    ("nl", "act", "act:DIR:2004/81:EC"),
    ("nl", "act", "act:FD:2002/629:JHA"),
    ("nl", "act", "act:FD:2002/629:JHA"),
    ("nl", "act", "act:FD:2005/212:JHA"),
    ("en", "act", "act:FD:2002/629:JHA"),
    ("en", "act", "act:DIR:2004/81:EC"),
    ("en", "oj", "oj-notice:2005/C311/01"),
    ("en", "act", "act:DIR:2004/81:EC"),
    ("en", "act", "act:FD:2002/629:JHA"),
    ("en", "act", "act:FD:2002/629:JHA"),
    ("en", "act", "act:FD:council:2002-07-19"),  # "Council Framework Decision of 19 July 2002" (no number)
    ("en", "act", "act:FD:2005/212:JHA"),
]
SEED_DATES = [
    ("nl", "date:2007-10-28"), ("nl", "date:2007-11-05"), ("nl", "date:2005-05-16"), ("nl", "date:2005-10-18"),
    ("nl", "date:2005-12"), ("nl", "date:2006-12-04/2006-12-05"), ("nl", "date:2006/2010"), ("nl", "date:2007-06"),
    ("nl", "date:2005-05-16"), ("nl", "date:2005-12"), ("nl", "date:2007-10-18"), ("nl", "date:2007-10-08,2007-10-09"),
    ("nl", "date:--10-18"),
    ("en", "date:2007-10-08,2007-10-09"), ("en", "date:1999-10"), ("en", "date:2005-05-16"), ("en", "date:2002-09"),
    ("en", "date:2004-12"), ("en", "date:2006/2010"), ("en", "date:2005-12"), ("en", "date:--10-18"),
    ("en", "date:2005-05-16"), ("en", "date:2005-05-16"), ("en", "date:2007-10-09"),
]


@pytest.fixture(scope="module")
def seed_doc(seed_path) -> Document:
    from align.io.reader import read_input

    doc = read_input(seed_path)
    assert isinstance(doc, Document)
    return doc


def _refs(doc):
    for seg in doc.segments:
        for ref in find_references(seg.text, seg.lang):
            yield seg, ref


def test_every_citation_of_the_seed_is_parsed(seed_doc):
    found = [(seg.lang, r.kind, r.key) for seg, r in _refs(seed_doc) if r.kind not in ("date", "number")]
    assert Counter(found) == Counter(SEED_CITATIONS)


def test_every_date_of_the_seed_is_parsed(seed_doc):
    found = [(seg.lang, r.key) for seg, r in _refs(seed_doc) if r.kind == "date"]
    assert Counter(found) == Counter(SEED_DATES)


def test_seed_spans_point_at_the_citation(seed_doc):
    for seg, ref in _refs(seed_doc):
        assert seg.text[ref.span[0]:ref.span[1]] == ref.text


def test_seed_index_cross_checks_dutch_body_and_english_annex(seed_doc):
    entries = {e.key: e for e in build_index([seed_doc])}
    fd = entries["act:FD:2002/629:JHA"]
    assert fd.forms_in("nl") == ("Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002",)
    assert "Council Framework Decision 2002/629/JHA of 19 July 2002" in fd.forms_in("en")
    # the citation without number joins its act: same type and date
    assert "Council Framework Decision of 19 July 2002" in fd.forms_in("en")
    assert fd.dates == ("2002-07-19",)
    assert len(fd.occurrences) == 7
    assert set(entries) == {"act:FD:2002/629:JHA", "act:FD:2004/68:JHA", "act:FD:2005/212:JHA", "act:DIR:2004/81:EC",
                            "act:DEC:commission:2007-10-17", "oj:L:277:2007-10-20:29", "oj-notice:2005/C311/01",
                            "council-doc:14186/07"}
    assert all(not e.disagreements for e in entries.values())


def test_index_row_is_flat(seed_doc):
    row = next(e for e in build_index([seed_doc]) if e.key == "act:DIR:2004/81:EC").to_row()
    assert row["forms_nl"] == "Richtlijn 2004/81/EG van de Raad van 29 april 2004"
    assert row["forms_en"] == "Council Directive 2004/81/EC of 29 April 2004"
    assert row["count"] == 3 and row["dates"] == "2004-04-29" and row["disagreements"] == ""
    assert all(isinstance(v, (str, int)) for v in row.values())
