"""Binomial distribution, ``scipy.stats.binom(n, p)`` (n given, p free)."""
import math

from fastmle.families._base import Family, SuffStats


def xlogy(a, b):
    return a * math.log(b) if a else 0.0


class Binom(Family):
    """Binomial: free (p,), fixed n; statistics (sum x, sum log C(n, x))."""

    name = "binom"
    param_names = ("p",)
    fixed_names = ("n",)
    scipy_args = ("n", "p")
    constraints = {"p": "probability", "n": "count"}
    discrete = True
    stats_class = SuffStats
    support_text = "integers 0 <= x <= n"

    def stats_params(self, x, th):
        return [th[1]]

    def stats_derivs(self, count, v, th):
        p, n = th
        s, lc = v
        f = n * count - s
        ll = lc + xlogy(s, p) + xlogy(f, 1 - p)
        return ll, [s / p - f / (1 - p)], [-s / p**2 - f / (1 - p) ** 2]


binom = Binom()
