"""Exponential distribution, ``scipy.stats.expon(loc, scale)`` (loc fixed, default 0)."""
import math

from fastmle.families._base import PositiveFamily, SuffStats


class Expon(PositiveFamily):
    """Exponential: free (scale,), fixed loc; statistic sum(x - loc)."""

    name = "expon"
    param_names = ("scale",)
    scipy_args = ("loc", "scale")
    constraints = {"scale": "positive"}
    stats_class = SuffStats
    support_text = "values x >= loc"

    def stats_derivs(self, n, v, th):
        scale = th[0]
        s = v[0]
        ll = -n * math.log(scale) - s / scale
        return ll, [-n / scale + s / scale**2], [n / scale**2 - 2 * s / scale**3]


expon = Expon()
