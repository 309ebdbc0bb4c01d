"""Beta distribution, ``scipy.stats.beta(a, b, loc, scale)`` (loc, scale fixed: 0, 1)."""
import math

import numpy as np
from scipy.special import betaln, polygamma, psi

from fastmle.families._base import Family, SuffStats, power_edge


class Beta(Family, spec="beta"):
    """Beta: free (a, b), fixed loc and scale; statistics (sum log y, sum log1p(-y))."""

    stats_class = SuffStats

    def stats_params(self, x, th):
        return [th[2], th[3]]

    def stats_edges(self, x, th):
        # as beta_stats: y = (x - loc) / scale; edges y = 0 (~ y^(a-1)), y = 1 (~ (1-y)^(b-1))
        y = (x - th[2]) / th[3]
        inside = (y > 0) & (y < 1) | np.isnan(y)
        return np.where(inside, -1, np.where(y == 0, 0, np.where(y == 1, 1, 2)))

    def edge_logpdf(self, th):
        const = -betaln(th[0], th[1]) - math.log(th[3])
        return (power_edge(th[0] - 1.0, const), power_edge(th[1] - 1.0, const))

    def stats_derivs(self, n, v, th):
        a, b, scale = th[0], th[1], th[3]
        l1, l2 = v
        ll = (a - 1) * l1 + (b - 1) * l2 - n * betaln(a, b) - n * math.log(scale)
        pab = psi(a + b)
        tab = polygamma(1, a + b)
        g = [l1 - n * (psi(a) - pab), l2 - n * (psi(b) - pab)]
        h = [-n * (polygamma(1, a) - tab), n * tab, -n * (polygamma(1, b) - tab)]
        return ll, g, h


beta = Beta()
