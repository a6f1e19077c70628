"""Language identification: DGT lines held out from the n-gram training, the seed, smoothing."""
from __future__ import annotations

import json
import re

import pytest

from align.resources import LANG_DIR
from align.text.language import (
    detect_language, dominant_language, language_scores, smooth_languages, supported_languages,
)

from conftest import DGT

LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def _held_out_lines(lang: str) -> list[str]:
    trained = set(json.loads((LANG_DIR / "langid_ngrams.json").read_text(encoding="utf-8"))["trained_on"])
    out = []
    for path in sorted((DGT / "en-nl").glob(f"*.{lang}")):
        if path.stem in trained:
            continue
        out += [ln for ln in path.read_text(encoding="utf-8").splitlines() if len(LETTER_WORD.findall(ln)) >= 5]
    return out


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dgt_accuracy_on_held_out_documents(lang):
    lines = _held_out_lines(lang)
    assert len(lines) > 500
    results = [detect_language(ln) for ln in lines]
    correct = sum(1 for r in results if r == lang)
    wrong = sum(1 for r in results if r not in (lang, "und"))
    assert correct / len(lines) >= 0.97, f"{lang}: {correct}/{len(lines)} correct"
    assert wrong / len(lines) <= 0.01, f"{lang}: {wrong}/{len(lines)} wrong"


def test_training_documents_are_not_all_documents():
    trained = json.loads((LANG_DIR / "langid_ngrams.json").read_text(encoding="utf-8"))["trained_on"]
    assert 0 < len(trained) < len(list((DGT / "en-nl").glob("*.en")))


@pytest.mark.parametrize("text, lang", [
    ("De Raad van de Europese Unie verzoekt de lidstaten om hun maatregelen op te voeren.", "nl"),
    ("The Council of the European Union calls on the Member States to step up their measures.", "en"),
    ("Le Conseil de l'Union européenne invite les États membres à renforcer leurs mesures.", "fr"),
    ("Der Rat der Europäischen Union fordert die Mitgliedstaaten auf, ihre Maßnahmen zu verstärken.", "de"),
    ("Benadrukt het belang van de strafbaarstelling van mensenhandel", "nl"),
    ("Recalling the reflections and recommendations presented in the report", "en"),
])
def test_four_languages(text, lang):
    assert detect_language(text) == lang
    scores = language_scores(text)
    assert set(scores) == set(supported_languages())
    assert max(scores, key=scores.get) == lang
    assert abs(sum(scores.values()) - 1.0) < 1e-9


@pytest.mark.parametrize("text", ["", "BIJ I", "2002/629/JBZ", "14186/07 GS/np 6"])
def test_too_little_evidence_is_und(text):
    assert detect_language(text) == "und"


def test_smoothing_prefers_what_follows():
    assert smooth_languages(["nl", "und", "en", "en"]) == ["nl", "en", "en", "en"]
    assert smooth_languages(["nl", "nl", "und"]) == ["nl", "nl", "nl"]
    assert smooth_languages(["und", "und"]) == ["und", "und"]


def test_dominant_language():
    assert dominant_language([("nl", 900), ("en", 100)]) == "nl"
    assert dominant_language([("nl", 500), ("en", 500)]) == "mul"
    assert dominant_language([("und", 10)]) == "und"
