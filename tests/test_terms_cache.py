"""The glossary cache and the lazy term index: same results as building from the files, and a
missing, stale, corrupt or unwritable cache never breaks a run."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.model import Concept, Term, TermStatus
from align.terms import cache
from align.terms.glossary import Glossary, glossary_key, load_key
from align.terms.matcher import Matcher
from align.terms.text import fold, tokenize, word_spans

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "council" / "st14186-07.nl.txt"
DGT = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"


def _seed_lines(n: int = 60) -> list[str]:
    return [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()][:n]


def _dgt_texts(n: int = 40) -> list[tuple[str, str]]:
    out = []
    for line in DGT.read_text(encoding="utf-8").splitlines()[1:n + 1]:
        cells = line.split("\t")
        out += [(cells[-2], "en"), (cells[-1], "nl")]
    return out


def _texts() -> list[tuple[str, str]]:
    return [(t, "nl") for t in _seed_lines()] + _dgt_texts()


def _all_matches(g: Glossary, texts) -> list:
    return [(g.find(t, lang), g.find(t, lang, nested=True)) for t, lang in texts]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ALIGN_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "align"


@pytest.fixture(scope="module")
def curated_key():
    return glossary_key((), include_shipped=True, include_general=False)


@pytest.fixture(scope="module")
def built(curated_key):
    """The curated glossaries built from the files, no cache involved."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ALIGN_NO_CACHE", "1")
    try:
        return load_key(curated_key)
    finally:
        mp.undo()


def test_a_cached_glossary_is_the_one_built_from_the_files(cache_home, curated_key, built):
    first = load_key(curated_key)  # builds and writes the cache
    assert len(list(cache_home.glob("glossary-*.bin"))) == 1
    second = load_key(curated_key)  # reads it
    assert second is not first
    assert second.concepts == built.concepts and second.files == built.files
    texts = _texts()
    assert _all_matches(second, texts) == _all_matches(built, texts)


def test_the_shipped_eurovoc_glossary_round_trips(cache_home):
    key = glossary_key()
    load_key(key)
    cached = load_key(key)
    plain_text = [(t, lang) for t, lang in _dgt_texts(25)]
    uncached = Glossary(cached.concepts, cached.files)  # computes its term index from the concepts
    assert len(cached) > 8000
    assert _all_matches(cached, plain_text) == _all_matches(uncached, plain_text)
    assert any(m.priority == 10 for ms, _ in _all_matches(cached, plain_text) for m in ms)  # EuroVoc matched


def test_only_the_languages_searched_are_indexed(cache_home, curated_key):
    load_key(curated_key)
    g = load_key(curated_key)
    g.find("de lidstaten en de Raad", "nl")
    assert set(g.matcher._langs) == {"nl"}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "other-shape"])
