"""pair_documents: paragraphs first, then sentences inside aligned paragraph groups."""
from __future__ import annotations

from align.alignment import pair_documents
from align.alignment.lexicon import Lexicon
from align.model import Document, Origin, Paragraph, Segment


def document(lang: str, paragraphs: list[list[str]]) -> Document:
    segs, paras, line = [], [], 1
    for p, sentences in enumerate(paragraphs):
        paras.append(Paragraph(f"p{p}", " ".join(sentences), lang, Origin("x", line, line + len(sentences) - 1)))
        for text in sentences:
            segs.append(Segment(f"s{len(segs)}", text, lang, Origin("x", line, line), p))
            line += 1
    return Document("x", lang, tuple(segs), tuple(paras))


NL = [["Artikel 1", ], ["Het Comité komt bijeen op 3 mei 2019.", "De agenda wordt op 20 april 2019 verstuurd."],
      ["Artikel 2"], ["Dit besluit treedt in werking op 1 juni 2019.", "Het wordt bekendgemaakt in het Publicatieblad."]]
EN = [["Article 1"], ["The Committee shall meet on 3 May 2019.", "The agenda shall be sent on 20 April 2019."],
      ["Article 2"], ["This Decision shall enter into force on 1 June 2019.", "It shall be published in the Official Journal."]]


def test_paragraph_first_alignment_links_sentences_inside_paragraphs():
    bitext = pair_documents(document("nl", NL), document("en", EN), lexicon=Lexicon("nl", "en"))
    assert [(link.source, link.target) for link in bitext.links] == [((k,), (k,)) for k in range(6)]
    pairs = list(bitext.pairs())
    assert pairs[1].source_text.endswith("3 mei 2019.") and pairs[1].target_text.endswith("3 May 2019.")


def test_deleted_paragraph_does_not_derail_the_rest():
    en = EN[:1] + EN[2:]  # the English lost the whole second paragraph
    bitext = pair_documents(document("nl", NL), document("en", en), lexicon=Lexicon("nl", "en"))
    beads = [(link.source, link.target) for link in bitext.links]
    assert ((1,), ()) in beads and ((2,), ()) in beads
    assert ((3,), (1,)) in beads and ((5,), (3,)) in beads


def test_glossary_concepts_are_optional_extra_lexicon():
    from align.model import Concept, Term

    class Glossary:  # the shape align.terms provides: .concepts with .terms[lang]
        concepts = (Concept("c1", {"nl": (Term("agenda"),), "en": (Term("agenda"),)}),
                    Concept("c2", {"nl": (Term("publicatieblad"),), "en": (Term("Official Journal"),)}))

    bitext = pair_documents(document("nl", NL), document("en", EN), glossary=Glossary(), lexicon=Lexicon("nl", "en"))
    assert len(bitext.links) == 6


def test_unlinked_paragraph_joins_its_neighbour_group():
    from align.alignment.aligner import paragraph_groups_from_path
    from align.alignment.dp import Step

    src_paras = [[0, 1], [2], [3, 4]]
    tgt_paras = [[0, 1], [2, 3]]
    path = [Step(0, 1, 0, 1, 0.0), Step(1, 2, 1, 1, 3.0), Step(2, 3, 1, 2, 0.0)]
    assert paragraph_groups_from_path(path, src_paras, tgt_paras) == [([0, 1, 2], [0, 1]), ([3, 4], [2, 3])]
    leading = [Step(0, 0, 0, 1, 3.0), Step(0, 3, 1, 2, 0.0)]
    assert paragraph_groups_from_path(leading, src_paras, tgt_paras) == [([0, 1, 2, 3, 4], [0, 1, 2, 3])]
