"""Log-normal distribution, ``scipy.stats.lognorm(s, loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np

from fastmle.families._base import PositiveFamily, MomentStats, first_finite, moments_from_sums
from fastmle.families.norm import LOG_2PI


class Lognorm(PositiveFamily, spec="lognorm"):
    """Log-normal: free (s, scale), fixed loc; statistics (mean, M2) of log(x - loc)."""

    stats_class = MomentStats

    def stats_params(self, x, th):
        loc = th[2]
        return [first_finite(x, lambda h: np.log(h - loc)), loc]

    def stats_from_sums(self, sums, s):
        return moments_from_sums(sums, s[0])

    def stats_derivs(self, n, v, th):
        s, scale = th[0], th[1]
        m, m2 = v
        d = m - math.log(scale)
        q = m2 + n * d * d
        ll = -n * m - n * math.log(s) - 0.5 * n * LOG_2PI - q / (2 * s * s)
        g = [-n / s + q / s**3, n * d / (s * s * scale)]
        h = [n / s**2 - 3 * q / s**4, -2 * n * d / (s**3 * scale),
             -n * (1 + d) / (s * s * scale * scale)]
        return ll, g, h

    def _stats(self, s):
        e = np.expm1(np.float64(s) * s)          # p - 1, p = exp(s^2)
        p = e + 1.0
        # scipy's p^4 + 2p^3 + 3p^2 - 6, expanded in e (no cancellation at small s)
        return np.sqrt(p), p * e, np.sqrt(e) * (2.0 + p), e * (16.0 + e * (15.0 + e * (6.0 + e)))

    def _entropy(self, s):
        return 0.5 * (1.0 + LOG_2PI) + math.log(s)

    def _rvs(self, s, size, random_state):
        return np.exp(s * random_state.standard_normal(size))


lognorm = Lognorm()
