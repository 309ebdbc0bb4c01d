"""Inverse gamma distribution, ``scipy.stats.invgamma(a, loc, scale)`` (loc fixed, default 0)."""
import math

from scipy.special import gammaln, polygamma, psi

from fastmle.families._base import PositiveFamily, SuffStats
from fastmle.families.gamma import gamma


class Invgamma(PositiveFamily, spec="invgamma"):
    """Inverse gamma: free (a, scale), fixed loc; density y^(-a-1) exp(-1/y) /
    (Gamma(a) scale) on y = (x - loc) / scale > 0; statistics (sum 1/u, sum log u),
    u = x - loc (1/u is gamma(a, 1/scale) distributed)."""

    stats_class = SuffStats

    def stats_derivs(self, n, v, th):
        a, scale = th[0], th[1]
        sr, sl = v
        ls = math.log(scale)
        ll = -(a + 1) * sl + n * a * ls - scale * sr - n * gammaln(a)
        g = [-sl + n * ls - n * psi(a), n * a / scale - sr]
        h = [-n * polygamma(1, a), n / scale, -n * a / scale**2]
        return ll, g, h

    def _stats(self, a):
        nan, inf = math.nan, math.inf
        return (1.0 / (a - 1.0) if a > 1 else inf,
                1.0 / ((a - 1.0) ** 2 * (a - 2.0)) if a > 2 else inf,
                4.0 * math.sqrt(a - 2.0) / (a - 3.0) if a > 3 else nan,
                6.0 * (5.0 * a - 11.0) / ((a - 3.0) * (a - 4.0)) if a > 4 else nan)

    def _entropy(self, a):
        # a - (a + 1) psi(a) + lgamma(a): gamma's entropy (its series where the terms
        # cancel) minus 2 psi(a)
        return gamma._entropy(a) - 2.0 * psi(a)


invgamma = Invgamma()
