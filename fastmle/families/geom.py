"""Geometric distribution, ``scipy.stats.geom(p)`` (support k >= 1)."""
import math

import numpy as np

from fastmle.families._base import Family, SuffStats
from fastmle.families.binom import bernoulli_stats_derivs


class Geom(Family, spec="geom"):
    """Geometric: free (p,); statistic sum x."""

    stats_class = SuffStats

    def stats_params(self, x, th):
        return []

    def stats_derivs(self, n, v, th):
        # n successes and sum(x) - n failures
        return bernoulli_stats_derivs(n, v[0] - n, th[0], 0.0)

    def _support(self, p):
        return 1, math.inf

    def _stats(self, p):
        q = 1.0 - p
        with np.errstate(all="ignore"):
            return (1.0 / p, q / p / p, np.divide(2.0 - p, np.sqrt(q)),
                    np.divide((p - 6.0) * p + 6.0, q))

    def _entropy(self, p):
        return -math.log(p) - math.log1p(-p) * (1.0 - p) / p if p < 1 else 0.0

    def _rvs(self, p, size, random_state):
        draws = random_state.geometric(p, size=size)
        # RandomState.geometric wraps around to negative values (scipy: the largest int)
        return np.where(draws < 0, np.iinfo(np.int64).max, draws)


geom = Geom()
