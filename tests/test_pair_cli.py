"""`align pair`: every output format, read back; usage and output errors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import main

DGT = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "en-nl"
DOC = "22019D0391"  # 25 EN lines, 19 NL lines: the gold has six 1-0 beads


@pytest.fixture()
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "doc.en.txt", tmp_path / "doc.nl.txt"
    shutil.copy(DGT / f"{DOC}.en", src)
    shutil.copy(DGT / f"{DOC}.nl", tgt)
    return src, tgt


def run_pair(src: Path, tgt: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["pair", str(src), str(tgt), "--one-per-line", "--source-lang", "en",
                                     "--target-lang", "nl", "-o", str(out), *extra])


def test_json_links_shape_and_line_numbers(inputs, tmp_path):
    out = tmp_path / "links.json"
    result = run_pair(*inputs, out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    links = data["links"]
    assert all(set(link) == {"source", "target", "confidence"} for link in links)
    assert all(0.0 <= link["confidence"] <= 1.0 for link in links)
    assert [i for link in links for i in link["source"]] == list(range(25))
    assert [j for link in links for j in link["target"]] == list(range(19))
    assert links[0] == {"source": [0], "target": [0], "confidence": links[0]["confidence"]}
    assert any(link["target"] == [] for link in links)  # the omissions are there
    assert data["indexes"] == "line"


def test_json_indexes_are_input_line_numbers_with_blank_lines(tmp_path):
    src, tgt = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text("Article 1\n\nThe Decision enters into force on 1 March 2019.\n", encoding="utf-8")
    tgt.write_text("Artikel 1\nHet besluit treedt in werking op 1 maart 2019.\n", encoding="utf-8")
    out = tmp_path / "o.json"
    assert run_pair(src, tgt, out).exit_code == 0
    links = json.loads(out.read_text(encoding="utf-8"))["links"]
    assert [(link["source"], link["target"]) for link in links] == [([0], [0]), ([2], [1])]


def test_tmx_output_reads_back(inputs, tmp_path):
    out = tmp_path / "pairs.tmx"
    result = run_pair(*inputs, out)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("creationtool") == "align" and header.get("srclang") == "en"
    assert len(header.get("creationdate")) == 16 and header.get("creationdate").endswith("Z")
    tus = root.findall("body/tu")
    assert f"{len(tus)} beads" in result.output  # one TU per bead
    first = tus[0]
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props["x-align-bead"] == "1-1" and 0 <= float(props["x-align-confidence"]) <= 1
    assert props["x-source-lines"] == "1" and props["x-target-lines"] == "1"
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in first.findall("tuv")]
    assert langs == ["en", "nl"]
    assert first.find("tuv/seg").text.startswith("Decision No 1/2019")
    omissions = [tu for tu in tus if tu.find("prop[@type='x-align-bead']").text == "1-0"]
    assert omissions and all(len(tu.findall("tuv")) == 1 for tu in omissions)


def test_tmx_output_reads_back_with_the_project_reader(inputs, tmp_path):
    from align.io.tmx import read_tmx
    out = tmp_path / "pairs.tmx"
    assert run_pair(*inputs, out).exit_code == 0
    bitext = read_tmx(out, "en", "nl")
    texts = [(p.source_text, p.target_text) for p in bitext.pairs()]
    assert ("of 18 February 2019", "van 18 februari 2019") in texts


def test_xlsx_output(inputs, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "pairs.xlsx"
    assert run_pair(*inputs, out).exit_code == 0
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:5] == ["#", "Source (en)", "Target (nl)", "Bead", "Confidence"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    omission_rows = [k for k, r in enumerate(rows, 2) if r[3] in ("1-0", "0-1")]
    assert omission_rows
    assert ws.cell(row=omission_rows[0], column=2).fill.fgColor.rgb.endswith("F8CBAD")
    assert ws.cell(row=2, column=2).alignment.wrap_text
    assert ws.column_dimensions["B"].width >= 40


def test_tsv_output(inputs, tmp_path):
    out = tmp_path / "pairs.tsv"
    assert run_pair(*inputs, out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["source", "target", "bead", "confidence", "source_lines", "target_lines"]
    assert all(len(line.split("\t")) == 6 for line in lines)
    assert lines[2].split("\t")[:3] == ["of 18 February 2019", "van 18 februari 2019", "1-1"]


def test_unknown_extension_is_a_usage_error(inputs, tmp_path):
    result = run_pair(*inputs, tmp_path / "pairs.docx")
    assert result.exit_code == 2
    assert "unknown output format" in result.output
    assert not (tmp_path / "pairs.docx").exists()


def test_output_equal_to_input_is_refused(tmp_path):
    src, tgt = tmp_path / "a.json", tmp_path / "b.txt"
    src.write_text("Article 1\n", encoding="utf-8")
    tgt.write_text("Artikel 1\n", encoding="utf-8")
    result = run_pair(src, tgt, src)
    assert result.exit_code == 2
    assert src.read_text(encoding="utf-8") == "Article 1\n"


def test_missing_input_is_one_line_error(tmp_path):
    tgt = tmp_path / "b.txt"
    tgt.write_text("Artikel 1\n", encoding="utf-8")
    result = run_pair(tmp_path / "missing.txt", tgt, tmp_path / "o.json")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.json").exists()
