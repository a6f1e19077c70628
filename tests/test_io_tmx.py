from __future__ import annotations

import csv
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import InputError, UsageError
from align.io.tmx import iter_tmx_units, open_tmx, read_tmx, tmx_languages
from align.io.units import Unit

from conftest import DGT

FIXTURES = Path(__file__).parent / "fixtures" / "io"
DGT_TMX = sorted((DGT / "tmx").glob("*.tmx"))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def write_tmx(path: Path, units: list[tuple[str | None, dict[str, str]]], srclang: str = "en-GB",
              encoding: str = "utf-8") -> dict[tuple[int, str], int]:
    """Write a TMX one element per line; return (unit index, lang) -> line of its <seg>."""
    lines = [f'<?xml version="1.0" encoding="{encoding.upper()}"?>',
             '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
             '<tmx version="1.4">',
             f'<header creationtool="test" creationtoolversion="1" segtype="sentence" '
             f'o-tmf="x" adminlang="en" srclang="{srclang}" datatype="plaintext"/>',
             "<body>"]
    seg_lines = {}
    for index, (tuid, sides) in enumerate(units):
        lines.append(f'<tu tuid="{tuid}">' if tuid else "<tu>")
        for lang, text in sides.items():
            lines.append(f'<tuv xml:lang="{lang}">')
            lines.append(f"<seg>{escape(text)}</seg>")
            seg_lines[(index, lang)] = len(lines)
            lines.append("</tuv>")
        lines.append("</tu>")
    lines += ["</body>", "</tmx>"]
    text = "\n".join(lines) + "\n"
    path.write_bytes(("\ufeff" + text).encode("utf-16-le") if encoding == "utf-16le"
                     else text.encode(encoding))
    return seg_lines


