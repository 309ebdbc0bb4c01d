"""Pareto distribution, ``scipy.stats.pareto(b, loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np

from fastmle.families._base import PositiveFamily, diag_cov


class Pareto(PositiveFamily, spec="pareto"):
    """Pareto: free (b, scale), fixed loc; support x >= loc + scale."""

    def fit_cov(self, th, free, n):
        # scale's MLE is the sample minimum, a boundary estimate without a Wald
        # standard error; b's is b^2 / n (the inverse information)
        b2n = np.asarray(th)[..., 0] ** 2 / n
        return diag_cov(np.stack([b2n, np.full_like(b2n, np.nan)], axis=-1)[..., free])

    def _support(self, b):
        return 1.0, math.inf

    def _stats(self, b):
        nan, inf = math.nan, math.inf
        return (b / (b - 1.0) if b > 1 else inf,
                b / (b - 2.0) / (b - 1.0) ** 2 if b > 2 else inf,
                2.0 * (b + 1.0) * math.sqrt(b - 2.0) / ((b - 3.0) * math.sqrt(b)) if b > 3 else nan,
                6.0 * (((b + 1.0) * b - 6.0) * b - 2.0) / (((b - 7.0) * b + 12.0) * b)
                if b > 4 else nan)

    def _entropy(self, b):
        return 1.0 + 1.0 / b - math.log(b)


    def loc_bound(self, th, isfree, m):
        # support x >= loc + scale: with scale fixed, loc <= m - scale; with scale free,
        # scale = m - loc -> 0 as loc -> m
        return m if isfree[1] else m - th[1]

pareto = Pareto()
