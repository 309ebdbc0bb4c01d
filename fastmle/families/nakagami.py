"""Nakagami distribution, ``scipy.stats.nakagami(nu, loc, scale)`` (loc fixed, default 0).

Density ``2 nu^nu / Gamma(nu) y^(2 nu - 1) exp(-nu y^2) / scale`` at
``y = (x - loc) / scale > 0``: ``y^2`` is gamma with shape ``nu`` and scale ``1/nu``, so
``scale^2 = mean((x - loc)^2)`` is the MLE of the scale for any ``nu``.
"""
import math

import numpy as np
from scipy.special import gammaln, psi, zeta

from fastmle._py.families import lgamma_stirling, t_lgamma_ratio
from fastmle.families._base import (LOG_MOMENT_TERMS, PositiveFamily, inverse_series,
                                    positive_stats)
from fastmle.families.gamma import ENTROPY_SERIES
from fastmle.families.norm import LOG_2PI


# as nu -> inf (u = 1/nu): skewness = sqrt(u) sum SKEW_SERIES[j] u^j and excess kurtosis
# = u^2 sum KURT_SERIES[j] u^j, exact rationals (sympy, from E[X^2] = 1,
# E[X^3] = E[X] (1 + u/2), E[X^4] = 1 + u and the asymptotic series of log E[X]); the
# truncation error is below 1e-15 relative for nu >= 30
SKEW_SERIES = (1 / 2, 5 / 32, -1 / 1024, -643 / 16384, 187 / 1048576, 539219 / 16777216,
               -44181 / 536870912, -416834835 / 8589934592, 78578643 / 1099511627776,
               2021738232407 / 17592186044416, -58182567295 / 562949953421312,
               -3538232276646101 / 9007199254740992)
KURT_SERIES = (3 / 16, 9 / 64, -45 / 1024, -495 / 4096, 1125 / 32768, 24525 / 131072,
               -211725 / 4194304, -7537275 / 16777216, 15810975 / 134217728,
               830826675 / 536870912, -3430231425 / 8589934592)


def power_series(u, coefs):
    """sum coefs[j] u^j (Horner)."""
    acc = 0.0
    for c in reversed(coefs):
        acc = acc * u + c
    return acc


class Nakagami(PositiveFamily, spec="nakagami"):
    """Nakagami: free (nu, scale), fixed loc."""

    def _stats(self, nu):
        # E[X^k] = Gamma(nu + k/2) / (Gamma(nu) nu^(k/2)); log E[X] = D(nu) of t's
        # lgamma ratio.  Skewness and kurtosis tend to 0 (a normal limit) from
        # cancelling terms: for nu >= 30 their series in 1/nu; below, the cumulants of
        # log X, psi^(n-1)(nu) / 2^n = (-1)^n (n-1)! zeta(n, nu) / 2^n, where that series
        # converges (2 nu >= 5, see positive_stats), else exp(D_k) differences
        d = t_lgamma_ratio(nu)[0]
        if nu >= 30.0:
            u = 1.0 / nu
            return (math.exp(d), -math.expm1(2.0 * d), math.sqrt(u) * power_series(u, SKEW_SERIES),
                    u * u * power_series(u, KURT_SERIES))

        def logm(k):
            return gammaln(nu + 0.5 * k) - gammaln(nu) - 0.5 * k * math.log(nu)
        taylor = None
        if nu >= 2.5:
            taylor = [0.0, 0.0] + [(-1.0 if n % 2 else 1.0) * zeta(n, nu) / (n * 2.0 ** n)
                                   for n in range(2, LOG_MOMENT_TERMS + 1)]
        return positive_stats(lambda: d, lambda k: logm(k) - k * logm(1), 4, taylor, 2.0 * nu)

    def _entropy(self, nu):
        if nu < 20.0:
            return gammaln(nu) + nu - (nu - 0.5) * psi(nu) - 0.5 * math.log(nu) - math.log(2.0)
        # gamma's entropy of nu minus (psi(nu) + log(nu)) / 2 + log 2, by Stirling's series
        # (the terms above cancel to O(log nu))
        return (0.5 * (1.0 + LOG_2PI - math.log(nu)) + inverse_series(nu, ENTROPY_SERIES)
                + 0.5 * lgamma_stirling(nu)[1] - math.log(2.0))

    def _rvs(self, nu, size, random_state):
        return np.sqrt(random_state.standard_gamma(nu, size=size) / nu)


nakagami = Nakagami()
