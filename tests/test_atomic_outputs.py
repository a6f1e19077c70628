"""Outputs appear whole or not at all; inputs are never written to.

A crash or Ctrl-C while an output is being written leaves the previous output byte-identical
and no temporary file behind (align.io.atomic writes beside the target and renames).
"""
from __future__ import annotations

import builtins
import errno
import hashlib
import io
import re
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from align.errors import OutputError
from align.io import atomic
from align.io.atomic import atomic_path, write_text_atomic
from conftest import ROOT, SEED

NL_TEXT = ("De Raad van de Europese Unie neemt kennis van het verslag over mensenhandel.\n\n"
           "Het Kaderbesluit 2002/629/JBZ van de Raad van 19 juli 2002 blijft van toepassing.\n")
EN_TEXT = ("The Council of the European Union takes note of the report on trafficking in human beings.\n\n"
           "Council Framework Decision 2002/629/JHA of 19 July 2002 continues to apply.\n")
OLD = b"previous output, must survive\n"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


def _require(command: str) -> None:
    group = main
    for word in command.split():
        if word not in getattr(group, "commands", {}):
            pytest.fail(f"command 'align {command}' is missing")
        group = group.commands[word]


# ---- the context manager itself ------------------------------------------------------------------

@pytest.mark.parametrize("failure", [RuntimeError("bug"), KeyboardInterrupt(), SystemExit(1)])
def test_failure_midway_keeps_the_previous_file(tmp_path: Path, failure: BaseException) -> None:
    out = tmp_path / "out.json"
    out.write_bytes(OLD)
    with pytest.raises(type(failure)):
        with atomic_path(out) as tmp:
            tmp.write_bytes(b"half of the new cont")
            raise failure
    assert out.read_bytes() == OLD
    assert _temp_files(tmp_path) == []


def test_disk_full_is_an_output_error_and_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    out.write_bytes(OLD)
    with pytest.raises(OutputError, match="No space left on device") as caught:
        with atomic_path(out) as tmp:
            tmp.write_bytes(b"partial")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert caught.value.path == str(out)
    assert out.read_bytes() == OLD
    assert _temp_files(tmp_path) == []


