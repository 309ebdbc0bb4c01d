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


expon = Expon()
