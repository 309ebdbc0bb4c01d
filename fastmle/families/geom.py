"""Geometric distribution, ``scipy.stats.geom(p)`` (support k >= 1)."""
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


geom = Geom()