def test_a_damaged_cache_is_rebuilt_silently(cache_home, curated_key, built, damage):
    load_key(curated_key)
    (path,) = cache_home.glob("glossary-*.bin")
    blob = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a cache at all")
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-100] + bytes([blob[-100] ^ 0xFF]) + blob[-99:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # well-formed file, wrong content (e.g. written by another version with the same key)
        assert cache.write(path, ("three", "odd", "things"))
    g = load_key(curated_key)
    assert g.concepts == built.concepts
    assert _all_matches(g, _dgt_texts(10)) == _all_matches(built, _dgt_texts(10))
    rewritten = cache.read(path)  # whole again
    assert rewritten is not None and tuple(cache.from_plain(rewritten)[0]) == built.concepts


def test_an_unwritable_cache_directory_is_no_error(tmp_path, monkeypatch, curated_key, built):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # align/ cannot be made under a file
    monkeypatch.delenv("ALIGN_NO_CACHE", raising=False)
    g = load_key(curated_key)
    assert g.concepts == built.concepts
    assert not cache.write(cache.cache_path(curated_key), ("x",))


def test_no_cache_setting_writes_nothing(cache_home, monkeypatch, curated_key):
    monkeypatch.setenv("ALIGN_NO_CACHE", "1")
    load_key(curated_key)
    assert cache.cache_path(curated_key) is None
    assert not cache_home.exists()


def test_a_changed_glossary_file_gets_a_new_cache_entry(cache_home, tmp_path):
    user = tmp_path / "mine.csv"
    user.write_text("concept_id,lang,term\nx.1,en,transfer pricing\nx.1,nl,verrekenprijzen\n", encoding="utf-8")
    key = glossary_key([str(user)], include_shipped=False)
    assert [m.concept_id for m in load_key(key).find("on transfer pricing", "en")] == ["x.1"]
    user.write_text("concept_id,lang,term\nx.2,en,transfer pricing\nx.2,nl,verrekenprijzen\n", encoding="utf-8")
    key2 = glossary_key([str(user)], include_shipped=False)
    assert cache.cache_path(key2) != cache.cache_path(key)
    assert [m.concept_id for m in load_key(key2).find("on transfer pricing", "en")] == ["x.2"]
    assert [m.concept_id for m in load_key(key2).find("on transfer pricing", "en")] == ["x.2"]  # cached


def test_old_cache_files_are_pruned(cache_home, tmp_path):
    for n in range(cache.KEEP + 3):
        user = tmp_path / f"g{n}.csv"
        user.write_text(f"concept_id,lang,term\nc{n},en,word{n}\n", encoding="utf-8")
        load_key(glossary_key([str(user)], include_shipped=False))
    assert len(list(cache_home.glob("glossary-*.bin"))) == cache.KEEP


def test_a_glossary_pickles_for_worker_processes(curated_key, built):
    texts = _dgt_texts(10)
    before = _all_matches(built, texts)  # builds the en and nl tries
    clone = pickle.loads(pickle.dumps(built))
    assert clone.matcher._langs == {}  # tries are rebuilt in the worker, from the term data
    assert set(clone.matcher._data) >= {"en", "nl"}
    assert _all_matches(clone, texts) == before


def test_a_matcher_of_a_cached_glossary_pickles(cache_home, curated_key, built):
    load_key(curated_key)
    g = load_key(curated_key)
    clone = pickle.loads(pickle.dumps(g.matcher))
    assert [m for _, m in clone.find("de lidstaten en de Raad van de Europese Unie", "nl")] == \
        built.find("de lidstaten en de Raad van de Europese Unie", "nl")


# -- plain data round trip and tokeniser refactor ------------------------------------------------
_word = st.text(alphabet="abcdeéëijklmnopstuvzABCDÉ-'’", min_size=1, max_size=12)
_terms = st.lists(st.tuples(st.lists(_word, min_size=1, max_size=4).map(" ".join),
                            st.sampled_from(list(TermStatus)), st.booleans()), min_size=1, max_size=4)


@given(st.lists(st.tuples(st.sampled_from(["en", "nl"]), _terms), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None)
def test_plain_data_round_trip(spec):
    concepts = [Concept(f"c{i}", {lang: tuple(Term(t, s, cs, replacement="r" if not s.approved else "")
                                              for t, s, cs in terms)}, domain="d", source="s", priority=100 + i)
                for i, (lang, terms) in enumerate(spec)]
    m = Matcher(concepts)
    data = {lang: m.term_data(lang) for lang in ("en", "nl")}
    back, files, lazy = cache.from_plain(cache.to_plain(concepts, [("p", "h")], data))
    assert back == concepts and files == [("p", "h")]
    assert {lang: lazy.get(lang) for lang in ("en", "nl")} == data
    text = " ".join(t for _, terms in spec for t, _, _ in terms)
    for lang in ("en", "nl"):
        assert [x for _, x in Matcher(back, lazy).find(text, lang, nested=True)] == \
            [x for _, x in Matcher(concepts).find(text, lang, nested=True)]


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BROKEN = re.compile(r"-[ \t]*\r?\n\s*")


def _reference_tokens(text: str) -> list[tuple[int, int, str, str]]:
    """The tokeniser as it was before word_spans (kept here to pin its behaviour)."""
    tokens: list[tuple[int, int, str, str]] = []
    for m in _WORD.finditer(text):
        if tokens:
            p_start, p_end, p_surface, _ = tokens[-1]
            gap = text[p_end:m.start()]
            if _BROKEN.fullmatch(gap) and m.group()[:1].islower() and p_surface[-1:].islower():
                joined = p_surface + m.group()
                tokens[-1] = (p_start, m.end(), joined, fold(joined))
                continue
        tokens.append((m.start(), m.end(), m.group(), fold(m.group())))
    return tokens


@given(st.lists(st.sampled_from(["mensen", "handel", "-", "-\n", "- \n  ", "\n", " ", "Raad", "e", "é", "_",
                                 "2005", ",", "-\r\n", "x-", "’s"]), max_size=25).map("".join))
@settings(max_examples=300, deadline=None)
def test_tokenize_is_unchanged(text):
    assert [(t.start, t.end, t.surface, t.fold) for t in tokenize(text)] == _reference_tokens(text)
    assert [(s, e, w) for s, e, w, _ in _reference_tokens(text)] == word_spans(text)
