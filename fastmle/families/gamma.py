"""Gamma distribution, ``scipy.stats.gamma(a, loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np
from scipy.special import gammaln, polygamma, psi

from fastmle.families._base import PositiveFamily, SuffStats, power_edge


class Gamma(PositiveFamily, spec="gamma"):
    """Gamma: free (a, scale), fixed loc; statistics (sum y, sum log y), y = x - loc."""

    stats_class = SuffStats

    def stats_edges(self, x, th):
        # as gamma_stats: y = x - loc; the edge y = 0 (density ~ y^(a-1))
        y = x - th[2]
        return np.where((y > 0) & (y < np.inf) | np.isnan(y), -1, np.where(y == 0, 0, 1))

    def edge_logpdf(self, th):
        return (power_edge(th[0] - 1.0, -gammaln(th[0]) - math.log(th[1])),)

    def stats_derivs(self, n, v, th):
        a, scale = th[0], th[1]
        sy, sl = v
        ls = math.log(scale)
        ll = (a - 1) * sl - sy / scale - n * gammaln(a) - n * a * ls
        g = [sl - n * psi(a) - n * ls, sy / scale**2 - n * a / scale]
        h = [-n * polygamma(1, a), -n / scale, -2 * sy / scale**3 + n * a / scale**2]
        return ll, g, h


gamma = Gamma()
