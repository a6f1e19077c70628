#!/usr/bin/env python3
"""Alignment quality of `align` against gold alignments, with nltk's Gale-Church as baseline.

Sets:
  dgt       35 real DGT-TM EN-NL documents (corpora/dgt-en-nl/en-nl), EN as source.
            The lexicon is learned with IBM Model 1 leave-one-document-out: for each document,
            from the DGT pairs of the other 34 only (cached under --cache).
  textberg  Text+Berg DE-FR hand-aligned test0..6 (read in place from /work/shared; GPL, never
            copied into the repository). The DE-FR lexicon is learned at run time with IBM
            Model 1 from the separate dev document's gold beads (dev.de/dev.fr/dev.defr), never
            from the test documents, and never written into the repository.
Perturbations of DGT (--perturb): merge10 (10% of target sentences merged with the next one),
delete-paragraph (a block of consecutive target sentences deleted per document).

Prints one table: set, aligner, strict P/R/F1, lax F1, omission recall, seconds.
Metrics follow vecalign's score.py (precision over all test beads, recall over gold beads that
link both sides); omission recall = share of gold 1-0/0-1 beads found exactly.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nltk.translate import gale_church  # noqa: E402

from align.alignment import align_sentences  # noqa: E402
from align.alignment.lexicon import Lexicon, learn_ibm1, load_lexicon, save_lexicon  # noqa: E402
from align.alignment.confidence import COEFFICIENTS_FILE, fit_logistic, logistic  # noqa: E402
from align.alignment.scoring import Bead, parse_beads, score  # noqa: E402

DGT_DIR = REPO / "corpora" / "dgt-en-nl" / "en-nl"
DGT_PAIRS = REPO / "corpora" / "dgt-en-nl" / "dgt_en_nl_pairs.tsv"
TEXTBERG_DIR = Path("/work/shared/corpora-candidates/textberg-de-fr-gold")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def load_dgt() -> list[dict]:
    docs = []
    for gold in sorted(DGT_DIR.glob("*.gold")):
        doc = gold.stem
        docs.append({"id": doc, "src": read_lines(DGT_DIR / f"{doc}.en"), "tgt": read_lines(DGT_DIR / f"{doc}.nl"),
                     "gold": parse_beads(gold.read_text(encoding="utf-8")), "src_lang": "en", "tgt_lang": "nl"})
    return docs


def textberg_dev_lexicon() -> Lexicon:
    base = TEXTBERG_DIR / "dev"
    src, tgt = read_lines(base.with_suffix(".de")), read_lines(base.with_suffix(".fr"))
    gold = parse_beads(base.with_suffix(".defr").read_text(encoding="utf-8"))
    pairs = [(" ".join(src[i] for i in s), " ".join(tgt[j] for j in t)) for s, t in gold if s and t]
    return learn_ibm1(pairs, "de", "fr")


def load_textberg() -> list[dict] | None:
    if not (TEXTBERG_DIR / "test0.defr").is_file():
        return None
    docs = []
    for k in range(7):
        base = TEXTBERG_DIR / f"test{k}"
        docs.append({"id": f"test{k}", "src": read_lines(base.with_suffix(".de")),
                     "tgt": read_lines(base.with_suffix(".fr")),
                     "gold": parse_beads(base.with_suffix(".defr").read_text(encoding="utf-8")),
                     "src_lang": "de", "tgt_lang": "fr"})
    return docs


# ---------------------------------------------------------------- lexicon, leave one document out
def dgt_pairs() -> list[tuple[str, str, str]]:
    with DGT_PAIRS.open(encoding="utf-8", newline="") as handle:
        return [(row["doc_id"], row["en"], row["nl"]) for row in csv.DictReader(handle, delimiter="\t")]


def loo_lexicon(doc_id: str, pairs: list[tuple[str, str, str]], cache: Path) -> Lexicon:
    """IBM Model 1 lexicon learned from every DGT document except ``doc_id``."""
    digest = hashlib.sha1(DGT_PAIRS.read_bytes() + doc_id.encode()).hexdigest()[:16]
    path = cache / f"lexicon_loo_{digest}.tsv"
    if path.is_file():
        return load_lexicon(path)
    lexicon = learn_ibm1([(en, nl) for d, en, nl in pairs if d != doc_id], "en", "nl")
    cache.mkdir(parents=True, exist_ok=True)
    save_lexicon(lexicon, path, f"IBM Model 1 on DGT pairs without {doc_id}")
    return lexicon


# ---------------------------------------------------------------- perturbations
def perturb_merge(doc: dict, share: float, rng: random.Random) -> dict:
    """Join ``share`` of the target sentences with the next one; gold beads follow."""
    tgt = doc["tgt"]
    m = len(tgt)
    count = int(round(m * share))
    candidates = list(range(m - 1))
    rng.shuffle(candidates)
    chosen: set[int] = set()
    for j in candidates:
        if len(chosen) >= count:
            break
        if j - 1 in chosen or j + 1 in chosen or j in chosen:
            continue
        chosen.add(j)
    new_index, new_tgt = {}, []
    j = 0
    while j < m:
        if j in chosen:
            new_index[j] = new_index[j + 1] = len(new_tgt)
            new_tgt.append(tgt[j] + " " + tgt[j + 1])
            j += 2
        else:
            new_index[j] = len(new_tgt)
            new_tgt.append(tgt[j])
            j += 1
    return {**doc, "tgt": new_tgt, "gold": remap_gold(doc["gold"], new_index)}


def perturb_delete_block(doc: dict, rng: random.Random) -> dict:
    """Delete one block of consecutive target sentences (a paragraph): 5% of the document, 2..10."""
    tgt = doc["tgt"]
    m = len(tgt)
    size = max(2, min(10, m // 20))
    if m < size + 4:
        return doc
    start = rng.randrange(1, m - size - 1)
    deleted = set(range(start, start + size))
    new_index, new_tgt = {}, []
    for j, text in enumerate(tgt):
        if j not in deleted:
            new_index[j] = len(new_tgt)
            new_tgt.append(text)
    return {**doc, "tgt": new_tgt, "gold": remap_gold(doc["gold"], new_index)}


def remap_gold(gold: list[Bead], new_index: dict[int, int]) -> list[Bead]:
    """Gold beads after target sentences were merged or deleted: beads sharing a new target
    sentence merge; sources whose targets all vanished become 1-0."""
    beads: list[tuple[list[int], list[int]]] = []
    owner: dict[int, int] = {}
    for src, tgt in gold:
        new_t = sorted({new_index[j] for j in tgt if j in new_index})
        targets_owned = [owner[t] for t in new_t if t in owner]
        if targets_owned:
            k = targets_owned[0]
            beads[k][0].extend(src)
            for t in new_t:
                if t not in owner:
                    owner[t] = k
                    beads[k][1].append(t)
            continue
        if not new_t and tgt:  # every target deleted: each source becomes an omission
            for i in src:
                beads.append(([i], []))
            continue
        beads.append((list(src), new_t))
        for t in new_t:
            owner[t] = len(beads) - 1
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads]


# ---------------------------------------------------------------- aligners
def nltk_beads(src: list[str], tgt: list[str]) -> list[Bead]:
    """nltk gale_church on one block; its index pairs turned into beads fairly: connected
    components become beads, sentences it left unlinked become 1-0 / 0-1."""
    pairs = gale_church.align_blocks([max(1, len(s)) for s in src], [max(1, len(t)) for t in tgt])
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(("s", i))] = find(("t", j))
    groups: dict = {}
    for i, j in pairs:
        groups.setdefault(find(("s", i)), (set(), set()))
        groups[find(("s", i))][0].add(i)
        groups[find(("s", i))][1].add(j)
    beads = [(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups.values()]
    linked_s = {i for i, _ in pairs}
    linked_t = {j for _, j in pairs}
    beads += [((i,), ()) for i in range(len(src)) if i not in linked_s]
    beads += [((), (j,)) for j in range(len(tgt)) if j not in linked_t]
    return beads


def run_align(docs: list[dict], lexicons: dict[str, Lexicon] | None,
              features: list | None = None) -> tuple[list[list[Bead]], list]:
    tests, links_all = [], []
    for doc in docs:
        lexicon = lexicons.get(doc["id"]) if lexicons else Lexicon(doc["src_lang"], doc["tgt_lang"])
        doc_features: list = []
        links = align_sentences(doc["src"], doc["tgt"], doc["src_lang"], doc["tgt_lang"], lexicon=lexicon,
                                features_out=doc_features)
        if features is not None:
            features.append(doc_features)
        links_all.append(links)
        tests.append([(link.source, link.target) for link in links])
    return tests, links_all


def calibrate(sets: list[tuple[str, list[dict], list, list]], write: bool) -> None:
    """Fit the confidence model leave-one-document-out and print the reliability of the held-out
    predictions; with ``write``, fit on everything and store the coefficients."""
    docs = []  # (set, features per bead, labels per bead)
    for name, variant, features, links_all in sets:
        for doc, feats, links in zip(variant, features, links_all):
            gold = {(tuple(a), tuple(b)) for a, b in doc["gold"]}
            docs.append((name, feats, [1 if (l.source, l.target) in gold else 0 for l in links]))
    held_out = {}
    for k, (name, feats, labels) in enumerate(docs):
        rows = [r for j, (_, f, _) in enumerate(docs) if j != k for r in f]
        ys = [y for j, (_, _, lab) in enumerate(docs) if j != k for y in lab]
        coef = fit_logistic(rows, ys)
        held_out.setdefault(name, []).extend((logistic(r, coef), y) for r, y in zip(feats, labels))
    for name, points in held_out.items():
        print_reliability(f"{name} (confidence model fitted leave-one-document-out)", points)
    if write:
        rows = [r for _, f, _ in docs for r in f]
        ys = [y for _, _, lab in docs for y in lab]
        coef = fit_logistic(rows, ys)
        COEFFICIENTS_FILE.write_text(json.dumps({
            "note": "Logistic model of P(bead is in the gold alignment), fitted by benchmarks/align_quality.py "
                    "--fit-confidence --write-confidence on the 35 DGT EN-NL documents (LOO lexicons) and the "
                    "7 Text+Berg DE-FR test documents; reliability reported leave-one-document-out.",
            "beads": len(rows), "coefficients": {k: round(v, 6) for k, v in coef.items()}}, indent=1) + "\n",
            encoding="utf-8")
        print(f"# wrote {COEFFICIENTS_FILE}", file=sys.stderr)


def print_reliability(title: str, points: list[tuple[float, int]], bins: int = 5) -> None:
    brier = sum((c - y) ** 2 for c, y in points) / len(points)
    ece, table = 0.0, []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(c, y) for c, y in points if lo <= c < hi or (b == bins - 1 and c >= 1.0)]
        if sel:
            mean_c = sum(c for c, _ in sel) / len(sel)
            acc = sum(y for _, y in sel) / len(sel)
            ece += len(sel) / len(points) * abs(mean_c - acc)
            table.append(f"{lo:.1f}-{hi:.1f}: n={len(sel)} conf={mean_c:.2f} acc={acc:.2f}")
    print(f"# {title}: beads={len(points)} Brier={brier:.3f} ECE={ece:.3f}", file=sys.stderr)
    for line in table:
        print(f"#   {line}", file=sys.stderr)


def row(name: str, aligner: str, golds, tests, seconds: float) -> dict:
    s = score(golds, tests)
    return {"set": name, "aligner": aligner, "P": s.precision_strict, "R": s.recall_strict, "F1": s.f1_strict,
            "laxF1": s.f1_lax, "omission_recall": s.omission_recall, "omissions": s.omissions,
            "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="dgt,textberg", help="comma-separated: dgt,textberg")
    parser.add_argument("--perturb", default="none,merge10,delete-paragraph",
                        help="DGT perturbations to run besides the clean set (comma-separated)")
    parser.add_argument("--no-baseline", action="store_true", help="skip nltk gale_church")
    parser.add_argument("--lexicon", choices=["loo", "none"], default="loo", help="DGT lexicon: LOO IBM1 or none")
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents of each set (quick runs)")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "align-bench")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--reliability", action="store_true",
                        help="print the reliability of the shipped confidence model on the clean sets")
    parser.add_argument("--fit-confidence", action="store_true",
                        help="fit the confidence model leave-one-document-out and print its reliability")
    parser.add_argument("--write-confidence", action="store_true",
                        help="with --fit-confidence: store the model fitted on all documents")
    args = parser.parse_args(argv)

    wanted = set(args.sets.split(","))
    rows, rng = [], random.Random(13)
    calibration_sets = []
    if "dgt" in wanted:
        docs = load_dgt()
        if args.docs:
            docs = docs[:args.docs]
        lexicons = None
        if args.lexicon == "loo":
            pairs = dgt_pairs()
            t0 = time.perf_counter()
            lexicons = {d["id"]: loo_lexicon(d["id"], pairs, args.cache) for d in docs}
            print(f"# LOO lexicons ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        variants = [("dgt", docs)]
        for mode in [p for p in args.perturb.split(",") if p and p != "none"]:
            if mode == "merge10":
                variants.append(("dgt+merge10%", [perturb_merge(d, 0.10, rng) for d in docs]))
            elif mode == "delete-paragraph":
                variants.append(("dgt+del-para", [perturb_delete_block(d, rng) for d in docs]))
            else:
                parser.error(f"unknown perturbation {mode}")
        for name, variant in variants:
            golds = [d["gold"] for d in variant]
            features: list = []
            t0 = time.perf_counter()
            tests, links_all = run_align(variant, lexicons, features)
            rows.append(row(name, "align" + ("" if lexicons else " (no lexicon)"), golds, tests,
                            time.perf_counter() - t0))
            if name == "dgt":
                calibration_sets.append((name, variant, features, links_all))
            if not args.no_baseline:
                t0 = time.perf_counter()
                base = [nltk_beads(d["src"], d["tgt"]) for d in variant]
                rows.append(row(name, "nltk gale_church", golds, base, time.perf_counter() - t0))
    if "textberg" in wanted:
        docs = load_textberg()
        if docs is None:
            print(f"# Text+Berg gold not found at {TEXTBERG_DIR}; skipped", file=sys.stderr)
        else:
            if args.docs:
                docs = docs[:args.docs]
            golds = [d["gold"] for d in docs]
            t0 = time.perf_counter()
            dev_lexicon = textberg_dev_lexicon()
            features = []
            tests, links_all = run_align(docs, {d["id"]: dev_lexicon for d in docs}, features)
            rows.append(row("textberg de-fr", "align", golds, tests, time.perf_counter() - t0))
            calibration_sets.append(("textberg", docs, features, links_all))
            if not args.no_baseline:
                t0 = time.perf_counter()
                base = [nltk_beads(d["src"], d["tgt"]) for d in docs]
                rows.append(row("textberg de-fr", "nltk gale_church", golds, base, time.perf_counter() - t0))

    if args.reliability:
        for name, variant, _features, links_all in calibration_sets:
            points = []
            for doc, links in zip(variant, links_all):
                gold = {(tuple(a), tuple(b)) for a, b in doc["gold"]}
                points += [(link.confidence, 1 if (link.source, link.target) in gold else 0) for link in links]
            print_reliability(f"{name} (shipped confidence model)", points)
    if args.fit_confidence:
        calibrate(calibration_sets, args.write_confidence)

    print(f"{'set':<16} {'aligner':<22} {'P':>6} {'R':>6} {'F1':>6} {'laxF1':>6} {'omisR':>6} {'sec':>7}")
    for r in rows:
        print(f"{r['set']:<16} {r['aligner']:<22} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} {r['laxF1']:6.3f} "
              f"{r['omission_recall']:6.3f} {r['seconds']:7.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
