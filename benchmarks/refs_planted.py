"""Reference and number checks on the real DGT EN-NL corpus: false alarms on the clean pairs
and recall on planted errors of each kind.

    python benchmarks/refs_planted.py [--show-clean] [--seed N]

Each planted error changes ONE citation in the Dutch target of a pair whose citation parsed on
both sides (number, year, suffix, act type, author, date month, OJ page, OJ issue, article
number); the check family must then report a finding on that pair (caught) - not just any
finding: the one the plant calls for (number -> ref.number, ...; a changed month of an act's
date counts when ref.date or number.mismatch reports it). Prints per-kind recall and
clean findings per 1,000 segments.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.checks.registry import CheckContext, run_checks  # noqa: E402
from align.model import AlignedPair, Document, Origin, Segment  # noqa: E402
from align.refs import find_references  # noqa: E402
from align.refs.data import month_names, series_by_canonical  # noqa: E402

TSV = ROOT / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
FAMILIES = ("ref.", "number.")


def load_pairs() -> list[tuple[str, int, str, str]]:
    with open(TSV, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(r[0], int(r[1]), r[2], r[3]) for r in reader]


def make_context(rows, nl_override: dict[int, str] | None = None) -> CheckContext:
    pairs, src_segs, tgt_segs = [], [], []
    for i, (doc, tu, en, nl) in enumerate(rows):
        nl = (nl_override or {}).get(i, nl)
        s = Segment(f"{doc}:{tu}:en", en, "en", Origin(f"{doc}.en", tu + 1, tu + 1))
        t = Segment(f"{doc}:{tu}:nl", nl, "nl", Origin(f"{doc}.nl", tu + 1, tu + 1))
        src_segs.append(s)
        tgt_segs.append(t)
        pairs.append(AlignedPair(i, (s,), (t,), 1.0))
    docs = (Document("dgt.en", "en", tuple(src_segs)), Document("dgt.nl", "nl", tuple(tgt_segs)))
    return CheckContext("bilingual", tuple(pairs), docs, "en", "nl")


def _load_checks() -> None:
    """Only the reference/number checks matter here; another family's module that does not
    import yet (work in progress) must not stop the benchmark."""
    from align.checks import registry

    try:
        registry.discover()
    except Exception as exc:  # noqa: BLE001 - report and carry on with our modules
        print(f"(note: check discovery failed: {exc}; running the reference checks only)")
        import align.checks.numbers  # noqa: F401
        import align.checks.references  # noqa: F401
        import align.checks.style  # noqa: F401
        registry._DISCOVERED = True


def ref_findings(ctx):
    _load_checks()
    return [f for f in run_checks(ctx, only=["ref", "number"]) if f.check.startswith(FAMILIES)]


# ------------------------------------------------------------------ planting

def _replace(text: str, span, new: str) -> str:
    return text[:span[0]] + new + text[span[1]:]


def plant(kind: str, nl: str, en: str, rng: random.Random) -> tuple[str, str] | None:
    """A mutated Dutch text and the check expected to catch it, or None if not applicable."""
    refs = find_references(nl, "nl")
    en_keys = {r.key for r in find_references(en, "en")}
    acts = [r for r in refs if r.kind == "act" and r.part("form") != "unnumbered"]
    if kind in ("number", "year", "suffix", "type", "author", "date-month"):
        acts = [a for a in acts if any(k.split(":")[2:] == a.key.split(":")[2:] for k in en_keys if k.startswith("act:"))]
        if kind == "author":
            acts = [a for a in acts if a.part("author") in ("council", "commission")]
        if kind == "date-month":
            acts = [a for a in acts if a.part("date")]
        if kind == "type":  # an act that inherits its type from a list ("Richtlijnen X en Y") has no word to change
            acts = [a for a in acts if a.part("type") and a.part("type_text")]
        if not acts:
            return None
        act = rng.choice(acts)
        a0, _ = act.span
        text = act.text
        if kind in ("number", "year"):
            cs, ce = act.part("core_span")
            core = nl[cs:ce]
            m = re.search(r"(\d+)/(\d+)", core)
            number_first = act.part("order") == "ny"  # "No 1234/2007" vs "2004/81/EC"
            grp = (1 if number_first else 2) if kind == "number" else (2 if number_first else 1)
            old = m.group(grp)
            if kind == "number":
                new = old[::-1] if len(old) > 1 and old[::-1] != old and not old[::-1].startswith("0") else str(int(old) + 1)
            else:
                new = str(int(old) + 1).zfill(len(old))[-len(old):]
            span = (cs + m.start(grp), cs + m.end(grp))
            return _replace(nl, span, new), "ref.number"
        if kind == "suffix":
            forms = act.part("suffixes")
            if not forms:
                return None
            cs, ce = act.part("core_span")
            core = nl[cs:ce]
            form = forms[0]
            idx = core.find(form)
            if rng.random() < 0.5:  # English suffix in Dutch text
                new = series_by_canonical()[act.part("domains")[0]].form("en")
                if new == form:
                    new = {"EU": "EC", "EURATOM": "EC"}.get(act.part("domains")[0], "EU")
            else:  # another domain
                new = "JBZ" if act.part("domains")[0] != "JHA" else "EG"
            return _replace(nl, (cs + idx, cs + idx + len(form)), new), "ref.series"
        if kind == "type":
            tt = act.part("type_text")
            swap = {"FD": "Richtlijn", "DIR": "Kaderbesluit", "REG": "Richtlijn", "DEC": "Verordening",
                    "IREG": "Richtlijn", "DREG": "Besluit", "IDEC": "Verordening"}.get(act.part("type"), "Richtlijn")
            idx = nl.find(tt, a0)
            return _replace(nl, (idx, idx + len(tt)), swap), "ref.type"
        if kind == "author":
            at = act.part("author_text")
            new = "van de Commissie" if act.part("author") == "council" else "van de Raad"
            idx = nl.find(at, a0)
            return _replace(nl, (idx, idx + len(at)), new), "ref.author"
        if kind == "date-month":
            ds, de = act.part("date_span")
            dtext = nl[ds:de]
            months = month_names("nl")
            for form, number in sorted(months.items(), key=lambda kv: -len(kv[0])):
                i = dtext.lower().find(form)
                if i >= 0:
                    new = max((k for k, v in months.items() if v == number % 12 + 1), key=len)
                    return _replace(nl, (ds + i, ds + i + len(form)), new), "ref.date"
            m = re.search(r"\.(\d{1,2})\.", dtext)
            if m:
                new = str(int(m.group(1)) % 12 + 1)
                return _replace(nl, (ds + m.start(1), ds + m.end(1)), new), "ref.date"
            return None
    if kind in ("oj-page", "oj-issue"):
        ojs = [r for r in refs if r.kind == "oj" and r.part("form") == "classic" and r.key in en_keys]
        if kind == "oj-page":
            ojs = [r for r in ojs if r.part("page") is not None]
        if not ojs:
            return None
        oj = rng.choice(ojs)
        t = oj.text
        if kind == "oj-page":
            m = re.search(r"(\d+)\s*$", t)
        else:
            m = re.search(r"[LC]\s+(\d+)", t)
        old = m.group(1)
        new = str(int(old) + rng.choice([1, 2, 10]))
        return _replace(nl, (oj.span[0] + m.start(1), oj.span[0] + m.end(1)), new), "ref.oj"
    if kind == "article":
        en_arts = {r.key for r in find_references(en, "en") if r.kind == "article"}
        arts = [r for r in refs if r.kind == "article" and r.key in en_arts]
        if not arts:
            return None
        art = rng.choice(arts)
        m = re.search(r"\d+", art.text)
        old = m.group(0)
        new = str(int(old) + 1)
        return _replace(nl, (art.span[0] + m.start(), art.span[0] + m.end()), new), "ref.article"
    return None


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


KINDS = ("number", "year", "suffix", "type", "author", "date-month", "oj-page", "oj-issue", "article")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-clean", action="store_true", help="print every finding on the clean corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-per-kind", type=int, default=200)
    args = ap.parse_args()
    rows = load_pairs()
    t0 = time.time()
    clean = ref_findings(make_context(rows))
    elapsed = time.time() - t0
    by_check = Counter(f.check for f in clean)
    print(f"clean DGT EN->NL: {len(rows)} aligned pairs ({2 * len(rows)} segments), "
          f"{len(clean)} ref/number findings = {1000 * len(clean) / (2 * len(rows)):.2f} per 1,000 segments "
          f"({1000 * len(clean) / len(rows):.2f} per 1,000 pairs); {elapsed:.1f}s")
    for check, n in sorted(by_check.items()):
        print(f"  {check:<18} {n}")
    if args.show_clean:
        for f in clean:
            loc = f.locations[0]
            print(f"- {f.check} [{loc.file}:{loc.line}] {f.message}")
    clean_ids = {f.id for f in clean}
    rng = random.Random(args.seed)
    print(f"\nplanted errors (one per pair, Dutch side, seed {args.seed}):")
    print(f"  {'kind':<11} {'planted':>7} {'caught':>7} {'recall':>7}")
    total_planted = total_caught = 0
    for kind in KINDS:
        candidates = list(range(len(rows)))
        rng.shuffle(candidates)
        override: dict[int, str] = {}
        expected: dict[int, str] = {}
        eligible = 0
        for i in candidates:
            doc, tu, en, nl = rows[i]
            planted = plant(kind, nl, en, rng)
            if planted is None or planted[0] == nl:
                continue
            eligible += 1
            if len(override) < args.max_per_kind:
                override[i], expected[i] = planted
        if not override:
            print(f"  {kind:<11} {0:>7}")
            continue
        findings = [f for f in ref_findings(make_context(rows, override)) if f.id not in clean_ids]
        # identical pairs give one finding (ids depend on the case-folded text, not position):
        # match on the normalised text
        hit_texts: dict[str, set[str]] = defaultdict(set)
        for f in findings:
            for loc in f.locations:
                hit_texts[_norm(loc.text)].add(f.check)
        caught = 0
        missed = []
        for i, check in expected.items():
            accepted = {check, "number.mismatch"} if check == "ref.date" else {check}
            hits = hit_texts.get(_norm(override[i]), set())
            if check == "ref.date":  # a date missing from the target is reported on the source side
                hits = hits | (hit_texts.get(_norm(rows[i][2]), set()) & {"number.mismatch"})
            if accepted & hits:
                caught += 1
            else:
                missed.append(i)
        total_planted += len(expected)
        total_caught += caught
        print(f"  {kind:<11} {len(expected):>7} {caught:>7} {100 * caught / len(expected):>6.1f}%"
              f"   (of {eligible} eligible pairs)")
        for i in missed[:3]:
            original = rows[i][3]
            at = next((k for k, (x, y) in enumerate(zip(original, override[i])) if x != y), 0)
            print(f"      missed: EN {rows[i][2][max(0, at - 60):at + 60]!r}\n"
                  f"              NL {original[max(0, at - 40):at + 40]!r}\n"
                  f"         planted {override[i][max(0, at - 40):at + 40]!r}")
    print(f"  {'all':<11} {total_planted:>7} {total_caught:>7} {100 * total_caught / max(1, total_planted):>6.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
