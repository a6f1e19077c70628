"""The cost of a bead: Gale-Church length cost plus lexical/anchor evidence plus a type prior.

Length model: nltk.translate.gale_church (its ``LanguageIndependent`` variance and
``norm_logsf``); the expected length ratio is measured on the document pair itself, so
Dutch running 10% longer than English costs nothing. Evidence: the weighted Dice overlap of the
two sides' key sets (see projection.py), which rewards a bead whose sides share numbers, act
references, dates, article numbers, names, cognates and lexicon translations.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from nltk.translate.gale_church import LanguageIndependent, norm_logsf

from align.alignment.projection import ProjectedSide, overlap

LOG2 = math.log(2)
_MAX_DELTA = 40.0

# Bead priors: nltk's LanguageIndependent priors where it has them; 1-3 and 3-1 added.
PRIORS: dict[tuple[int, int], float] = dict(LanguageIndependent.PRIORS)
PRIORS.update({(1, 3): 0.0045, (3, 1): 0.0045})


# The constants chosen by benchmarks/align_quality.py --tune (how: see the file's "note").
PARAMS_FILE = Path(__file__).resolve().parent / "data" / "params.json"
TUNED_FIELDS = ("lexical_weight", "skip_cost", "orphan_penalty")


def shipped_params() -> dict[str, float]:
    """The tuned constants stored in data/params.json (empty if the file is missing)."""
    if not PARAMS_FILE.is_file():
        return {}
    return {k: float(v) for k, v in json.loads(PARAMS_FILE.read_text(encoding="utf-8"))["params"].items()}


_SHIPPED = shipped_params()


@dataclass(frozen=True)
class CostParams:
    lexical_weight: float = _SHIPPED.get("lexical_weight", 16.0)  # cost units per unit of Dice overlap
    skip_cost: float = _SHIPPED.get("skip_cost", 2.5)  # cost of leaving one sentence unlinked (1-0 / 0-1)
    skip_length_weight: float = 0.0  # extra skip cost per 100 characters
    # per member of a many-sentence bead that shares nothing with the other side
    orphan_penalty: float = _SHIPPED.get("orphan_penalty", 1.0)
    orphan_min_mass: float = 5.0
    length_weight: float = 1.0  # scale of the Gale-Church length cost
    variance: float = LanguageIndependent.VARIANCE_CHARACTERS
    band_width: int = 8  # search, not cost: +-units around the projected coarse path
    narrow_width: int = 3  # the band around confident coarse 1-1 beads
    prior_costs: dict = field(default_factory=lambda: {k: -math.log(v) for k, v in PRIORS.items()})


_LOGSF_CACHE: dict[int, float] = {}


def length_cost(delta: float) -> float:
    """-log P(|delta| this large) under the Gale-Church normal model, memoised on 0.01 steps."""
    key = int(min(abs(delta), _MAX_DELTA) * 100)
    value = _LOGSF_CACHE.get(key)
    if value is None:
        logsf = norm_logsf(key / 100)
        if logsf == float("-inf"):
            logsf = -((key / 100) ** 2) / 2 - math.log(key / 100 * math.sqrt(2 * math.pi))
        value = max(0.0, -(LOG2 + logsf))  # the erfc approximation dips just below 0 at delta 0
        _LOGSF_CACHE[key] = value
    return value


class BeadCoster:
    """Costs beads between two projected sides, caching the sentence-pair overlaps."""

    def __init__(self, src: ProjectedSide, tgt: ProjectedSide, params: CostParams | None = None,
                 ratio: float | None = None) -> None:
        self.src, self.tgt = src, tgt
        self.params = params or CostParams()
        total_s, total_t = sum(src.lengths), sum(tgt.lengths)
        self.ratio = ratio if ratio is not None else (total_t / total_s if total_s and total_t else 1.0)
        self._overlap: dict[tuple[int, int], float] = {}
        self._prior = self.params.prior_costs
        self._len_s = _prefix(src.lengths)
        self._len_t = _prefix(tgt.lengths)
        self._mass_s = _prefix(src.mass)
        self._mass_t = _prefix(tgt.mass)
        self._coarse = bool(src.counts or tgt.counts) and (max(src.counts or [1]) > 1 or max(tgt.counts or [1]) > 1)
        self._cnt_s = _prefix(src.counts or [1] * len(src.keys))
        self._cnt_t = _prefix(tgt.counts or [1] * len(tgt.keys))

    def pair_overlap(self, i: int, j: int) -> float:
        key = (i, j)
        value = self._overlap.get(key)
        if value is None:
            value = overlap(self.src.keys[i], self.tgt.keys[j])
            self._overlap[key] = value
        return value

    def delta(self, i0: int, i1: int, j0: int, j1: int) -> float:
        ls = sum(self.src.lengths[i0:i1])
        lt = sum(self.tgt.lengths[j0:j1])
        mean = (ls + lt / self.ratio) / 2
        if mean <= 0:
            return 0.0
        return (ls * self.ratio - lt) / math.sqrt(mean * self.params.variance)

    def similarity(self, i0: int, i1: int, j0: int, j1: int) -> float:
        shared = 0.0
        for i in range(i0, i1):
            for j in range(j0, j1):
                shared += self.pair_overlap(i, j)
        mass = sum(self.src.mass[i0:i1]) + sum(self.tgt.mass[j0:j1])
        if mass <= 0:
            return 0.0
        return min(1.0, 2 * shared / mass)

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of linking source units [i0, i1) to target units [j0, j1).

        The DP calls this hundreds of thousands of times, so it is written out flat; it computes
        length_cost(delta) + prior - lexical_weight * similarity (+ orphan penalty).
        """
        p = self.params
        if i1 == i0:  # one skip per sentence the unit holds (coarse units hold several)
            return (p.skip_cost * (self._cnt_t[j1] - self._cnt_t[j0])
                    + p.skip_length_weight * (self._len_t[j1] - self._len_t[j0]) / 100)
        if j1 == j0:
            return (p.skip_cost * (self._cnt_s[i1] - self._cnt_s[i0])
                    + p.skip_length_weight * (self._len_s[i1] - self._len_s[i0]) / 100)
        ls = self._len_s[i1] - self._len_s[i0]
        lt = self._len_t[j1] - self._len_t[j0]
        ratio = self.ratio
        mean = (ls + lt / ratio) / 2
        delta = (ls * ratio - lt) / math.sqrt(mean * p.variance) if mean > 0 else 0.0
        key = int(min(delta if delta >= 0 else -delta, _MAX_DELTA) * 100)
        lc = _LOGSF_CACHE.get(key)
        if lc is None:
            lc = length_cost(delta)
        cache = self._overlap
        a, b = i1 - i0, j1 - j0
        orphans = 0
        if a == 1 and b == 1:
            shared = cache.get((i0, j0))
            if shared is None:
                shared = self.pair_overlap(i0, j0)
        else:
            shared = 0.0
            limit = p.orphan_min_mass
            src_mass, tgt_mass = self.src.mass, self.tgt.mass
            col_shared = [0.0] * b
            for i in range(i0, i1):
                row = 0.0
                for k in range(b):
                    v = cache.get((i, j0 + k))
                    if v is None:
                        v = self.pair_overlap(i, j0 + k)
                    row += v
                    col_shared[k] += v
                shared += row
                if a > 1 and row == 0.0 and src_mass[i] >= limit:
                    orphans += 1
            if b > 1:
                for k in range(b):
                    if col_shared[k] == 0.0 and tgt_mass[j0 + k] >= limit:
                        orphans += 1
        mass = self._mass_s[i1] - self._mass_s[i0] + self._mass_t[j1] - self._mass_t[j0]
        sim = 0.0 if mass <= 0 else min(1.0, 2 * shared / mass)
        total = p.length_weight * lc + self._prior[(a, b)] - p.lexical_weight * sim + p.orphan_penalty * orphans
        if self._coarse:  # a coarse unit stands for several sentences: weigh it like that many beads
            scale = (self._cnt_s[i1] - self._cnt_s[i0] + self._cnt_t[j1] - self._cnt_t[j0]) / (a + b)
            total = p.length_weight * lc + scale * (self._prior[(a, b)] - p.lexical_weight * sim
                                                    + p.orphan_penalty * orphans)
        return total


def _prefix(values) -> list[float]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out
