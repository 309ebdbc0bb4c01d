"""Log-logistic (Fisk) distribution, ``scipy.stats.fisk(c, loc, scale)`` (loc fixed,
default 0).

Density ``c y^(c-1) / (scale (1 + y^c)^2)`` at ``y = (x - loc) / scale > 0``: ``log(y)``
is logistic with location ``log(scale)`` and scale ``1/c``.
"""
import math

from scipy.special import zeta

from fastmle.families._base import LOG_MOMENT_TERMS, PositiveFamily, positive_stats


class Fisk(PositiveFamily, spec="fisk"):
    """Fisk (log-logistic): free (c, scale), fixed loc."""

    def _stats(self, c):
        # E[X^k] = B(1 + k/c, 1 - k/c) = (pi k/c) / sin(pi k/c) for k < c (scipy: NaN
        # beyond); log E[X^t] = sum_n 2 zeta(2n)/(2n) (t/c)^(2n), the series used for c >= 5
        def logm(k):
            u = math.pi * k / c
            return math.log(u / math.sin(u))
        taylor = None
        if c >= 5.0:
            taylor = [2.0 * zeta(n) / n * c ** -n if n % 2 == 0 and n > 0 else 0.0
                      for n in range(LOG_MOMENT_TERMS + 1)]
        return positive_stats(lambda: logm(1), lambda k: logm(k) - k * logm(1),
                              sum(c > k for k in range(1, 5)), taylor, c)

    def _entropy(self, c):
        return 2.0 - math.log(c)


fisk = Fisk()
