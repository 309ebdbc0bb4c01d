"""Gamma distribution, ``scipy.stats.gamma(a, loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np
from scipy.special import gammaln, polygamma, psi

from fastmle.families._base import PositiveFamily, SuffStats, inverse_series, power_edge

# a + lgamma(a) + (1 - a) psi(a) - (1 + log(2 pi a))/2 = sum c_k a^-k, k = 1..10 (from
# Stirling's series of lgamma and psi; the error at a >= 20 is below 1e-16)
ENTROPY_SERIES = (-1 / 3, -1 / 12, -1 / 90, 1 / 120, 1 / 210, -1 / 252, -1 / 210, 1 / 240,
                  5 / 594, -1 / 132)


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

    def _stats(self, a):
        return a, a, 2.0 / math.sqrt(a), 6.0 / a

    def _entropy(self, a):
        if a < 20.0:
            return a + gammaln(a) + (1.0 - a) * psi(a)
        # Stirling's series of the same (the terms above cancel to O(log a))
        return 0.5 * (1.0 + math.log(2.0 * math.pi * a)) + inverse_series(a, ENTROPY_SERIES)

    def _rvs(self, a, size, random_state):
        return random_state.standard_gamma(a, size)


gamma = Gamma()
