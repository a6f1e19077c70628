"""Sentence alignment: link each source sentence to the target sentence(s) that render it.

Public API: ``pair_documents(source, target, glossary=None, lexicon=None) -> Bitext`` and
``align_sentences(src_texts, tgt_texts, src_lang, tgt_lang, ...) -> list[Link]``.
"""
from align.alignment.aligner import align_sentences, pair_documents
from align.alignment.lexicon import Lexicon, learn_ibm1, load_lexicon

__all__ = ["align_sentences", "pair_documents", "Lexicon", "learn_ibm1", "load_lexicon"]
