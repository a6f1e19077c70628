"""XML attacks and malformed XML must end in one clear InputError, fast, with nothing leaked."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from align.errors import InputError
from align.io.tmx import read_tmx, tmx_languages
from align.io.xliff import read_xliff

LAUGHS = "\n".join(
    [' <!ENTITY lol "lol">']
    + [f' <!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">' for i in range(1, 10)]
)

BILLION_LAUGHS_TMX = f"""<?xml version="1.0"?>
<!DOCTYPE tmx [
{LAUGHS}
]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="nl"><seg>x</seg></tuv></tu>
</body></tmx>
"""

XXE_TMX = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv><tuv xml:lang="nl"><seg>x</seg></tuv></tu>
</body></tmx>
"""

PARAMETER_ENTITY_TMX = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY % remote SYSTEM "file:///etc/passwd">
 %remote;
]>
<tmx version="1.4"><header srclang="en"/><body/></tmx>
"""

XXE_XLIFF = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="nl" datatype="plaintext" original="x"><body>
<trans-unit id="1"><source>&xxe;</source><target>x</target></trans-unit>
</body></file></xliff>
"""


def _passwd_lines() -> list[str]:
    try:
        return [line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()]
    except OSError:
        return ["root:x:0:0"]


@pytest.mark.parametrize("name, text, reader", [
    ("laughs.tmx", BILLION_LAUGHS_TMX, lambda p: read_tmx(p, "en", "nl")),
    ("laughs-default-langs.tmx", BILLION_LAUGHS_TMX, read_tmx),
    ("xxe.tmx", XXE_TMX, lambda p: read_tmx(p, "en", "nl")),
    ("pe.tmx", PARAMETER_ENTITY_TMX, tmx_languages),
    ("xxe.xlf", XXE_XLIFF, read_xliff),
])
def test_entity_attacks_rejected_quickly_without_leaking(tmp_path: Path, name: str, text: str,
                                                         reader) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        reader(path)
    assert time.perf_counter() - start < 2.0
    message = str(info.value)
    assert "defines entities" in message and str(path) in message
    assert "lollol" not in message
    for line in _passwd_lines()[:5]:
        assert line not in message
    assert "\n" not in message


def test_external_dtd_reference_alone_parses_without_loading(tmp_path: Path) -> None:
    # The DTD names a file that does not exist and a URL; neither may be fetched.
    path = tmp_path / "dtd.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n'
                    '<tmx version="1.4"><header srclang="en"/><body>\n'
                    '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="nl"><seg>b</seg></tuv></tu>\n'
                    '</body></tmx>\n', encoding="utf-8")
    bitext = read_tmx(path)
    assert bitext.source.segments[0].text == "a" and bitext.target.segments[0].origin.line_start == 4


@pytest.mark.parametrize("body, line, fragment", [
    ("<tu><tuv xml:lang='en'><seg>a</tuv></tu>", 5, "mismatch"),
    ("<tu><tuv xml:lang='en'><seg>a &amp b</seg></tuv></tu>", 5, "malformed XML"),
    ("<tu><tuv xml:lang='en'><seg>&undefined;</seg></tuv></tu>", 5, "malformed XML"),
])
def test_malformed_xml_names_line(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'
                    f"{body}\n</body></tmx>\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_tmx(path, "en", "nl")
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert fragment.lower() in str(info.value).lower()


def test_truncated_file_names_last_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'
                    "<tu><tuv xml:lang='en'><seg>a</seg></tuv>\n", encoding="utf-8")
    with pytest.raises(InputError, match="malformed XML") as info:
        read_tmx(path, "en", "nl")
    assert info.value.line is not None and info.value.line >= 5


@pytest.mark.parametrize("setup, fragment", [
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b""), "file is empty"),
    (lambda p: p.mkdir(), "is a directory"),
])
def test_unreadable_paths(tmp_path: Path, setup, fragment: str) -> None:
    path = tmp_path / "x.tmx"
    setup(path)
    with pytest.raises(InputError, match=fragment):
        read_tmx(path, "en", "nl")
