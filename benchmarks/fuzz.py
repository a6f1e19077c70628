"""Mutation fuzzing of align's input readers: every input must give a result or an AlignError.

Seeds are the real files of the repository (DGT TMX, XLIFF fixtures, glossary CSVs, the DGT
pair table, the Council seed text and DGT plain texts, plus a small XLSX built here). Each
round picks a seed, applies one to three mutations (byte flips, truncation, inserted XML
specials and DOCTYPE/entity declarations, duplicated or deleted chunks, random Unicode,
encoding switches; for XLSX, mutations of a member inside a rebuilt ZIP) and feeds the result to

- ``align.io.reader.read_input`` (format chosen by content and the seed's extension),
- ``align.refs.find_references`` and ``align.text.segment.split_sentences`` (decoded text),
- ``align.terms.glossary.read_glossary_file`` (glossary seeds),

when those modules exist. Any exception that is not an ``align.errors.AlignError`` is a crash;
an input taking more than ``--timeout`` seconds is a hang; a Python warning raised during a call
is listed too (it would be a stray line on the user's stderr). Each distinct crash (exception type +
innermost align frame) is saved once under ``--out`` (default /tmp/align-fuzz) as the input
file plus a ``.trace`` traceback, so ``python -c "from align.io.reader import read_input;
read_input('<file>')"`` reproduces it.

    python benchmarks/fuzz.py --seconds 60 [--seed 1] [--out /tmp/align-fuzz] [--formats tmx,xlf,xlsx]

Prints inputs tried (per target), AlignErrors (expected refusals), crashes and hangs.
Exit code 1 if any crash or hang was found. A "hang" on a large input can be machine load
(the process runs under ``nice``): re-run the saved file alone before calling it a bug. Long
runs without spaces hit a known quadratic spot in the text normaliser and are left out unless
``--include-known-slow``.
"""
from __future__ import annotations

import argparse
import faulthandler
import hashlib
import io
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.errors import AlignError  # noqa: E402

XML_SPECIALS = [
    b"<", b">", b"&", b"&amp;", b"&#0;", b"&#xD800;", b"&#x110000;", b"&bogus;", b"]]>",
    b"<![CDATA[", b"<!--", b"-->", b"<?pi x?>", b"\"", b"'", b"</seg>", b"<seg>", b"</tu>",
    b"<tu>", b"<tuv xml:lang=\"xx\">", b"<tuv>", b"</tuv>", b"<trans-unit>", b"<source>",
    b"</target>", b"<unit id=\"u\"><segment><source>x</source></segment></unit>",
    b"<!DOCTYPE tmx [<!ENTITY a \"aaaa\">]>", b"<!DOCTYPE x SYSTEM \"file:///etc/passwd\">",
    b"<!DOCTYPE tmx [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", b"&e;", b"&a;",
    b"<cp hex=\"D800\"/>", b"<cp hex=\"zz\"/>", b"<cp hex=\"110000\"/>", b"xml:lang=\"\"",
    b" srclang=\"*all*\"", b"<xi:include href=\"/etc/passwd\"/>", b"\x00", b"\xff\xfe",
    b"\xef\xbb\xbf", b"\r", b"\r\n", b"\n\n\n", b"\t", b",", b";", b"\"\"", b"\"x\nx\"",
]
UNICODE_SAMPLES = "\u00a0\u200b\u202e\ufeff\ufffd\u0301\u2028\u2029\U0001f600\u00e9\u0133\u2019\u00ad\x0b\x0c\x1c\x85"


def _load_seeds() -> list[tuple[str, bytes]]:
    seeds: list[tuple[str, bytes]] = []

    def add(path: Path, limit: int | None = 120_000) -> None:
        data = path.read_bytes()
        if limit and len(data) > limit:
            data = data[:limit]  # a truncated seed is itself a useful (damaged) input
        seeds.append((path.suffix.lower() or ".txt", data))

    for path in sorted((ROOT / "corpora" / "dgt-en-nl" / "tmx").glob("*.tmx"))[:6]:
        add(path)
    for path in sorted((ROOT / "tests" / "fixtures" / "io").glob("*")):
        if path.is_file():
            add(path, None)
    for path in sorted((ROOT / "glossaries").glob("*.csv")):
        add(path, None)
    pairs = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
    if pairs.exists():
        seeds.append((".tsv", pairs.read_bytes()[:20_000]))
    council = ROOT / "corpora" / "council" / "st14186-07.nl.txt"
    if council.exists():
        add(council, None)
    for path in sorted((ROOT / "corpora" / "dgt-en-nl" / "en-nl").glob("*.[en][nl]"))[:6]:
        seeds.append((".txt", path.read_bytes()[:30_000]))
    seeds.append((".xlsx", _xlsx_seed()))
    return seeds


