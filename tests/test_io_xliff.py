from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from align.errors import InputError
from align.io.units import Unit
from align.io.xliff import iter_xliff_units, open_xliff, read_xliff

FIXTURES = Path(__file__).parent / "fixtures" / "io"

PAIRS = [
    ("1", "Council Framework Decision 2002/629/JHA", "Kaderbesluit 2002/629/JBZ van de Raad"),
    ("intro-2", "OJ L 203, 1.8.2002, p. 1 & <more>", "PB L 203 van 1.8.2002, blz. 1 & <meer>"),
    ("3", "Untranslated sentence.", None),
    ("4", "Article 3(2)(b)", "artikel 3, lid 2, onder b)"),
]


def write_xliff12(path: Path, pairs=PAIRS) -> dict[tuple[str, str], int]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
             '<file original="doc" source-language="en-GB" target-language="nl-NL" datatype="plaintext">',
             "<body>", '<group id="g">']
    where = {}
    for uid, source, target in pairs:
        lines.append(f'<trans-unit id="{uid}">')
        lines.append(f"<source>{escape(source)}</source>")
        where[(uid, "source")] = len(lines)
        if target is not None:
            lines.append(f"<target>{escape(target)}</target>")
            where[(uid, "target")] = len(lines)
        lines.append("</trans-unit>")
    lines += ["</group>", "</body>", "</file>", "</xliff>"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def write_xliff20(path: Path, pairs=PAIRS) -> dict[tuple[str, str], int]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="nl">',
             '<file id="f1">']
    where = {}
    for uid, source, target in pairs:
        lines.append(f'<unit id="{uid}">')
        lines.append('<segment id="s">')
        lines.append(f"<source>{escape(source)}</source>")
        where[(f"{uid}/s", "source")] = len(lines)
        if target is not None:
            lines.append(f"<target>{escape(target)}</target>")
            where[(f"{uid}/s", "target")] = len(lines)
        lines += ["</segment>", "</unit>"]
    lines += ["</file>", "</xliff>"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


@pytest.mark.parametrize("writer, suffix", [(write_xliff12, ""), (write_xliff20, "/s")])
def test_round_trip(tmp_path: Path, writer, suffix: str) -> None:
    path = tmp_path / "rt.xlf"
    where = writer(path)
    bitext = read_xliff(path)
    assert (bitext.source.lang, bitext.target.lang) == ("en", "nl")
    pairs = list(bitext.pairs())
    assert len(pairs) == len(PAIRS)
    for (uid, source, target), pair in zip(PAIRS, pairs):
        sid = uid + suffix
        assert [(s.id, s.text, s.lang, s.origin.line_start) for s in pair.source] == [
            (sid, source, "en", where[(sid, "source")])]
        if target is None:
            assert pair.target == ()
        else:
            assert [(s.id, s.text, s.lang, s.origin.line_start) for s in pair.target] == [
                (sid, target, "nl", where[(sid, "target")])]
    assert [link.kind for link in bitext.links] == ["1-1", "1-1", "1-0", "1-1"]


def test_xliff12_fixture_groups_inline_notes_alt_trans() -> None:
    units = list(iter_xliff_units(FIXTURES / "sample-1.2.xlf"))
    assert units == [
        Unit("1", "Having regard to Council Framework Decision 2002/629/JHA,",
             "Gelet op Kaderbesluit 2002/629/JBZ van de Raad,", 6, 7,
             (("note", "title of the act"), ("state", "translated"))),
        Unit("2", "Member States shall act.", "De lidstaten treden op.", 13, 14),
        Unit("3", "Not yet translated.", None, 18, None),
    ]


def test_xliff20_fixture_segments_ids_code_points() -> None:
    stream = open_xliff(FIXTURES / "sample-2.0.xlf")
    units = list(stream)
    assert stream.version == "2.0"
    assert [(u.id, u.source_text, u.target_text) for u in units] == [
        ("u1/s1", "The Council adopted conclusions.", "De Raad heeft conclusies aangenomen."),
        ("u1/2", "Tab here.", "Tab hier."),
        ("u2", "Only source.", None),
    ]
    assert units[0].meta == (("note", "recital"),)


def test_reverse_direction_swaps_sides() -> None:
    bitext = read_xliff(FIXTURES / "sample-2.0.xlf", "nl", "en")
    assert bitext.source.lang == "nl"
    assert bitext.source.segments[0].text == "De Raad heeft conclusies aangenomen."
    assert bitext.source.segments[0].origin.line_start == 8
    assert [link.kind for link in bitext.links] == ["1-1", "1-1", "0-1"]


def test_language_mismatch_is_clear() -> None:
    with pytest.raises(InputError, match=r"sample-1.2.xlf:3: this XLIFF is en -> nl; asked for en -> de"):
        read_xliff(FIXTURES / "sample-1.2.xlf", "en", "de")


def test_multiple_files_get_prefixed_ids_and_must_agree(tmp_path: Path) -> None:
    body = ('<file source-language="en" target-language="nl" datatype="x" original="{o}"><body>'
            '<trans-unit id="1"><source>{s}</source><target>{t}</target></trans-unit></body></file>')
    path = tmp_path / "two.xlf"
    path.write_text('<xliff version="1.2">\n' + body.format(o="a", s="One", t="Een") + "\n"
                    + body.format(o="b", s="Two", t="Twee") + "\n</xliff>\n", encoding="utf-8")
    assert [u.id for u in iter_xliff_units(path)] == ["1", "f2:1"]
    path.write_text('<xliff version="1.2">\n' + body.format(o="a", s="One", t="Een") + "\n"
                    + body.format(o="b", s="Two", t="Twee").replace('"nl"', '"de"') + "\n</xliff>\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"two.xlf:3: this <file> is en -> de"):
        read_xliff(path)


@pytest.mark.parametrize("text, fragment", [
    ('<xliff version="1.2"><file source-language="en" target-language="nl" datatype="x" '
     'original="a"><body/></file></xliff>', "no translation units"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
     'trgLang="nl"><file id="f"/></xliff>', "no translation units"),
    ('<xliff version="1.2"/>', "no translation units"),
    ('<tmx version="1.4"/>', "not an XLIFF file: the root element is <tmx>"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"><file id="f"/></xliff>',
     "without srcLang"),
    ('<xliff version="1.2"><file source-language="en" datatype="x" original="a"><body>'
     '<trans-unit id="1"><source>a</source></trans-unit></body></file></xliff>', "--target-lang"),
    ('<xliff version="1.2"><file source-language="en" target-language="nl" datatype="x" '
     'original="a"><body><trans-unit id="1"><source>a</source></trans-unit></body></xliff>',
     "malformed XML"),
])
def test_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_xliff(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_target_language_given_when_file_lacks_it(tmp_path: Path) -> None:
    path = tmp_path / "notarget.xlf"
    path.write_text('<xliff version="1.2"><file source-language="en" datatype="x" original="a"><body>'
                    '<trans-unit id="1"><source>a</source><target>b</target></trans-unit>'
                    "</body></file></xliff>\n", encoding="utf-8")
    bitext = read_xliff(path, target_lang="nl")
    assert bitext.target.lang == "nl" and bitext.target.segments[0].text == "b"
