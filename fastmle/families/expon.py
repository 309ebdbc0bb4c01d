"""Exponential distribution, ``scipy.stats.expon(loc, scale)`` (loc fixed, default 0)."""
import math

from fastmle.families._base import PositiveFamily, SuffStats


class Expon(PositiveFamily, spec="expon"):
    """Exponential: free (scale,), fixed loc; statistic sum(x - loc)."""

    stats_class = SuffStats

    def stats_derivs(self, n, v, th):
        scale = th[0]
        s = v[0]
        ll = -n * math.log(scale) - s / scale
        return ll, [-n / scale + s / scale**2], [n / scale**2 - 2 * s / scale**3]

    def _stats(self):
        return 1.0, 1.0, 2.0, 6.0

    def _entropy(self):
        return 1.0

    def _rvs(self, size, random_state):
        return random_state.standard_exponential(size)


expon = Expon()