def _xlsx_seed() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nl", "en"])
    sheet.append(["De Raad van de Europese Unie,", "The Council of the European Union,"])
    sheet.append(["Kaderbesluit 2002/629/JBZ", "Framework Decision 2002/629/JHA"])
    sheet.append([12, 3.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- mutations --------------------------------------------------------------------------

def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        buf[i] = rng.choice([buf[i] ^ (1 << rng.randrange(8)), rng.randrange(256)])
    return bytes(buf)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)] if data else data


def _insert_special(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(XML_SPECIALS) + data[i:]


def _duplicate(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data * 2
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4096))
    chunk = data[a:b] * rng.choice([1, 2, 10, 100])
    i = rng.randrange(len(data) + 1)
    return data[:i] + chunk + data[i:]


def _delete(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 2048))
    return data[:a] + data[b:]


def _unicode(data: bytes, rng: random.Random) -> bytes:
    text = "".join(rng.choice(UNICODE_SAMPLES) if rng.random() < 0.7 else chr(rng.randrange(0x20, 0x2FFFF))
                   for _ in range(rng.randint(1, 12)))
    i = rng.randrange(len(data) + 1)
    return data[:i] + text.encode("utf-8", "surrogatepass") + data[i:]


def _reencode(data: bytes, rng: random.Random) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig", "utf-32"])
    return text.encode(encoding, errors="replace")


# Long runs without spaces hit the known quadratic hyphen search in align/text/normalize.py
# (tests/test_bad_inputs.py::test_long_run_without_spaces_is_read_in_linear_time); they are left
# out unless --include-known-slow, so the time goes to finding new problems.
LONG_PIECES = [b"x ", b"woord ", b"\xc3\xa9t\xc3\xa9 ", b"a b- "]
KNOWN_SLOW_PIECES = [b"a", b"-"]