ROUND_TRIP_UNITS = [
    ("t-1", {"en-GB": "Council Framework Decision 2002/629/JHA", "nl-NL": "Kaderbesluit 2002/629/JBZ van de Raad"}),
    (None, {"en-GB": "Only English & <no> Dutch"}),
    (None, {"nl-NL": "Alleen Nederlands: “aanhalingstekens” en 1.000,50"}),
    ("t-4", {"nl-NL": "Artikel 3, lid 2, onder b)", "en-GB": "Article 3(2)(b)"}),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16le"])
def test_round_trip_texts_ids_languages_origins(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "rt.tmx"
    seg_lines = write_tmx(path, ROUND_TRIP_UNITS, encoding=encoding)
    bitext = read_tmx(path, "en", "nl")
    assert bitext.source.lang == "en" and bitext.target.lang == "nl"
    pairs = list(bitext.pairs())
    assert len(pairs) == len(ROUND_TRIP_UNITS)
    for index, ((tuid, sides), pair) in enumerate(zip(ROUND_TRIP_UNITS, pairs)):
        expected_id = tuid or f"tu{index + 1}"
        for side, lang, segs in (("source", "en-GB", pair.source), ("target", "nl-NL", pair.target)):
            if lang in sides:
                assert [s.text for s in segs] == [sides[lang]]
                assert segs[0].id == expected_id
                assert segs[0].lang == lang[:2]
                assert segs[0].origin.line_start == seg_lines[(index, lang)]
                assert segs[0].origin.file == str(path)
            else:
                assert segs == ()
    assert [link.kind for link in bitext.links] == ["1-1", "1-0", "0-1", "1-1"]
    assert all(link.confidence == 1.0 for link in bitext.links)


def test_default_languages_from_header_and_single_other(tmp_path: Path) -> None:
    path = tmp_path / "two.tmx"
    write_tmx(path, ROUND_TRIP_UNITS, srclang="nl-NL")
    bitext = read_tmx(path)
    assert (bitext.source.lang, bitext.target.lang) == ("nl", "en")
    assert bitext.source.segments[0].text == "Kaderbesluit 2002/629/JBZ van de Raad"


def test_languages_matched_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "case.tmx"
    write_tmx(path, [("x", {"EN-GB": "Council", "NL-NL": "Raad"})], srclang="EN-GB")
    bitext = read_tmx(path, "EN", "nl-be")
    assert bitext.source.segments[0].text == "Council"
    assert bitext.target.segments[0].text == "Raad"


def test_inline_codes_dropped_text_kept_meta_kept() -> None:
    stream = open_tmx(FIXTURES / "inline.tmx", "en", "nl")
    units = list(stream)
    assert units[0] == Unit("a1", "The Council adopted the conclusions.",
                            "De Raad heeft de conclusies aangenomen.", 13, 17,
                            (("prop:x-doc", "14186/07"), ("note", "bold and a footnote code")))
    # empty <seg> counts as missing; a French-only TU yields nothing but keeps its number
    assert [(u.id, u.source_text is None, u.target_text is None) for u in units[1:]] == [
        ("tu2", False, True), ("tu4", True, False)]
    assert units[2].target_text == "Alleen Nederlands hier."
    assert stream.header["prop:x-client"] == "Council"


def test_multilanguage_without_target_lists_languages() -> None:
    with pytest.raises(InputError) as info:
        read_tmx(FIXTURES / "inline.tmx")
    message = str(info.value)
    assert "3 languages" in message and "fr (fr-FR)" in message and "--target-lang" in message


def test_missing_language_lists_languages_present() -> None:
    with pytest.raises(InputError) as info:
        read_tmx(FIXTURES / "inline.tmx", "en", "de")
    assert "'de'" in str(info.value) and "nl (nl-NL)" in str(info.value)


def test_missing_language_detected_when_streaming_with_both_given() -> None:
    stream = open_tmx(DGT / "tmx" / "22019D0391.tmx", "en", "ga")
    with pytest.raises(InputError, match="no target language 'ga'.*nl \\(NL-NL\\)"):
        list(stream)


def test_same_or_unknown_language_is_usage_error() -> None:
    with pytest.raises(UsageError, match="both 'en'"):
        read_tmx(FIXTURES / "inline.tmx", "en", "EN-US")
    with pytest.raises(UsageError, match="unknown language 'xx'"):
        read_tmx(FIXTURES / "inline.tmx", "xx", "nl")


def test_not_a_tmx_root(tmp_path: Path) -> None:
    path = tmp_path / "other.tmx"
    path.write_text('<?xml version="1.0"?>\n<martif/>\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"other.tmx:2: not a TMX file: the root element is <martif>"):
        read_tmx(path, "en", "nl")


def _dgt_pairs() -> dict[str, list[tuple[int, str, str]]]:
    pairs: dict[str, list[tuple[int, str, str]]] = {}
    with open(DGT / "dgt_en_nl_pairs.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            pairs.setdefault(row["doc_id"], []).append((int(row["tu_index"]), row["en"], row["nl"]))
    return pairs


@pytest.mark.parametrize("path", DGT_TMX, ids=[p.stem for p in DGT_TMX])
def test_real_dgt_tmx_matches_published_en_nl_pairs(path: Path) -> None:
    bitext = read_tmx(path, "en", "nl")
    expected = _dgt_pairs()[path.stem]
    got = [(int(p.source[0].id[2:]) - 1, _collapse(p.source_text), _collapse(p.target_text))
           for p in bitext.pairs() if p.source and p.target]
    assert got == [(i, _collapse(en), _collapse(nl)) for i, en, nl in expected]
    gold = (DGT / "en-nl" / f"{path.stem}.gold").read_text().split()
    assert [link.kind for link in bitext.links] == ["1-0" if g.endswith(":[]") else "1-1" for g in gold]
    assert bitext.source.encoding == "utf-16-le"
    assert ("xml:lang", "EN-GB") in bitext.source.meta and ("xml:lang", "NL-NL") in bitext.target.meta


def test_real_dgt_tmx_dutch_german() -> None:
    path = DGT / "tmx" / "22019D0391.tmx"
    bitext = read_tmx(path, "nl", "de")
    nl_expected = [_collapse(nl) for _, _, nl in _dgt_pairs()["22019D0391"]]
    assert [_collapse(s.text) for s in bitext.source.segments] == nl_expected
    assert bitext.target.segments[0].text.startswith("Beschluss Nr.\u00a01/2019")
    assert bitext.target.lang == "de" and bitext.target.segments[0].origin.line_start == 14
    assert all(s.origin.unit == "line" and s.origin.line_start > 0 for s in bitext.target.segments)


def test_real_dgt_language_listing_and_streaming() -> None:
    path = DGT / "tmx" / "22019D0391.tmx"
    languages = tmx_languages(path)
    assert len(languages) == 23 and languages["en"] == ["EN-GB"] and languages["da"] == ["DA-01"]
    units = iter_tmx_units(path, "en", "nl")
    first = next(units)
    assert first.id == "tu1" and first.source_line == 11 and first.meta == (("prop:Txt::Doc. No.", "22019D0391"),)
    assert sum(1 for _ in units) == 24


def test_header_srclang_all_with_two_languages_takes_first_seen(tmp_path: Path) -> None:
    path = tmp_path / "all.tmx"
    write_tmx(path, [(None, {"nl-NL": "Raad", "en-GB": "Council"})], srclang="*all*")
    bitext = read_tmx(path)
    assert (bitext.source.lang, bitext.target.lang) == ("nl", "en")


_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
                    | st.sampled_from(["\t", "\n", " ", "\u00a0", "&", "<", ">", '"']), max_size=60)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=_XML_TEXT, target=_XML_TEXT)
def test_tmx_round_trips_arbitrary_text_with_whitespace_collapsed(tmp_path: Path, source: str,
                                                                    target: str) -> None:
    path = tmp_path / "prop.tmx"
    write_tmx(path, [("p", {"en-GB": source, "nl-NL": target})])
    expected = [(_xml_collapse(source), _xml_collapse(target))]
    expected = [(s or None, t or None) for s, t in expected if s or t]
    got = [(u.source_text, u.target_text) for u in iter_tmx_units(path, "en", "nl")]
    assert got == expected


def _xml_collapse(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
