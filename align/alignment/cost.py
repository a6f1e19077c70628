"""The cost of a bead: Gale-Church length cost plus lexical/anchor evidence plus a type prior.

Length model: nltk.translate.gale_church (its ``LanguageIndependent`` variance and
``norm_logsf``); the expected length ratio is measured on the document pair itself, so
Dutch running 10% longer than English costs nothing. Evidence: the weighted Dice overlap of the
two sides' key sets (see projection.py), which rewards a bead whose sides share numbers, act
references, dates, article numbers, names, cognates and lexicon translations.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from nltk.translate.gale_church import LanguageIndependent, norm_logsf

from align.alignment.projection import ProjectedSide, overlap

LOG2 = math.log(2)
_MAX_DELTA = 40.0

# Bead priors: nltk's LanguageIndependent priors where it has them; 1-3 and 3-1 added.
PRIORS: dict[tuple[int, int], float] = dict(LanguageIndependent.PRIORS)
PRIORS.update({(1, 3): 0.0045, (3, 1): 0.0045})


@dataclass(frozen=True)
class CostParams:
    lexical_weight: float = 16.0  # cost units per unit of Dice overlap
    skip_cost: float = 2.5  # cost of leaving one sentence unlinked (1-0 / 0-1)
    skip_length_weight: float = 0.0  # extra skip cost per 100 characters
    orphan_penalty: float = 1.0  # per member of a many-sentence bead that shares nothing with the other side
    orphan_min_mass: float = 5.0
    length_weight: float = 1.0  # scale of the Gale-Church length cost
    variance: float = LanguageIndependent.VARIANCE_CHARACTERS
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
        value = -(LOG2 + logsf)
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

    def orphans(self, i0: int, i1: int, j0: int, j1: int) -> int:
        """Members of a many-sentence bead with some content but nothing shared with the other
        side: such a sentence is more likely left out than merged."""
        count = 0
        limit = self.params.orphan_min_mass
        if i1 - i0 > 1:
            for i in range(i0, i1):
                if self.src.mass[i] >= limit and not any(self.pair_overlap(i, j) for j in range(j0, j1)):
                    count += 1
        if j1 - j0 > 1:
            for j in range(j0, j1):
                if self.tgt.mass[j] >= limit and not any(self.pair_overlap(i, j) for i in range(i0, i1)):
                    count += 1
        return count

    def skip(self, length: int) -> float:
        p = self.params
        return p.skip_cost + p.skip_length_weight * length / 100

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of linking source units [i0, i1) to target units [j0, j1)."""
        if i1 == i0:
            return self.skip(sum(self.tgt.lengths[j0:j1]))
        if j1 == j0:
            return self.skip(sum(self.src.lengths[i0:i1]))
        p = self.params
        total = (p.length_weight * length_cost(self.delta(i0, i1, j0, j1))
                 + self._prior[(i1 - i0, j1 - j0)]
                 - p.lexical_weight * self.similarity(i0, i1, j0, j1))
        if p.orphan_penalty and (i1 - i0 > 1 or j1 - j0 > 1):
            total += p.orphan_penalty * self.orphans(i0, i1, j0, j1)
        return total