def _long_line(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    piece = rng.choice(LONG_PIECES)
    return data[:i] + piece * rng.randint(10_000, 200_000) + data[i:]


def _line_endings(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\r", b"\x0c", b"\u2028".decode("unicode_escape").encode()]))


MUTATORS = [_flip, _truncate, _insert_special, _insert_special, _duplicate, _delete, _unicode,
            _reencode, _long_line, _line_endings]


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATORS)(data, rng)
    return data


def mutate_xlsx(data: bytes, rng: random.Random) -> bytes:
    """Half the time mutate the ZIP bytes, half the time one member inside a valid ZIP."""
    if rng.random() < 0.4:
        return mutate(data, rng)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                if rng.random() < 0.1:
                    continue  # drop a member
                content = mutate(content, rng)
            target.writestr(name, content)
    return out.getvalue()


# ---- targets ----------------------------------------------------------------------------

class Hang(Exception):
    pass


def _on_alarm(_signum, _frame):
    raise Hang()


def _targets():
    """(name, function(path, data, suffix, rng)) for every target module that exists."""
    from align.io.reader import read_input

    targets = []

    def reader(path: Path, data: bytes, suffix: str, rng: random.Random):
        if suffix == ".tmx":  # the DGT seeds hold 23 languages: mostly ask for two of them
            langs = rng.choice([("en", "nl"), ("en", "nl"), ("nl", "en"), ("en", None), (None, None)])
        else:
            langs = rng.choice([(None, None), (None, None), ("nl", "en"), ("en", "nl"), ("en", None)])
        return read_input(path, *langs)
    targets.append(("read_input", reader, None))

    try:
        from align.refs import find_references

        def refs(path: Path, data: bytes, suffix: str, rng: random.Random):
            text = data.decode("utf-8", errors="replace")[:50_000]
            return find_references(text, rng.choice(["nl", "en", "fr", "de"]))
        targets.append(("find_references", refs, {".txt", ".nl", ".en", ".tsv", ".csv"}))
    except ImportError:
        pass
    try:
        from align.text.segment import split_sentences

        def sentences(path: Path, data: bytes, suffix: str, rng: random.Random):
            text = data.decode("utf-8", errors="replace")[:50_000]
            return split_sentences(text, rng.choice(["nl", "en", "fr", "de"]))
        targets.append(("split_sentences", sentences, {".txt", ".nl", ".en"}))
    except ImportError:
        pass
    try:
        from align.terms.glossary import read_glossary_file

        def glossary(path: Path, data: bytes, suffix: str, rng: random.Random):
            return read_glossary_file(path)
        targets.append(("read_glossary_file", glossary, {".csv", ".tsv", ".xlsx"}))
    except ImportError:
        pass
    return targets


def _crash_key(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/align/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__}@{where}"


def run(seconds: float, seed: int, out: Path, timeout: int, memory_mb: int,
        formats: frozenset[str] = frozenset()) -> int:
    faulthandler.enable()  # a segfault in a C extension prints where it happened
    rng = random.Random(seed)
    seeds = [s for s in _load_seeds() if not formats or s[0].lstrip(".") in formats]
    targets = _targets()
    out.mkdir(parents=True, exist_ok=True)
    if memory_mb:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    signal.signal(signal.SIGALRM, _on_alarm)
    tried: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    crashes: dict[str, tuple[str, Path]] = {}
    crash_count = 0
    per_key: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    slowest = (0.0, "")
    deadline = time.monotonic() + seconds
    next_report = time.monotonic() + 30
    with tempfile.TemporaryDirectory(prefix="align-fuzz-") as workdir:
        work = Path(workdir)
        n = 0
        while time.monotonic() < deadline:
            if time.monotonic() > next_report:
                next_report += 30
                print(f"... {sum(tried.values())} calls, {crash_count} crashes ({len(crashes)} distinct)",
                      file=sys.stderr, flush=True)
            suffix, original = rng.choice(seeds)
            data = mutate_xlsx(original, rng) if suffix == ".xlsx" else mutate(original, rng)
            n += 1
            path = work / f"input{n % 7}{suffix}"
            path.write_bytes(data)
            # kept outside the temporary directory: if the interpreter itself dies (a crash in C
            # code), this file is the reproducer
            (out / "last-input").write_bytes(data)
            for name, function, suffixes in targets:
                if suffixes is not None and suffix not in suffixes:
                    continue
                tried[name] += 1
                started = time.monotonic()
                signal.alarm(timeout)
                try:
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        try:
                            function(path, data, suffix, rng)
                        finally:
                            for warning in caught:  # a warning is a stray line on the user's stderr
                                message = re.sub(r"name='[^']*'", "name=<input>", str(warning.message))
                                text = f"{name}: {warning.category.__name__}: {message[:90]}"
                                if text not in stray:
                                    print(f"new warning: {text}", file=sys.stderr, flush=True)
                                stray[text] += 1
                except AlignError:
                    refused[name] += 1
                except Hang as exc:
                    key = f"Hang>{timeout}s@{name}"
                    crash_count += 1
                    per_key[key] += 1
                    if key not in crashes:
                        crashes[key] = (name, _save(out, key, suffix, data, exc, name))
                        print(f"new: {key} -> {crashes[key][1]}", file=sys.stderr, flush=True)
                except (Exception, RecursionError) as exc:  # a crash: anything but AlignError
                    crash_count += 1
                    key = f"{name}:{_crash_key(exc)}"
                    per_key[key] += 1
                    if key not in crashes:
                        crashes[key] = (name, _save(out, key, suffix, data, exc, name))
                        print(f"new: {key} -> {crashes[key][1]}", file=sys.stderr, flush=True)
                finally:
                    signal.alarm(0)
                elapsed = time.monotonic() - started
                if elapsed > slowest[0]:
                    slowest = (elapsed, f"{name} on a {len(data)}-byte {suffix}")
    total = sum(tried.values())
    print(f"fuzz: {seconds:.0f} s, seed {seed}, {len(seeds)} seed files, {n} mutated files, "
          f"{total} target calls")
    for name in tried:
        print(f"  {name}: {tried[name]} inputs, {refused[name]} refused with AlignError")
    print(f"  slowest call: {slowest[0]:.2f} s ({slowest[1]})")
    print(f"crashes: {crash_count} ({len(crashes)} distinct)")
    for key, (name, saved) in sorted(crashes.items()):
        print(f"  {key} ({per_key[key]}x)  reproducer: {saved}")
    print(f"warnings (stray stderr lines): {sum(stray.values())} ({len(stray)} distinct)")
    for text, count in stray.most_common():
        print(f"  {text} ({count}x)")
    (out / "last-input").unlink(missing_ok=True)
    return 1 if crashes else 0


def _save(out: Path, key: str, suffix: str, data: bytes, exc: BaseException, target: str) -> Path:
    digest = hashlib.sha1(data).hexdigest()[:12]
    path = out / f"crash-{digest}{suffix}"
    path.write_bytes(data)
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    (out / f"crash-{digest}.trace").write_text(f"{key}\ntarget: {target}\nfile: {path}\n\n{text}", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/align-fuzz"))
    parser.add_argument("--timeout", type=int, default=5, help="seconds before an input counts as a hang")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space limit (0: none)")
    parser.add_argument("--formats", default="", help="only seeds with these extensions, e.g. tmx,xlf,xlsx")
    parser.add_argument("--include-known-slow", action="store_true",
                        help="also insert long runs without spaces (a known quadratic case)")
    args = parser.parse_args()
    if args.include_known_slow:
        LONG_PIECES.extend(KNOWN_SLOW_PIECES)
    formats = frozenset(f.strip().lstrip(".") for f in args.formats.split(",") if f.strip())
    return run(args.seconds, args.seed, args.out, args.timeout, args.memory_mb, formats)


if __name__ == "__main__":
    sys.exit(main())
