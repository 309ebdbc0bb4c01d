"""Burr type XII (Singh-Maddala) distribution, ``scipy.stats.burr12(c, d, loc, scale)``
(loc fixed, default 0).

Density ``c d y^(c-1) / (scale (1 + y^c)^(d+1))`` at ``y = (x - loc) / scale > 0``; fisk
is burr12 with ``d = 1``.  As ``d -> inf`` with ``scale ~ d^(1/c)`` it tends to a Weibull
(a ridge of the likelihood on Weibull-like data: the fit then reports divergence).
"""
import math

from scipy.special import gammaln, psi, zeta

from fastmle._py.special import lgamma_diff
from fastmle.families._base import LOG_MOMENT_TERMS, PositiveFamily, positive_stats
from fastmle.families.gumbel_r import EULER
from fastmle.families.weibull_min import lgamma_ratio


def burr12_log_moment_taylor(c, d):
    """Taylor coefficients a_n of log E[X^t] = lgamma(1 + t/c) + lgamma(d - t/c) - lgamma(d):
    c^-n ((-1)^n psi^(n-1)(1) + psi^(n-1)(d) (-1)^n) / n!, in Hurwitz zeta functions
    ((-1)^n zeta(n, 1) + zeta(n, d + 1)) / (n c^n) + 1 / (n (c d)^n) (psi^(n-1)(d) from
    psi^(n-1)(d + 1): no factorials, no overflow at tiny d)."""
    out = [0.0, 0.0]
    for n in range(2, LOG_MOMENT_TERMS + 1):
        sign = -1.0 if n % 2 else 1.0
        out.append((sign * zeta(n, 1.0) + zeta(n, d + 1.0)) / n * c ** -n + (c * d) ** -n / n)
    return out


class Burr12(PositiveFamily, spec="burr12"):
    """Burr XII: free (c, d, scale), fixed loc."""

    def _stats(self, c, d):
        # E[X^k] = d B(1 + k/c, d - k/c) for k < c d (scipy: NaN beyond): with u = 1/c,
        # log E[X^k] = lgamma(1 + k u) + G(k u), G(s) = lgamma(d - s) - lgamma(d)
        u = 1.0 / c

        def dk(k):
            # weibull_min's lgamma(1 + k u) - k lgamma(1 + u), and G(k u) - k G(u) as the
            # series sum_n zeta(n, d)/n ((k u)^n - k u^n) where k u <= d/2
            if k * u > 0.5 * d:
                h = k * lgamma_diff(d - u, u) - lgamma_diff(d - k * u, k * u)
            else:
                h, n = 0.0, 2
                while True:
                    term = zeta(n, d) / n * ((k * u) ** n - k * u ** n)
                    h += term
                    if abs(term) <= 1e-17 * abs(h) or n > 200:
                        break
                    n += 1
            return lgamma_ratio(k, u) + h

        radius = min(c, c * d)
        taylor = burr12_log_moment_taylor(c, d) if radius >= 5.0 else None
        return positive_stats(lambda: gammaln(1.0 + u) - lgamma_diff(d - u, u), dk,
                              sum(c * d > k for k in range(1, 5)), taylor, radius)

    def _entropy(self, c, d):
        # E[log(1 + X^c)] = 1/d, E[log X] = -(EULER + psi(d)) / c
        return (1.0 - math.log(c) + EULER * (1.0 - 1.0 / c) + (psi(d) - math.log(d)) + 1.0 / d
                - psi(d) / c)


burr12 = Burr12()