def test_directory_that_refuses_new_files_is_an_output_error(tmp_path: Path, monkeypatch) -> None:
    """os.access says yes for root and on some mounts; creating the file is the real test."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="cannot write in the output directory: Permission denied"):
        write_text_atomic(tmp_path / "out.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_success_leaves_only_the_output_with_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    write_text_atomic(out, "{}\n")
    assert out.read_text() == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_replacing_keeps_the_mode_of_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_bytes(OLD)
    out.chmod(0o640)
    write_text_atomic(out, "{}\n")
    assert out.stat().st_mode & 0o777 == 0o640


def test_output_equal_to_an_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(OLD)
    with pytest.raises(OutputError, match="also an input"):
        write_text_atomic(tmp_path / "." / "in.txt", "new", inputs=[src])
    assert src.read_bytes() == OLD


# ---- every command that writes, crashed just before the rename -----------------------------------

def _inputs(tmp: Path) -> dict[str, Path]:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "source.nl.txt").write_text(NL_TEXT, encoding="utf-8")
    (folder / "target.en.txt").write_text(EN_TEXT, encoding="utf-8")
    shutil.copy(SEED, folder / "seed.nl.txt")
    shutil.copy(ROOT / "glossaries" / "eu-general.csv", folder / "terms.csv")
    return {"nl": folder / "source.nl.txt", "en": folder / "target.en.txt", "seed": folder / "seed.nl.txt",
            "terms": folder / "terms.csv"}


# (command words, argv template, output names); {nl} {en} {seed} {terms} are inputs, {out} the output dir
WRITERS = [
    ("pair", "pair {nl} {en} -o {out}/links.tsv", ["links.tsv"]),
    ("pair", "pair {nl} {en} -o {out}/links.json", ["links.json"]),
    ("pair", "pair {nl} {en} -o {out}/links.tmx", ["links.tmx"]),
    ("pair", "pair {nl} {en} -o {out}/links.xlsx", ["links.xlsx"]),
    ("check", "check {nl} {en} -g {terms} --json {out}/f.json", ["f.json"]),
    ("check", "check {nl} {en} -g {terms} -o {out}/review.xlsx", ["review.xlsx"]),
    ("refs", "refs {seed} --json {out}/refs.json", ["refs.json"]),
    ("glossary convert", "glossary convert {terms} {out}/terms.tsv", ["terms.tsv"]),
]


def _argv(template: str, files: dict[str, Path], out: Path) -> list[str]:
    return template.format(out=out, **files).split()




@pytest.mark.parametrize("command,template,outputs", WRITERS, ids=[w[1].split("-o")[-1].split()[-1].split("/")[-1]
                                                                  + "-" + w[0].replace(" ", "-") for w in WRITERS])
def test_crash_before_rename_keeps_previous_output(tmp_path: Path, monkeypatch, command, template, outputs) -> None:
    _require(command)
    files = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for name in outputs:
        (out / name).write_bytes(OLD)

    def crash(src, dst):
        assert Path(src).stat().st_size > 0  # the new content was written, then the "crash"
        raise RuntimeError("simulated crash between writing and renaming")
    monkeypatch.setattr(atomic.os, "replace", crash)
    result = CliRunner().invoke(main, _argv(template, files, out))
    assert result.exit_code == 3, (result.exit_code, result.output)  # reported as an internal error
    assert "simulated crash" in result.stderr
    for name in outputs:
        assert (out / name).read_bytes() == OLD, f"{name} was changed by a failed run"
    assert _temp_files(out) == []


@pytest.mark.parametrize("command,template,outputs", WRITERS, ids=[f"{i}-{w[0].replace(' ', '-')}"
                                                                  for i, w in enumerate(WRITERS)])
def test_inputs_are_opened_read_only_and_unchanged(tmp_path: Path, monkeypatch, command, template, outputs) -> None:
    _require(command)
    files = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = {p: (_sha(p), p.stat().st_mtime_ns) for p in files.values()}
    in_dir = str(tmp_path / "in")
    writes: list[str] = []

    def watch(opener):
        def opened(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and str(file).startswith(in_dir) and any(c in str(mode) for c in "wax+"):
                writes.append(f"{file} {mode}")
            return opener(file, mode, *args, **kwargs)
        return opened

    def watch_os_open(path, flags, *args, **kwargs):
        if str(path).startswith(in_dir) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC):
            writes.append(f"{path} os.open flags {flags:#o}")
        return real_os_open(path, flags, *args, **kwargs)

    real_os_open = os.open
    monkeypatch.setattr(builtins, "open", watch(builtins.open))
    monkeypatch.setattr(io, "open", watch(io.open))
    monkeypatch.setattr(os, "open", watch_os_open)
    result = CliRunner().invoke(main, _argv(template, files, out))
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert writes == []
    assert {p: (_sha(p), p.stat().st_mtime_ns) for p in files.values()} == before
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == sorted(p.name for p in files.values())
    for name in outputs:
        assert (out / name).stat().st_size > 0


# ---- a real Ctrl-C ----------------------------------------------------------------------------------

_SLOW_RENAME = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from align.io import atomic
    ready = Path(sys.argv[1])
    real_replace = atomic.os.replace
    def slow_replace(src, dst):
        ready.write_text(str(src))               # tell the test: the new content is written
        time.sleep(60)                           # ... and wait for the SIGINT
        real_replace(src, dst)
    atomic.os.replace = slow_replace
    from align.cli import main
    sys.argv = ["align", *sys.argv[2:]]
    main()
""")


def _wait_for(path: Path, seconds: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline or (proc is not None and proc.poll() is not None):
            detail = proc.communicate()[1][-500:] if proc is not None and proc.poll() is not None else ""
            pytest.fail(f"the child never reached the write ({path} missing) {detail}")
        time.sleep(0.05)


@pytest.mark.parametrize("name", ["links.tsv", "links.xlsx"])
def test_sigint_while_writing_leaves_previous_output(tmp_path: Path, name: str) -> None:
    _require("pair")
    files = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(OLD)
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RENAME, str(ready), "pair", str(files["nl"]), str(files["en"]),
                             "-o", str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(ready, 60, proc)
        temp = Path(ready.read_text())
        assert temp.exists() and temp.stat().st_size > 0 and temp.parent == out
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in out.iterdir()) == [name]


_MARK_PIPELINE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from align import pipeline
    ready = Path(sys.argv[1])
    real_run = pipeline.run
    def marked_run(*args, **kwargs):
        ready.write_text("running")   # tell the test: reading and checking have started
        time.sleep(0.3)
        return real_run(*args, **kwargs)
    pipeline.run = marked_run
    from align.cli import main
    sys.argv = ["align", *sys.argv[2:]]
    main()
