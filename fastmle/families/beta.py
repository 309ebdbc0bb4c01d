"""Beta distribution, ``scipy.stats.beta(a, b, loc, scale)`` (loc, scale fixed: 0, 1)."""
import math

import numpy as np
from scipy.special import betaln, polygamma, psi

from fastmle._py.special import betaln as betaln_
from fastmle._py.special import psi_diff
from fastmle.families._base import Family, SuffStats, inverse_series, power_edge
from fastmle.families.gamma import ENTROPY_SERIES as SERIES_A
from fastmle.families.norm import LOG_2PI

# the 1/x^k terms (k = 1..10) of Stirling's series of lgamma(x) - (x - 1) psi(x) (gamma's
# entropy series) and of lgamma(x) - (x - 2) psi(x)
SERIES_S = (-5 / 6, -1 / 6, -1 / 90, 1 / 60, 1 / 210, -1 / 126, -1 / 210, 1 / 120, 5 / 594,
            -1 / 66)


class Beta(Family, spec="beta"):
    """Beta: free (a, b), fixed loc and scale; statistics (sum log y, sum log1p(-y))."""

    end_shapes = ("a", "b")

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

    def _support(self, a, b):
        return 0.0, 1.0

    def _stats(self, a, b):
        s = a + b
        g2 = 6.0 * ((a - b) ** 2 * (s + 1.0) / (a * b * (s + 2.0) * (s + 3.0)) - 1.0 / (s + 3.0))
        return (a / s, (a / s) * (b / s) / (s + 1.0),
                2.0 * (b - a) / (s + 2.0) * math.sqrt((s + 1.0) / a / b), g2)

    def _entropy(self, a, b):
        if min(a, b) < 20.0:
            return betaln_(a, b) + (a - 1.0) * psi_diff(a, b) + (b - 1.0) * psi_diff(b, a)
        # Stirling's series of the same, whose terms cancel to O(log) for large a and b:
        # A(a) + A(b) - S(a + b) with A(x) = lgamma(x) - (x - 1) psi(x) and
        # S(x) = lgamma(x) - (x - 2) psi(x)
        s = a + b
        h = 0.5 * (1.0 + LOG_2PI + math.log(a / s) + math.log(b / s) - math.log(s))
        return (h + inverse_series(a, SERIES_A) + inverse_series(b, SERIES_A)
                - inverse_series(s, SERIES_S))

    def _rvs(self, a, b, size, random_state):
        return random_state.beta(a, b, size)


beta = Beta()
