"""``align refs``: the reference index of the seed and of two separate language versions."""
from __future__ import annotations

import json

from click.testing import CliRunner

from align.cli import main


def test_refs_on_the_seed_lists_acts_in_both_languages(seed_path, tmp_path):
    out = tmp_path / "refs.json"
    result = CliRunner().invoke(main, ["refs", str(seed_path), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002" in result.output
    assert "Council Framework Decision 2002/629/JHA of 19 July 2002" in result.output
    assert "8 references (5 act, 2 oj, 1 council-doc); 0 disagreements" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    keys = {r["key"] for r in data["references"]}
    assert {"act:FD:2002/629:JHA", "act:DIR:2004/81:EC", "oj:L:277:2007-10-20:29", "council-doc:14186/07"} <= keys
    fd = next(r for r in data["references"] if r["key"] == "act:FD:2002/629:JHA")
    assert set(fd["forms"]) == {"nl", "en"} and fd["dates"] == ["2002-07-19"]
    loc = fd["locations"][0]
    assert loc["text"][loc["span"][0]:loc["span"][1]].startswith("Kaderbesluit 2002/629/JBZ")


def test_refs_compares_two_documents_act_by_act(tmp_path):
    nl = tmp_path / "doc.nl.txt"
    en = tmp_path / "doc.en.txt"
    nl.write_text("Gelet op Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 inzake mensenhandel.\n\n"
                  "Richtlijn 2004/81/EG van de Raad van 29 april 2004 is van toepassing.\n", encoding="utf-8")
    en.write_text("Having regard to Council Framework Decision 2002/629/JHA of 19 June 2002 on trafficking.\n\n"
                  "Council Framework Decision 2004/81/EC of 29 April 2004 applies.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["refs", str(nl), str(en)])
    assert result.exit_code == 0, result.output
    assert "DISAGREES (ref.date)" in result.output and "2002-06-19" in result.output
    assert "DISAGREES (ref.type)" in result.output
    assert "2 disagreements" in result.output


def test_refs_bad_input_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["refs", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "missing.txt" in result.output


def test_refs_refuses_to_overwrite_its_input(seed_path, tmp_path):
    copy = tmp_path / "seed.txt"
    copy.write_bytes(seed_path.read_bytes())
    result = CliRunner().invoke(main, ["refs", str(copy), "--json", str(copy)])
    assert result.exit_code == 2
    assert copy.read_bytes() == seed_path.read_bytes()


def test_refs_indexes_both_sides_of_a_tmx(tmp_path):
    from pathlib import Path

    tmx = Path(__file__).resolve().parent.parent / "corpora" / "dgt-en-nl" / "tmx" / "22019D0558.tmx"
    result = CliRunner().invoke(main, ["refs", str(tmx), "--target-lang", "nl"])
    assert result.exit_code == 0, result.output
    assert "en: Decision No 65/2018" in result.output and "nl: Besluit nr. 65/2018" in result.output
