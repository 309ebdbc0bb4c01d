"""Weibull distribution, ``scipy.stats.weibull_min(c, loc, scale)`` (loc fixed, default 0)."""
import math

from scipy.special import zeta

from fastmle.families._base import PositiveFamily
from fastmle.families.gumbel_r import EULER


def lgamma_ratio(k, u):
    """lgamma(1 + k u) - k lgamma(1 + u): the series sum_j (-1)^j zeta(j) (k^j - k) u^j / j
    (its linear terms cancel exactly) where k u <= 1/2, else lgamma directly."""
    if k * u > 0.5:
        return math.lgamma(1.0 + k * u) - k * math.lgamma(1.0 + u)
    acc, j, uj = 0.0, 2, u * u
    while True:
        term = (-1) ** j * zeta(j) * (k**j - k) * uj / j
        acc += term
        if abs(term) <= 1e-17 * abs(acc):
            return acc
        j, uj = j + 1, uj * u


class WeibullMin(PositiveFamily, spec="weibull_min"):
    """Weibull (minimum): free (c, scale), fixed loc."""

    def fit_method(self, free):
        return "newton (profile likelihood)" if free.all() else "newton"

    def _stats(self, c):
        # central moments over mean^k from D_k = lgamma(1 + k/c) - k lgamma(1 + 1/c)
        # (m_k / m_1^k = exp(D_k)), no raw-moment differences
        e2, e3, e4 = (math.expm1(lgamma_ratio(k, 1.0 / c)) for k in (2, 3, 4))
        m1 = math.gamma(1.0 + 1.0 / c)
        mu3 = e3 - 3.0 * e2
        mu4 = e4 - 4.0 * e3 + 6.0 * e2
        return m1, m1 * m1 * e2, mu3 / e2**1.5, mu4 / (e2 * e2) - 3.0

    def _entropy(self, c):
        return -EULER / c - math.log(c) + EULER + 1.0


weibull_min = WeibullMin()
