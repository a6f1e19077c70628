"""The pipeline: modes, languages, check selection, inputs described."""
from __future__ import annotations

import pytest

from align import pipeline
from align.errors import InputError, UsageError
from align.model import Bitext
from test_report_support import (SEED, dgt_rows, make_bitext, make_document, read_pairs_file, run_synthetic,
                                 require_real_parts, seed_document, test_checks, write_pairs_file)  # noqa: F401


def test_mixed_document_languages_follow_the_text_order():
    doc = seed_document()
    assert pipeline.document_languages(doc) == ("nl", "en")
    assert pipeline.decide_languages("monolingual", (doc,), None, None) == ("nl", "en")
    assert pipeline.decide_languages("monolingual", (doc,), "en", None) == ("en", "nl")


def test_bilingual_languages_come_from_the_documents_unless_given():
    bt = make_bitext(dgt_rows("22019D0391", 3))
    assert pipeline.decide_languages("bilingual", (bt.source, bt.target), None, None) == ("nl", "en")
    assert pipeline.decide_languages("bilingual", (bt.source, bt.target), "nl-BE", None) == ("nl-BE", "en")


def test_load_inputs_picks_the_mode(tmp_path, monkeypatch):
    pairs = write_pairs_file(tmp_path / "p.tsv", dgt_rows("22019D0391", 5))
    nl = make_document(str(tmp_path / "a.nl"), "nl", [r[0] for r in dgt_rows("22019D0391", 5)], "s")
    en = make_document(str(tmp_path / "a.en"), "en", [r[1] for r in dgt_rows("22019D0391", 5)], "t")
    by_path = {str(pairs): read_pairs_file(pairs), nl.path: nl, en.path: en}
    monkeypatch.setattr(pipeline, "read_one", lambda path, s, t: by_path[str(path)])
    paired = []

    def fake_pair(source, target, glossary=None):
        paired.append((source.path, target.path, glossary))
        return make_bitext(dgt_rows("22019D0391", 5), source.path, target.path)

    import align.alignment

    monkeypatch.setattr(align.alignment, "pair_documents", fake_pair, raising=False)
    mode, docs, bitext = pipeline.load_inputs(pipeline.CheckConfig(inputs=(str(pairs),)))
    assert mode == "bilingual" and isinstance(bitext, Bitext) and len(docs) == 2
    mode, docs, bitext = pipeline.load_inputs(pipeline.CheckConfig(inputs=(nl.path,)))
    assert mode == "monolingual" and bitext is None and docs == (nl,)
    mode, docs, bitext = pipeline.load_inputs(pipeline.CheckConfig(inputs=(nl.path, en.path)), glossary="G")
    assert mode == "bilingual" and paired == [(nl.path, en.path, "G")]
    with pytest.raises(InputError):
        pipeline.load_inputs(pipeline.CheckConfig(inputs=(str(pairs), en.path)))
    with pytest.raises(UsageError):
        pipeline.load_inputs(pipeline.CheckConfig(inputs=()))


def test_check_selection(test_checks):
    bt = make_bitext(dgt_rows("22019D0391", 20))
    run = run_synthetic("bilingual", (bt.source, bt.target), bt, only=("zztest.pattern",))
    assert {f.check for f in run.findings} == {"zztest.pattern"}
    run = run_synthetic("bilingual", (bt.source, bt.target), bt, only=("zztest",), skip=("zztest.pattern",))
    assert not run.findings  # the real text has no number missing from its source
    with pytest.raises(UsageError, match="unknown check 'zztest.nothing'"):
        run_synthetic("bilingual", (bt.source, bt.target), bt, only=("zztest.nothing",))


def test_monolingual_mode_skips_bilingual_only_checks(test_checks):
    doc = seed_document()
    run = run_synthetic("monolingual", (doc,), None, settings={"zz_patterns": {"2007": "minor"}})
    assert run.mode == "monolingual" and run.pairs == ()
    assert {f.check for f in run.findings} == {"zztest.pattern"}
    assert run.context.settings["min_confidence"] == pipeline.DEFAULT_MIN_CONFIDENCE


def test_describe_inputs_hashes_files(tmp_path):
    pairs = write_pairs_file(tmp_path / "p.tsv", dgt_rows("22019D0391", 2))
    bt = read_pairs_file(pairs)
    (info,) = pipeline.describe_inputs(pipeline.CheckConfig(inputs=(str(pairs),)), "bilingual",
                                       (bt.source, bt.target))
    assert info.role == "bilingual" and info.lang == "nl-en"
    assert info.sha256 == pipeline.file_sha256(pairs) and len(info.sha256) == 64


def test_seed_runs_end_to_end_with_the_real_parts():
    require_real_parts()
    run = pipeline.run(pipeline.CheckConfig(inputs=(str(SEED),)))
    assert run.mode == "monolingual" and (run.source_lang, run.target_lang) == ("nl", "en")
    assert run.inputs[0].sha256 == pipeline.file_sha256(SEED)
    assert all(f.locations and f.id for f in run.findings)
