"""Laplace (double exponential) distribution, ``scipy.stats.laplace(loc, scale)``."""
import math

import numpy as np

from fastmle.families._base import Family, diag_cov


class Laplace(Family, spec="laplace"):
    """Laplace (double exponential): free (loc, scale)."""

    def fit_cov(self, th, free, n):
        # the likelihood has a kink at the median: use the Fisher information,
        # diag(n / scale^2, n / scale^2)
        var = np.asarray(th)[..., 1] ** 2 / n
        return diag_cov(np.stack([var] * int(free.sum()), axis=-1))

    def _stats(self):
        return 0.0, 2.0, 0.0, 3.0

    def _entropy(self):
        return math.log(2.0) + 1.0

    def _rvs(self, size, random_state):
        return random_state.laplace(0.0, 1.0, size=size)


laplace = Laplace()