""")


def test_sigint_before_writing_leaves_no_output(tmp_path: Path) -> None:
    """Interrupting the (slow) reading and checking of a large TMX writes nothing at all."""
    _require("check")
    out = tmp_path / "out"
    out.mkdir()
    ready = tmp_path / "ready"
    tmx = ROOT / "corpora" / "dgt-en-nl" / "tmx" / "22019D0437.tmx"
    proc = subprocess.Popen([sys.executable, "-c", _MARK_PIPELINE, str(ready), "check", str(tmx), "--source-lang",
                             "en", "--target-lang", "nl", "-o", str(out / "review.xlsx"), "--json",
                             str(out / "f.json")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(ready, 60, proc)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert list(out.iterdir()) == []


# ---- the decisions file (align review import) -----------------------------------------------------

def _reviewed_workbooks(tmp: Path) -> tuple[Path, Path, dict[str, tuple[str, str]]]:
    """Two copies of one review workbook, each with decisions on a different half of the findings."""
    import openpyxl

    review = tmp / "review.xlsx"
    result = CliRunner().invoke(main, ["check", str(SEED), "-o", str(review)])
    assert result.exit_code in (0, 1), result.output
    expected: dict[str, tuple[str, str]] = {}
    copies = []
    for half, (status, who) in enumerate((("Confirmed error", "Anna"), ("False positive", "Bram"))):
        book = openpyxl.load_workbook(review)
        sheet = book["Findings"]
        header = [cell.value for cell in sheet[1]]
        col = {name: header.index(name) + 1 for name in ("ID", "Status", "Reviewer", "Comment")}
        for row in range(2, sheet.max_row + 1):
            finding = sheet.cell(row, col["ID"]).value
            if not finding or row % 2 != half:
                continue
            sheet.cell(row, col["Status"]).value = status
            sheet.cell(row, col["Reviewer"]).value = who
            sheet.cell(row, col["Comment"]).value = f"{who}: row {row}\tchecked"
            expected[finding] = (status, who)
        copy = tmp / f"review-{who}.xlsx"
        book.save(copy)
        copies.append(copy)
    assert len(expected) >= 10, "the seed should give enough findings to split between two reviewers"
    return copies[0], copies[1], expected


def test_two_imports_at_once_keep_both_reviewers_decisions(tmp_path: Path) -> None:
    _require("review import")
    from align.report.review import read_decisions_file

    first, second, expected = _reviewed_workbooks(tmp_path)
    for attempt in range(3):  # several races, each on a fresh decisions file
        decisions = tmp_path / f"decisions-{attempt}.tsv"
        procs = [subprocess.Popen([sys.executable, "-m", "align", "review", "import", str(book), "--decisions",
                                   str(decisions), "--date", "2026-11-28"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for book in (first, second)]
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        stored = read_decisions_file(decisions)
        got = {fid: (d.status, d.reviewer) for fid, d in stored.items() if d.status != "Open"}
        assert got == expected
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f"decisions-{attempt}")) \
            in ([decisions.name], [decisions.name, decisions.name + ".lock"])


@pytest.mark.parametrize("content,message,line", [
    (b"garbage that is not a decisions file\n", r"not an align decisions file", None),
    (None, r"expected 9 tab-separated fields, found 3", 4),  # a valid file with a damaged last line
    (b"# align decisions\xff\xfe\n", r"not UTF-8", None),
], ids=["garbage", "damaged-line", "not-utf8"])
def test_damaged_decisions_file_is_an_error_and_left_untouched(tmp_path: Path, content, message, line) -> None:
    _require("review import")
    first, _second, _expected = _reviewed_workbooks(tmp_path)
    decisions = tmp_path / "decisions.tsv"
    if content is None:
        result = CliRunner().invoke(main, ["review", "import", str(first), "--decisions", str(decisions)])
        assert result.exit_code == 0, result.output
        lines = decisions.read_bytes().splitlines(keepends=True)
        content = b"".join(lines[:3]) + b"broken\tline\there\n"
    decisions.write_bytes(content)
    result = CliRunner().invoke(main, ["review", "import", str(first), "--decisions", str(decisions)])
    assert result.exit_code == 2, result.output
    error = result.stderr.strip()
    assert "\n" not in error and "Traceback" not in result.output
    where = f"align: error: {decisions}" + (f":{line}:" if line else ":")
    assert error.startswith(where), error
    assert re.search(message, error), error
    assert decisions.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("decisions")) in (
        ["decisions.tsv"], ["decisions.tsv", "decisions.tsv.lock"])
