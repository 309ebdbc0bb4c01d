"""Geometric distribution, ``scipy.stats.geom(p)`` (support k >= 1)."""
from fastmle.families._base import Family, SuffStats
from fastmle.families.binom import bernoulli_stats_derivs


class Geom(Family):
    """Geometric: free (p,); statistic sum x."""

    name = "geom"
    param_names = ("p",)
    scipy_args = ("p",)
    constraints = {"p": "probability_pos"}   # as scipy: p = 0 is not a distribution
    discrete = True
    stats_class = SuffStats
    support_text = "integers x >= 1"

    def stats_params(self, x, th):
        return []

    def stats_derivs(self, n, v, th):
        # n successes and sum(x) - n failures
        return bernoulli_stats_derivs(n, v[0] - n, th[0], 0.0)


geom = Geom()
