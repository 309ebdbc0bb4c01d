"""Geometric distribution, ``scipy.stats.geom(p)`` (support k >= 1)."""
from fastmle.families._base import Family, SuffStats
from fastmle.families.binom import xlogy


class Geom(Family):
    """Geometric: free (p,); statistic sum x."""

    name = "geom"
    param_names = ("p",)
    scipy_args = ("p",)
    constraints = {"p": "probability"}
    discrete = True
    stats_class = SuffStats
    support_text = "integers x >= 1"

    def stats_params(self, x, th):
        return []

    def stats_derivs(self, n, v, th):
        p = th[0]
        f = v[0] - n
        ll = xlogy(n, p) + xlogy(f, 1 - p)
        return ll, [n / p - f / (1 - p)], [-n / p**2 - f / (1 - p) ** 2]


geom = Geom()
