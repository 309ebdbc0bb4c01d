"""Double Weibull distribution, ``scipy.stats.dweibull(c, loc, scale)``."""
import math

import numpy as np

from fastmle.families._base import Family, diag_cov
from fastmle.families.weibull_min import lgamma_ratio, weibull_min


class DWeibull(Family, spec="dweibull"):
    """Double Weibull: free (c, loc, scale); |x - loc| / scale is weibull_min(c):
    logpdf = log(c/2) + (c - 1) log|y| - |y|^c - log(scale), y = (x - loc) / scale.

    With loc fixed, the fit is weibull_min's of |x - loc| (x = loc cannot be fitted:
    the density there is 0 or infinite).  With loc free the likelihood has a kink at
    every data point and, for c < 1, is infinite there: the fit runs from the mean
    (moved off the data) and reports a fit that reaches c <= 1 as ``"diverged"``; one
    with c > 1 is the likelihood's maximum between the two data points around it.
    """

    def fit_method(self, free):
        if not free[1] and free[0] and free[2]:
            return "newton (profile likelihood)"
        return super().fit_method(free)

    def fit_cov(self, th, free, n):
        # c fixed at 1 with loc free is laplace (the median, a kink of the likelihood):
        # laplace's Fisher information, diag(n / scale^2); else the observed information
        th = np.asarray(th)
        if free[0] or not free[1] or not np.all(th[..., 0] == 1.0):
            return None
        var = th[..., 2] ** 2 / n
        return diag_cov(np.stack([var] * int(free.sum()), axis=-1))

    def _stats(self, c):
        # symmetric: mean and skewness 0; variance Gamma(1 + 2/c), kurtosis from
        # lgamma(1 + 4/c) - 2 lgamma(1 + 2/c) without cancellation at large c
        return (0.0, math.gamma(1.0 + 2.0 / c), 0.0,
                math.expm1(lgamma_ratio(2.0, 2.0 / c)) - 2.0)

    def _entropy(self, c):
        return weibull_min._entropy(c) + math.log(2.0)

    def _rvs(self, c, size, random_state):
        # scipy's: a sign from one uniform, then weibull_min's draw (by inversion)
        u = random_state.uniform(size=size)
        w = weibull_min._rvs(c, size=size, random_state=random_state)
        return w * np.where(u >= 0.5, 1, -1)


dweibull = DWeibull()
